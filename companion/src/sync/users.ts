import type { UserTable } from './types.js';

export interface AlowareUser {
  id: string | number;
  email?: string | null;
}

export interface SalesforceUser {
  Id: string;
  Email?: string | null;
  IsActive?: boolean;
}

function emailKey(email: string | null | undefined): string | null {
  const key = email?.trim().toLowerCase();
  return key ? key : null;
}

/**
 * Pair Aloware users with Salesforce users by email, case-insensitively. The table is one-to-one: when an
 * email appears on several users of one side, the lowest id wins, so the result never depends on order.
 * Inactive Salesforce users are skipped (they cannot own records).
 */
export function matchUsers(
  aloware: readonly AlowareUser[],
  salesforce: readonly SalesforceUser[],
): UserTable {
  const sfByEmail = new Map<string, string>();
  for (const user of [...salesforce].sort((a, b) => (a.Id < b.Id ? -1 : 1))) {
    const key = emailKey(user.Email);
    if (key && user.IsActive !== false && !sfByEmail.has(key)) sfByEmail.set(key, user.Id);
  }
  const alowareToSalesforce = new Map<string, string>();
  const salesforceToAloware = new Map<string, string>();
  const sortedAloware = [...aloware].map((u) => ({ id: String(u.id), email: u.email }));
  sortedAloware.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  for (const user of sortedAloware) {
    const sfId = sfByEmail.get(emailKey(user.email) ?? '');
    if (!sfId || salesforceToAloware.has(sfId)) continue;
    alowareToSalesforce.set(user.id, sfId);
    salesforceToAloware.set(sfId, user.id);
  }
  return { alowareToSalesforce, salesforceToAloware };
}

export const EMPTY_USER_TABLE: UserTable = { alowareToSalesforce: new Map(), salesforceToAloware: new Map() };
