import type { ChainableCommander } from 'ioredis';
import type { AlowareClient } from '../aloware/client.js';
import type { Logger } from '../logging/index.js';
import type { OrgMetadata } from '../salesforce/gateway.js';
import type { ActiveConfig, Store } from '../store/index.js';
import { DEFAULT_REP_POLICY, maskPhone, type AlowareValues, type LinkTarget } from '../sync/index.js';

/**
 * The link back from Aloware: the Lightning URL of the record an Aloware contact is linked to, written to the
 * Aloware field the settings name (`Record_Link_Field__c`, default `csf1`; Aloware's own integration shows such
 * a link on its contact card, see companion/sandbox/aloware/README.md). It is derived from the link store
 * every time, so whichever path moved the link (conversion, merge, priority change, delete) the same call
 * puts it right. What was last written per phone is remembered: an unchanged link costs no request, and a
 * blank is only written to a contact that carried our link.
 */
export interface RecordLinkDeps {
  aloware: Pick<AlowareClient, 'upsertContact'>;
  gateway: Pick<OrgMetadata, 'instanceUrl'>;
  store: Store;
  logger: Logger;
}

/** `https://acme.my.salesforce.com` → `https://acme.lightning.force.com/lightning/r/Contact/003…/view`. */
function lightningUrl(instanceUrl: string, target: LinkTarget): string {
  const base = instanceUrl.replace(/\/$/, '').replace(/\.my\.salesforce\.com$/, '.lightning.force.com');
  return `${base}/lightning/r/${target.object}/${target.id}/view`;
}

const writtenKey = (store: Store, phone: string) => store.keys.key('reclink', phone);

/**
 * The values to add to a write for `phone` so the contact carries the link to `target` (null = unlinked),
 * or null when the contact already carries exactly that. Moving to another field blanks the old one.
 */
export async function recordLinkValues(
  deps: Pick<RecordLinkDeps, 'gateway' | 'store'>,
  config: ActiveConfig,
  phone: string,
  target: LinkTarget | null,
): Promise<AlowareValues | null> {
  const field = (config.policy ?? DEFAULT_REP_POLICY).records.linkField;
  const raw = await deps.store.redis.get(writtenKey(deps.store, phone));
  const [oldField, oldUrl] = raw ? [raw.slice(0, raw.indexOf(' ')), raw.slice(raw.indexOf(' ') + 1)] : [];
  const url = field && target ? lightningUrl(await deps.gateway.instanceUrl(), target) : '';
  if (!raw && !url) return null;
  if (oldField === (field ?? '') && oldUrl === url) return null;
  const values: AlowareValues = {};
  if (oldField && oldField !== field) values[oldField] = '';
  if (field) values[field] = url;
  return values;
}

/** Remembers what a successful write put on the contact (the output of `recordLinkValues`). */
async function recordLinkWritten(
  store: Store,
  config: ActiveConfig,
  phone: string,
  values: AlowareValues,
): Promise<void> {
  const tx = store.redis.multi();
  recordLinkWrittenIn(tx, store, config, phone, values);
  await tx.exec();
}

/** `recordLinkWritten` as part of a caller's transaction. */
export function recordLinkWrittenIn(
  tx: ChainableCommander,
  store: Store,
  config: ActiveConfig,
  phone: string,
  values: AlowareValues,
): void {
  const field = (config.policy ?? DEFAULT_REP_POLICY).records.linkField;
  const url = field ? (values[field] ?? '') : '';
  if (field && url) tx.set(writtenKey(store, phone), `${field} ${url}`);
  else tx.del(writtenKey(store, phone));
}

/** Puts the contact of `phone` right: the link of the record now linked to it, or a blank. Call under its lock. */
export async function syncRecordLink(deps: RecordLinkDeps, phone: string): Promise<void> {
  const config = await deps.store.config.get();
  const link = await deps.store.links.byPhone(phone);
  const target = link ? { id: link.salesforceId, object: link.object } : null;
  const values = await recordLinkValues(deps, config, phone, target);
  if (!values) return;
  await deps.aloware.upsertContact({ ...values, phone_number: phone }, { forceUpdate: true });
  await recordLinkWritten(deps.store, config, phone, values);
  deps.logger.info(
    { phone: maskPhone(phone), salesforceId: target?.id ?? null, fields: Object.keys(values) },
    'record link written to aloware',
  );
}
