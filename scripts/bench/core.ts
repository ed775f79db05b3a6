/**
 * Benchmark of the pure sync core: plan 100,000 Salesforce Leads against a 100,000-entry identity index,
 * page by page (2,000 records, as the one-time pull reads them), summing page summaries.
 * Prints records/s and peak memory. Usage: `npm run bench:core [-- --records 100000 --page 2000]`.
 */
import { performance } from 'node:perf_hooks';
import {
  addSummaries,
  DEFAULT_SETTINGS,
  defaultMappingFor,
  emptySummary,
  fingerprintOf,
  matchUsers,
  planPage,
  summarizePlan,
  type ConversionContext,
  fieldKey,
  mapPlanIndex,
  type AlowareContactSnapshot,
  type IndexedLink,
  type PlanIndex,
  type SfRecord,
} from '../../companion/src/sync/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const RECORDS = arg('records', 100_000);
const PAGE = arg('page', 2_000);
const AREA_CODES = ['212', '310', '415', '646', '702', '312', '617', '206', '303', '512'];
const rows = defaultMappingFor('Lead');
const users = matchUsers(
  Array.from({ length: 50 }, (_, i) => ({ id: 1000 + i, email: `rep${i}@example.com` })),
  Array.from({ length: 50 }, (_, i) => ({
    Id: `005${String(i).padStart(12, '0')}AAA`,
    Email: `REP${i}@example.com`,
  })),
);
const context: ConversionContext = { region: 'US', users };

/** A distinct valid-looking US number per i, typed the way people type them. */
function phoneOf(i: number): string {
  const area = AREA_CODES[i % AREA_CODES.length] as string;
  const n = Math.floor(i / AREA_CODES.length);
  const exchange = 200 + (n % 700);
  const line = String(Math.floor(n / 700) % 10_000).padStart(4, '0');
  return i % 3 === 0
    ? `(${area}) ${exchange}-${line}`
    : i % 3 === 1
      ? `${area}.${exchange}.${line}`
      : `+1 ${area} ${exchange} ${line}`;
}

function recordOf(i: number): SfRecord {
  const kind = i % 20;
  const phone = kind === 19 ? 'ask for Bob' : kind === 18 ? phoneOf(i - 1) : phoneOf(i);
  return {
    Id: `00Q${String(i).padStart(12, '0')}AAA`,
    Phone: phone,
    MobilePhone: i % 7 === 0 ? phoneOf(i + RECORDS) : null,
    Email: `lead${i}@example.com`,
    FirstName: kind === 5 ? `Changed${i}` : `First${i}`,
    LastName: `Last${i}`,
    Company: `Company ${i % 997}`,
    LeadSource: 'Web',
    OwnerId: i % 11 === 0 ? '00G000000000001AAA' : `005${String(i % 50).padStart(12, '0')}AAA`,
    City: 'Austin',
    State: 'TX',
    PostalCode: '78701',
    Country: 'US',
    SystemModstamp: '2026-11-28T12:00:00.000Z',
    LastModifiedDate: '2026-11-28T12:00:00.000Z',
  };
}

/**
 * Objects of one shape (the same keys in the same order) packed into one string each, values separated by
 * U+0000 and null as U+0001 (the bench's values hold neither). The 100k × 100k index stands for the companion's
 * Redis index, which lives in another process (the companion loads one page of it at a time:
 * to-aloware/page-index.ts); held as JS objects here it was most of the benchmark's heap and RSS.
 */
class PackedShape {
  private keys: string[] | undefined;

  pack(values: Readonly<Record<string, string | null | undefined>>): string {
    const keys = Object.keys(values);
    this.keys ??= keys;
    if (keys.length !== this.keys.length || keys.some((k, i) => k !== this.keys?.[i])) {
      throw new Error(`packed shape: keys ${keys.join(',')} differ from ${this.keys.join(',')}`);
    }
    return keys.map((k) => values[k] ?? '\u0001').join('\u0000');
  }

  /** The object packed in `text`, after `skip` leading parts (an id packed in front of it). */
  unpack(text: string, skip = 0): Record<string, string | null> {
    const keys = this.keys ?? [];
    const parts = text.split('\u0000');
    const out: Record<string, string | null> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = parts[i + skip] as string;
      out[keys[i] as string] = value === '\u0001' ? null : value;
    }
    return out;
  }
}

/**
 * Strings by key in one growing Buffer (outside the V8 heap, as the Redis index is outside the companion's
 * heap): the Map holds only each key and its offset/length, so the heap the planning runs in stays small.
 */
class BufferStore {
  private buffer = Buffer.alloc(1 << 20);
  private used = 0;
  private readonly at = new Map<string, number>();

  get size(): number {
    return this.at.size;
  }

  set(key: string, text: string): void {
    const length = Buffer.byteLength(text);
    if (this.used + length > this.buffer.length) {
      const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.used + length));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    this.buffer.write(text, this.used);
    this.at.set(key, this.used * 65_536 + length);
    this.used += length;
  }

  get(key: string): string | undefined {
    const at = this.at.get(key);
    if (at === undefined) return undefined;
    const start = Math.floor(at / 65_536);
    return this.buffer.toString('utf8', start, start + (at % 65_536));
  }
}

/** The index (see `PackedShape`): a link + fingerprint per record and an Aloware contact per phone. */
interface PackedIndex {
  links: BufferStore;
  contacts: BufferStore;
  fingerprints: PackedShape;
  values: PackedShape;
}

/** Fingerprint keys of the rows mapped to Aloware's primary phone: a link's contact is found through them. */
const PHONE_KEYS = rows.filter((r) => r.alowareField === 'phone_number').map((r) => fieldKey(r));

/**
 * One page's index, loaded from the packed index as the companion loads it from Redis (to-aloware/page-index.ts
 * `loadIndex`): the page's links with their fingerprints, and the contacts known through them.
 */
function pageIndex(packed: PackedIndex, page: readonly SfRecord[]): PlanIndex {
  const links = new Map<string, IndexedLink>();
  const contacts = new Map<string, AlowareContactSnapshot>();
  for (const record of page) {
    const link = packed.links.get(record.Id);
    if (link === undefined) continue;
    const fingerprint = packed.fingerprints.unpack(link, 1);
    links.set(record.Id, { alowareContactId: link.slice(0, link.indexOf('\u0000')), fingerprint });
    for (const key of PHONE_KEYS) {
      const phone = fingerprint[key];
      const contact = phone ? packed.contacts.get(phone) : undefined;
      if (phone && contact !== undefined) {
        contacts.set(phone, {
          id: contact.slice(0, contact.indexOf('\u0000')),
          values: packed.values.unpack(contact, 1),
        });
      }
    }
  }
  return mapPlanIndex(links, contacts);
}

/** Build the index for `RECORDS` records: 85% linked and in Aloware, the rest new, shared or garbage. */
function buildIndex(): PackedIndex {
  const packed: PackedIndex = {
    links: new BufferStore(),
    contacts: new BufferStore(),
    fingerprints: new PackedShape(),
    values: new PackedShape(),
  };
  for (let i = 0; i < RECORDS; i++) {
    const kind = i % 20;
    if (kind === 17 || kind === 18 || kind === 19) continue; // new records, shared phones, garbage
    const record: SfRecord = { ...recordOf(i), FirstName: `First${i}` };
    const fingerprint = fingerprintOf(record, rows, context);
    const phone = fingerprint['Phone/phone_number'] as string;
    const mobile = fingerprint['MobilePhone/other_phone_numbers.mobile'] ?? null;
    const values = {
      phone_number: phone,
      'other_phone_numbers.mobile': mobile,
      email: record.Email as string,
      first_name: `First${i}`,
      last_name: `Last${i}`,
      company_name: record.Company as string,
      lead_source: 'Web',
      city: 'Austin',
      state: 'TX',
      zipcode: '78701',
      country: 'US',
      user_id: users.salesforceToAloware.get(record.OwnerId as string) ?? null,
    };
    const contactId = String(500_000 + i);
    packed.contacts.set(phone, `${contactId}\u0000${packed.values.pack(values)}`);
    packed.links.set(record.Id, `${contactId}\u0000${packed.fingerprints.pack(fingerprint)}`);
  }
  return packed;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function main(): void {
  const t0 = performance.now();
  const packed = buildIndex();
  const indexMs = performance.now() - t0;
  const heapAfterIndex = process.memoryUsage().heapUsed;
  let summary = emptySummary();
  let peakHeap = heapAfterIndex;
  let planCpuMicros = 0;
  let planMs = 0;
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let start = 0; start < RECORDS; start += PAGE) {
    const page: SfRecord[] = [];
    for (let i = start; i < Math.min(start + PAGE, RECORDS); i++) page.push(recordOf(i));
    const index = pageIndex(packed, page);
    const p0 = performance.now();
    const c0 = process.cpuUsage();
    const plan = planPage(page, { object: 'Lead', rows, settings: DEFAULT_SETTINGS, context, index });
    const c1 = process.cpuUsage(c0);
    planCpuMicros += c1.user + c1.system;
    planMs += performance.now() - p0;
    summary = addSummaries(summary, summarizePlan(plan));
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const loopMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  const loopCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const cpuSeconds = planCpuMicros / 1e6;
  console.log(
    `index: ${packed.links.size} links, ${packed.contacts.size} contacts (packed, off-heap) built in ${(indexMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `plan: ${RECORDS} records in ${(planMs / 1000).toFixed(2)} s wall → ${Math.round(RECORDS / (planMs / 1000))} records/s ` +
      `(CPU ${cpuSeconds.toFixed(2)} s → ${Math.round(RECORDS / cpuSeconds)} records per CPU-second; planPage, pages of ${PAGE})`,
  );
  console.log(
    `loop: ${(loopMs / 1000).toFixed(2)} s wall, CPU ${loopCpuSeconds.toFixed(2)} s → ${Math.round(RECORDS / loopCpuSeconds)} per CPU-second ` +
      `with building each page and loading its index from the packed one (the stand-in for Redis reads)`,
  );
  console.log(`summary: ${JSON.stringify(summary)}`);
  console.log(
    `memory: heap after index ${mb(heapAfterIndex)}, peak heap ${mb(peakHeap)}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
}

main();
