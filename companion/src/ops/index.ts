export { Operations, runOperation } from './operations.js';
export {
  OperationStore,
  publicOperation,
  type Operation,
  type OperationStatus,
  type PublicOperation,
} from './operation-store.js';
export { reconcile, lastReconcile, type ReconcileReport } from './reconcile.js';
