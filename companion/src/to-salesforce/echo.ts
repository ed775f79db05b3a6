import { contactValues } from '../aloware/contact-values.js';
import type { AlowareContactBody } from '../aloware/webhooks.js';
import type { ActiveConfig, Link } from '../store/index.js';
import { ALOWARE_FIELD_NAMES, canonicalFromAloware, expandAlowareName, fieldKey } from '../sync/index.js';
import { contextFor, type ToSalesforceDeps } from './deps.js';

/**
 * Echo suppression without any API call: a contact event for a linked record whose mapped values (those the
 * payload carries) all equal the last synced fingerprint changes nothing — it is the echo of the companion's
 * own write to Aloware, or an edit of unmapped fields. Only a difference is worth a lookup and a merge.
 */
export async function isEcho(
  deps: ToSalesforceDeps,
  config: ActiveConfig,
  link: Link,
  contact: AlowareContactBody,
): Promise<boolean> {
  const fingerprint = await deps.store.fingerprints.get(link.salesforceId);
  if (!fingerprint) return false;
  const { rows, context } = await contextFor(deps, config, link.object);
  const values = expandAlowareName(contactValues(contact, ALOWARE_FIELD_NAMES));
  for (const row of rows) {
    const raw = values[row.alowareField];
    if (raw === undefined) continue;
    const key = fieldKey(row);
    const canonical = canonicalFromAloware(row, raw, context);
    if ((fingerprint[key] ?? null) !== canonical) return false;
  }
  return true;
}
