export { objectContext, type ObjectContext } from './context.js';
export { applyLifecycle, flushObject, syncIds, RetryLaterError, type OutboundDeps } from './flush.js';
export { SalesforceIngest, type ChangeEvent } from './ingest.js';
export { planRecords, pushRecords, type PushDeps, type PushResult } from './push.js';
export { cachedUserTable, type UserTableSource } from './users.js';
