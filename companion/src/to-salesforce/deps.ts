import type { AlowareClient } from '../aloware/client.js';
import type { Logger } from '../logging/index.js';
import { objectContext, type ObjectContext } from '../mapping/context.js';
import type { UserTableSource } from '../mapping/users.js';
import type {
  IdentityLookup,
  OrgMetadata,
  RecordReader,
  RecordWriter,
  TaskWriter,
} from '../salesforce/gateway.js';
import type { ActiveConfig, Store } from '../store/index.js';
import type { MappingRow, SfObject } from '../sync/index.js';

/** What the Aloware → Salesforce workers use; every part is an adapter passed in. */
export interface ToSalesforceDeps {
  /** Finding and writing records, record links (`instanceUrl`), and Tasks for the activity writers built on these deps. */
  gateway: RecordReader & IdentityLookup & RecordWriter & TaskWriter & Pick<OrgMetadata, 'instanceUrl'>;
  aloware: AlowareClient;
  store: Store;
  /** Aloware ↔ Salesforce users by email (shared with the Salesforce → Aloware path). */
  users: UserTableSource;
  logger: Logger;
}

/** Mapping rows of one object (the config cache already applied the default mapping). */
export function rowsOf(config: ActiveConfig, object: SfObject): MappingRow[] {
  return config.mappings[object] ?? [];
}

/** Rows that exist in the org, the conversion context and the fields to read, for one object. */
export async function contextFor(
  deps: Pick<ToSalesforceDeps, 'gateway' | 'users'>,
  config: ActiveConfig,
  object: SfObject,
): Promise<ObjectContext> {
  return objectContext(object, config, deps.gateway, await deps.users.table());
}

/** Salesforce fields to read before a merge: the context's fields plus the record's Aloware id. */
export function fieldsToRead(ctx: ObjectContext): string[] {
  return [...new Set(['Id', 'Aloware_Contact_Id__c', ...ctx.fields])];
}

/** The agent's Salesforce user (matched by email), or null. */
export async function salesforceUserOf(
  deps: Pick<ToSalesforceDeps, 'users'>,
  alowareUserId: string | null | undefined,
): Promise<string | null> {
  if (!alowareUserId) return null;
  const table = await deps.users.table();
  return table.alowareToSalesforce.get(String(alowareUserId)) ?? null;
}
