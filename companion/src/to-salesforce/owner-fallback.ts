import type { SaveResult } from '../salesforce/gateway.js';
import { failedSave } from '../salesforce/errors.js';
import type { ToSalesforceDeps } from './deps.js';

export const INACTIVE_OWNER = 'INACTIVE_OWNER_OR_USER';
export const CONVERTED_LEAD = 'CANNOT_UPDATE_CONVERTED_LEAD';

/** True when the failed save carries this Salesforce error code (among possibly several). */
export function failedWith(result: SaveResult, code: string): boolean {
  return !result.success && result.errors.some((e) => e.code === code);
}

/** A write whose thrown API rejection (jsforce) becomes a failed result, so its codes can be inspected. */
export async function settled<T extends SaveResult>(
  pending: Promise<T>,
  extra: Omit<T, keyof SaveResult>,
): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    return { ...extra, ...failedSave(err) } as T;
  }
}

/**
 * Writes `values`; when Salesforce refuses the owner as inactive (the user was deactivated after the user
 * table was read), writes again without `OwnerId` — the record gets the default owner, the integration user
 * the companion runs as — and refreshes the user table. `ownerDropped` tells the caller to say so in the sync log.
 */
export async function writeWithOwnerFallback<T extends SaveResult>(
  deps: Pick<ToSalesforceDeps, 'users' | 'logger'>,
  values: Record<string, unknown>,
  write: (values: Record<string, unknown>) => Promise<T>,
): Promise<{ result: T; ownerDropped: boolean }> {
  const result = await write(values);
  if (!failedWith(result, INACTIVE_OWNER) || values.OwnerId === undefined) {
    return { result, ownerDropped: false };
  }
  const { OwnerId: ownerId, ...rest } = values;
  deps.logger.warn({ ownerId }, 'owner is an inactive Salesforce user; writing with the default owner');
  deps.users.refresh?.();
  return { result: await write(rest), ownerDropped: true };
}

/** The sync-log decision that records the fallback (no values: the field name and the reason). */
export const DEFAULT_OWNER_DECISION = {
  field: 'OwnerId',
  winner: 'none',
  reason: 'owner_inactive_default_owner',
  direction: 'to_salesforce',
} as const;
