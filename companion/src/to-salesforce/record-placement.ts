import type { IdentityLookup } from '../salesforce/gateway.js';
import type { ActiveConfig } from '../store/index.js';
import { DEFAULT_REP_POLICY, type AlowareValues, type Decision, type SfObject } from '../sync/index.js';

/**
 * Who owns a record created from Aloware and, for a Contact, which Account it belongs to (settings
 * `Default_Owner_Id__c`, `Match_Account_By_Domain__c`, `Default_Account_Id__c`). The owner is the agent's
 * Salesforce user matched by email (the mapping already put it in `OwnerId`), else the default user or queue (a
 * queue only for Leads: Contacts cannot be owned by one), else the integration user. The Account is the one
 * whose Website has the email's domain (exactly one), else the default Account, else none. Each choice is a
 * decision in the sync log.
 */
export interface Placement {
  fields: Record<string, string>;
  decisions: Decision[];
}

const decision = (field: string, reason: string): Decision => ({
  field,
  winner: 'none',
  reason,
  direction: 'to_salesforce',
});

/** `https://www.Acme.com/about` → `acme.com`. */
function hostOf(website: unknown): string | null {
  if (typeof website !== 'string' || !website.trim()) return null;
  const host = website
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .split(/[/?#:]/)[0]!;
  return host.replace(/^www\./, '') || null;
}

export async function placementFor(
  gateway: Pick<IdentityLookup, 'accountsByWebsite'>,
  config: ActiveConfig,
  object: SfObject,
  values: Record<string, unknown>,
  aloware: AlowareValues,
): Promise<Placement> {
  const rules = (config.policy ?? DEFAULT_REP_POLICY).records;
  const fields: Record<string, string> = {};
  const decisions: Decision[] = [];
  const queueOk = object === 'Lead' || !rules.defaultOwnerId?.startsWith('00G');
  if (typeof values.OwnerId === 'string') decisions.push(decision('OwnerId', 'owner_agent_by_email'));
  else if (rules.defaultOwnerId && queueOk) {
    fields.OwnerId = rules.defaultOwnerId;
    decisions.push(decision('OwnerId', 'owner_default'));
  } else decisions.push(decision('OwnerId', 'owner_integration_user'));
  if (object !== 'Contact' || typeof values.AccountId === 'string') return { fields, decisions };
  const domain = rules.matchAccountByDomain ? emailDomain(aloware.email) : null;
  const matched = domain ? await accountsWithDomain(gateway, domain) : [];
  if (matched.length === 1) {
    fields.AccountId = matched[0]!;
    decisions.push(decision('AccountId', 'account_by_email_domain'));
  } else if (rules.defaultAccountId) {
    fields.AccountId = rules.defaultAccountId;
    decisions.push(
      decision('AccountId', matched.length > 1 ? 'account_domain_ambiguous_default' : 'account_default'),
    );
  } else
    decisions.push(decision('AccountId', matched.length > 1 ? 'account_domain_ambiguous' : 'account_none'));
  return { fields, decisions };
}

function emailDomain(email: unknown): string | null {
  if (typeof email !== 'string') return null;
  const at = email.lastIndexOf('@');
  const domain =
    at > 0
      ? email
          .slice(at + 1)
          .trim()
          .toLowerCase()
      : '';
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) ? domain : null;
}

/** Accounts whose Website host is `domain` (a LIKE narrows, the host comparison decides). */
async function accountsWithDomain(
  gateway: Pick<IdentityLookup, 'accountsByWebsite'>,
  domain: string,
): Promise<string[]> {
  const accounts = await gateway.accountsByWebsite(domain);
  return accounts.filter((r) => hostOf(r.Website) === domain).map((r) => r.Id);
}
