/**
 * The demo's seed data: realistic Leads and Contacts the way reps type them — national, punctuated, `+1`/`1`/10-digit
 * numbers, extensions, a few foreign and a few unparseable numbers, Lead/Contact pairs sharing one phone in
 * different formats, several owners. Deterministic for a given `seed`, so tests and screenshots are stable.
 */
import { normalizePhone } from '../../src/sync/index.js';
import { CITIES, COMPANIES, FIRST, FOREIGN, LAST, SOURCES, TITLES, UNPARSEABLE } from './seed-words.js';

export interface SeedOptions {
  /** Leads and Contacts each (default 300, so ≥ 500 records in all). */
  perObject?: number;
  /** Lead/Contact pairs sharing one phone (default 5). */
  sharedPairs?: number;
  /** Records with an unparseable phone, per object (default 3). */
  unparseablePerObject?: number;
  /** Records with a foreign phone, per object (default 4). */
  foreignPerObject?: number;
  /** PRNG seed (default 42). */
  seed?: number;
}

export type SeedRecord = Record<string, string | number | boolean | null>;

interface SeedUser {
  Username: string;
  Email: string;
  FirstName: string;
  LastName: string;
}

export interface SeedData {
  users: SeedUser[];
  leads: SeedRecord[];
  contacts: SeedRecord[];
  /** E.164 phones that a Lead and a Contact share. */
  sharedPhones: string[];
}

/** Salesforce users whose emails match Aloware's sandbox agents (owner ↔ user_id by email) plus one without. */
const SEED_USERS: SeedUser[] = [
  {
    Username: 'alice.agent@sandbox.example',
    Email: 'alice.agent@sandbox.example',
    FirstName: 'Alice',
    LastName: 'Agent',
  },
  {
    Username: 'bob.agent@sandbox.example',
    Email: 'bob.agent@sandbox.example',
    FirstName: 'Bob',
    LastName: 'Agent',
  },
  {
    Username: 'carol.agent@sandbox.example',
    Email: 'carol.agent@sandbox.example',
    FirstName: 'Carol',
    LastName: 'Agent',
  },
  {
    Username: 'erin.manager@sandbox.example',
    Email: 'erin.manager@sandbox.example',
    FirstName: 'Erin',
    LastName: 'Manager',
  },
];

/** mulberry32: a tiny deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  private readonly rand: () => number;
  private readonly usedPhones = new Set<string>();
  constructor(seed: number) {
    this.rand = prng(seed);
  }
  int(max: number): number {
    return Math.floor(this.rand() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
  /** A fresh, valid US number as 10 digits (area code of the city). */
  usDigits(area: string): string {
    for (;;) {
      const exchange = String(200 + this.int(800));
      const line = String(this.int(10000)).padStart(4, '0');
      const digits = `${area}${exchange}${line}`;
      if (exchange.endsWith('11') || this.usedPhones.has(digits)) continue;
      const check = normalizePhone(digits, 'US');
      if (!check.ok) continue;
      this.usedPhones.add(digits);
      return digits;
    }
  }
}

/** The formats people type for one 10-digit US number. */
export function messyFormat(digits: string, variant: number): string {
  const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
  const formats = [
    `(${a}) ${b}-${c}`,
    `${a}-${b}-${c}`,
    `${a}.${b}.${c}`,
    digits,
    `+1 ${a} ${b} ${c}`,
    `1-${a}-${b}-${c}`,
    `+1${digits}`,
    `1${digits}`,
    `(${a}) ${b}-${c} x${100 + (Number(c) % 900)}`,
    `${a}-${b}-${c} ext. ${(Number(c) % 90) + 10}`,
    `+1 (${a}) ${b}-${c}`,
  ];
  return formats[variant % formats.length]!;
}

function person(g: Gen, object: 'Lead' | 'Contact', index: number, ownerIds: string[]): SeedRecord {
  const first = g.pick(FIRST);
  const last = g.pick(LAST);
  const [city, state, area] = g.pick(CITIES);
  const company = g.pick(COMPANIES);
  const domain = company.toLowerCase().replace(/[^a-z]+/g, '') + '.example';
  const mail = `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
  const record: SeedRecord = {
    FirstName: first,
    LastName: last,
    Email: g.chance(0.85) ? `${mail}${index}@${domain}` : null,
    Phone: messyFormat(g.usDigits(area), g.int(11)),
    MobilePhone: g.chance(0.3) ? messyFormat(g.usDigits(area), g.int(11)) : null,
    Title: g.pick(TITLES),
    LeadSource: g.pick(SOURCES),
    OwnerId: g.pick(ownerIds),
  };
  if (object === 'Lead') Object.assign(record, { Company: company, City: city, State: state });
  else Object.assign(record, { MailingCity: city, MailingState: state });
  return record;
}

/** The last records of a list get foreign numbers, the ones before them unparseable ones. */
function spoilPhones(list: SeedRecord[], foreign: number, unparseable: number, offset: number): void {
  const tail = list.slice(-(foreign + unparseable)).reverse();
  tail.forEach((record, i) => {
    if (i < foreign) record.Phone = FOREIGN[(i * 2 + offset) % FOREIGN.length]!;
    else {
      record.Phone = UNPARSEABLE[(i + offset * 3) % UNPARSEABLE.length]!;
      record.MobilePhone = null;
    }
  });
}

/**
 * Generates the seed. `ownerIds` are the Salesforce user ids records are spread over (a Lead may also be
 * owned by `queueId`, which keeps its owner).
 */
export function generateSeed(ownerIds: string[], queueId: string | null, opts: SeedOptions = {}): SeedData {
  const g = new Gen(opts.seed ?? 42);
  const n = opts.perObject ?? 300;
  const leads = Array.from({ length: n }, (_, i) => person(g, 'Lead', i, ownerIds));
  const contacts = Array.from({ length: n }, (_, i) => person(g, 'Contact', i, ownerIds));
  if (queueId) leads.filter((_, i) => i % 25 === 7).forEach((l) => (l.OwnerId = queueId));
  spoilPhones(leads, opts.foreignPerObject ?? 4, opts.unparseablePerObject ?? 3, 0);
  spoilPhones(contacts, opts.foreignPerObject ?? 4, opts.unparseablePerObject ?? 3, 1);
  const sharedPhones: string[] = [];
  const pairs = Math.min(opts.sharedPairs ?? 5, Math.floor(n / 2));
  for (let i = 0; i < pairs; i++) {
    const digits = g.usDigits('202');
    const lead = leads[i]!;
    Object.assign(contacts[i]!, {
      Phone: messyFormat(digits, i + 3),
      FirstName: lead.FirstName,
      LastName: lead.LastName,
    });
    lead.Phone = messyFormat(digits, i);
    sharedPhones.push(`+1${digits}`);
  }
  return { users: SEED_USERS, leads, contacts, sharedPhones };
}
