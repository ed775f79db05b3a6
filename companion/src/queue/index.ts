export * from './names.js';
export { BULLMQ_REDIS_OPTIONS, connect } from './connection.js';
export { createQueues, closeQueues, queueDepths, type Queues } from './queues.js';
export { ChangeBuffer, type SalesforceChange, type LifecycleJob } from './sf-changes.js';
export { sfChangesWorker, type WorkerOptions } from './workers.js';
