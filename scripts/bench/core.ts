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
  mapPlanIndex,
  matchUsers,
  planPage,
  summarizePlan,
  type AlowareContactSnapshot,
  type ConversionContext,
  type IndexedLink,
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

/** The index: a link + fingerprint per record and an Aloware contact per phone, for 100k records. */
function buildIndex(): { links: Map<string, IndexedLink>; contacts: Map<string, AlowareContactSnapshot> } {
  const links = new Map<string, IndexedLink>();
  const contacts = new Map<string, AlowareContactSnapshot>();
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
    };
    contacts.set(phone, {
      id: String(500_000 + i),
      values: {
        ...values,
        company_name: record.Company as string,
        lead_source: 'Web',
        city: 'Austin',
        state: 'TX',
        zipcode: '78701',
        country: 'US',
        user_id: users.salesforceToAloware.get(record.OwnerId as string) ?? null,
      },
    });
    links.set(record.Id, { alowareContactId: String(500_000 + i), fingerprint });
  }
  return { links, contacts };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function main(): void {
  const t0 = performance.now();
  const { links, contacts } = buildIndex();
  const indexMs = performance.now() - t0;
  const heapAfterIndex = process.memoryUsage().heapUsed;
  const index = mapPlanIndex(links, contacts);
  let summary = emptySummary();
  let peakHeap = heapAfterIndex;
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let start = 0; start < RECORDS; start += PAGE) {
    const page: SfRecord[] = [];
    for (let i = start; i < Math.min(start + PAGE, RECORDS); i++) page.push(recordOf(i));
    const plan = planPage(page, { object: 'Lead', rows, settings: DEFAULT_SETTINGS, context, index });
    summary = addSummaries(summary, summarizePlan(plan));
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const planMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `index: ${links.size} links, ${contacts.size} contacts built in ${(indexMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `plan: ${RECORDS} records in ${(planMs / 1000).toFixed(2)} s wall → ${Math.round(RECORDS / (planMs / 1000))} records/s ` +
      `(CPU ${cpuSeconds.toFixed(2)} s → ${Math.round(RECORDS / cpuSeconds)} records per CPU-second; pages of ${PAGE})`,
  );
  console.log(`summary: ${JSON.stringify(summary)}`);
  console.log(
    `memory: heap after index ${mb(heapAfterIndex)}, peak heap ${mb(peakHeap)}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
}

main();
