import { canonicalText, NOT_PROVIDED } from './values.js';
import type { AlowareValues, SfObject, SfValue } from './types.js';

export { NOT_PROVIDED };

/**
 * Aloware may send only `name`. When `first_name` and `last_name` are both blank, split it: the last word
 * is the last name, the rest the first name. The input is not modified.
 */
export function expandAlowareName(values: AlowareValues): AlowareValues {
  if (canonicalText(values.first_name) !== null || canonicalText(values.last_name) !== null) return values;
  const name = canonicalText(values.name);
  if (name === null) return values;
  const parts = name.split(' ');
  const last = parts.pop() as string;
  return { ...values, first_name: parts.length > 0 ? parts.join(' ') : null, last_name: last };
}

/**
 * Fill what Salesforce requires on create: `LastName` (from the first name when only that is known, else
 * `[not provided]`) and, for a Lead, `Company`.
 */
export function withRequiredCreateFields(
  object: SfObject,
  values: Record<string, SfValue>,
): Record<string, SfValue> {
  const out = { ...values };
  if (canonicalText(out.LastName) === null) {
    const first = canonicalText(out.FirstName);
    out.LastName = first ?? NOT_PROVIDED;
    if (first !== null) out.FirstName = null;
  }
  if (object === 'Lead' && canonicalText(out.Company) === null) out.Company = NOT_PROVIDED;
  return out;
}

/**
 * When a merge writes `first_name` or `last_name` to a contact that carries a `name`, write both parts and
 * the matching `name`, so the full name never contradicts (and is never re-split into) the new parts.
 */
export function withConsistentName(aloware: AlowareValues, toAloware: AlowareValues): AlowareValues {
  if (!('first_name' in toAloware) && !('last_name' in toAloware)) return toAloware;
  if ('name' in toAloware || canonicalText(aloware.name) === null) return toAloware;
  const expanded = expandAlowareName(aloware);
  const first = 'first_name' in toAloware ? toAloware.first_name : (expanded.first_name ?? null);
  const last = 'last_name' in toAloware ? toAloware.last_name : (expanded.last_name ?? null);
  const name = [canonicalText(first), canonicalText(last)].filter((p) => p !== null).join(' ');
  return { ...toAloware, first_name: first, last_name: last, name: name === '' ? null : name };
}
