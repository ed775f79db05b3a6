/** What the console shows, read fresh on every render (the emulators are in memory: this is cheap). */
import type { SandboxClients } from './clients.js';

type Json = Record<string, unknown>;

export interface View {
  /** Salesforce side: 'All', 'Lead' or 'Contact'. */
  obj: 'All' | 'Lead' | 'Contact';
  q: string;
  page: number;
  aq: string;
  apage: number;
}

export const PAGE_SIZE = 10;

export function parseView(query: Record<string, unknown>): View {
  const str = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).slice(0, 100) : '');
  const num = (k: string) => Math.max(1, Math.min(10_000, Number.parseInt(str(k), 10) || 1));
  const obj = str('obj');
  return {
    obj: obj === 'Lead' || obj === 'Contact' ? obj : 'All',
    q: str('q'),
    page: num('page'),
    aq: str('aq'),
    apage: num('apage'),
  };
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
}

export function paginate<T>(rows: T[], page: number): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const p = Math.min(page, pages);
  return { rows: rows.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE), total: rows.length, page: p, pages };
}

/** Case-insensitive match on the given fields; digits in the query also match phone digits. */
export function matches(row: Json, query: string, fields: string[]): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const digits = q.replace(/\D/g, '');
  return fields.some((f) => {
    const v = row[f];
    if (v === null || v === undefined) return false;
    const text = String(v).toLowerCase();
    if (text.includes(q)) return true;
    return digits.length >= 4 && text.replace(/\D/g, '').includes(digits);
  });
}

const newestFirst = (field: string) => (a: Json, b: Json) =>
  String(b[field] ?? '').localeCompare(String(a[field] ?? '')) ||
  String(b.Id ?? b.id).localeCompare(String(a.Id ?? a.id));

export interface Snapshot {
  people: Page<Json & { object: string }>;
  names: Map<string, string>;
  users: Map<string, string>;
  tasks: Json[];
  contacts: Page<Json>;
  alowareTotal: number;
  settings: Json | undefined;
  counts: { Lead: number; Contact: number; Task: number };
  /** The companion's view of each shown record (`/api/v1/records/:id`): its link and last outcome. */
  cards: Map<string, Json>;
}

/** Record cards for the shown rows; a record the companion does not know (404) or an unreachable companion → none. */
async function cardsFor(clients: SandboxClients, ids: string[]): Promise<Map<string, Json>> {
  const results = await Promise.allSettled(ids.map((id) => clients.companion('GET', `/records/${id}`)));
  const cards = new Map<string, Json>();
  results.forEach((r, i) => {
    if (r.status === 'fulfilled' && r.value && typeof r.value === 'object')
      cards.set(ids[i]!, r.value as Json);
  });
  return cards;
}

const SF_SEARCH = ['Name', 'Email', 'Phone', 'MobilePhone', 'Id', 'Company', 'Aloware_Contact_Id__c'];
const TASK_SEARCH = ['Who', 'WhoId', 'Subject', 'Aloware_Communication_Id__c'];
const TASKS_SHOWN = 12;
const AL_SEARCH = ['name', 'first_name', 'last_name', 'email', 'phone_number', 'id'];

export async function snapshot(clients: SandboxClients, view: View, orgId: string): Promise<Snapshot> {
  const [leads, contacts, tasks, users, settings, aloware] = await Promise.all([
    clients.records('Lead'),
    clients.records('Contact'),
    clients.records('Task'),
    clients.records('User'),
    clients.records('Aloware_Sync_Settings__c'),
    clients.aloware('GET', '/contacts') as Promise<{ contacts: Json[] }>,
  ]);
  const names = new Map<string, string>();
  for (const r of [...leads, ...contacts]) names.set(String(r.Id), String(r.Name ?? ''));
  const people: (Json & { object: string })[] = [
    ...(view.obj === 'Contact' ? [] : leads.map((r) => ({ ...r, object: 'Lead' }))),
    ...(view.obj === 'Lead' ? [] : contacts.map((r) => ({ ...r, object: 'Contact' }))),
  ]
    .filter((r) => matches(r, view.q, SF_SEARCH))
    .sort(newestFirst('LastModifiedDate'));
  const alowareRows = aloware.contacts
    .filter((c) => matches(c, view.aq, AL_SEARCH))
    .sort(newestFirst('updated_at'));
  const page = paginate(people, view.page);
  return {
    people: page,
    cards: await cardsFor(
      clients,
      page.rows.map((r) => String(r.Id)),
    ),
    names,
    users: new Map(users.map((u) => [String(u.Id), String(u.Name ?? u.Username)])),
    tasks: tasks
      .filter((t) => matches({ ...t, Who: names.get(String(t.WhoId)) }, view.q, TASK_SEARCH))
      .sort(newestFirst('LastModifiedDate'))
      .slice(0, TASKS_SHOWN),
    contacts: paginate(alowareRows, view.apage),
    alowareTotal: aloware.contacts.length,
    settings: settings.find((s) => s.SetupOwnerId === orgId),
    counts: { Lead: leads.length, Contact: contacts.length, Task: tasks.length },
  };
}
