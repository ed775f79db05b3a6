/**
 * Loads the seed into the Salesforce emulator through its control route `/__sandbox/seed` with `notify: false`:
 * the records exist as if they had been there before the package was installed (no trigger fires), which is
 * what the initial one-time pull is for.
 */
import { generateSeed, type SeedOptions, type SeedRecord } from './seed.js';

export interface SeededOrg {
  userIds: string[];
  leadIds: string[];
  contactIds: string[];
  sharedPhones: string[];
}

interface SeedAnswer {
  created: number;
  ids: string[];
  errors: { index: number; errors: unknown }[];
}

async function seedObject(sfUrl: string, object: string, records: SeedRecord[]): Promise<string[]> {
  const res = await fetch(`${sfUrl}/__sandbox/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ object, records, notify: false }),
  });
  const body = (await res.json()) as SeedAnswer;
  if (!res.ok || body.errors.length > 0)
    throw new Error(`seeding ${object} failed (${res.status}): ${JSON.stringify(body.errors?.[0] ?? body)}`);
  return body.ids;
}

export async function seedSalesforce(sfUrl: string, opts: SeedOptions = {}): Promise<SeededOrg> {
  const info = (await (await fetch(`${sfUrl}/__sandbox/info`)).json()) as {
    repUserId: string;
    queueId: string;
  };
  const users = generateSeed([], null, opts).users;
  const existing = (await (await fetch(`${sfUrl}/__sandbox/records/User`)).json()) as {
    records: { Id: string; Username: string }[];
  };
  const known = new Map(existing.records.map((u) => [u.Username, u.Id]));
  const missing = users.filter((u) => !known.has(u.Username));
  const createdIds =
    missing.length > 0 ? await seedObject(sfUrl, 'User', missing as unknown as SeedRecord[]) : [];
  missing.forEach((u, i) => known.set(u.Username, createdIds[i]!));
  const userIds = [info.repUserId, ...users.map((u) => known.get(u.Username)!)];
  const data = generateSeed(userIds, info.queueId, opts);
  const leadIds = await seedObject(sfUrl, 'Lead', data.leads);
  const contactIds = await seedObject(sfUrl, 'Contact', data.contacts);
  return { userIds, leadIds, contactIds, sharedPhones: data.sharedPhones };
}
