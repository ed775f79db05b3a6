import { CsvError, parse } from 'csv-parse/sync';
import type { AlowareContact } from '../aloware/client.js';
import { contactBodySchema } from '../aloware/webhooks.js';
import { alowareTimeToIso } from '../aloware/contact-values.js';
import { mergeIntoRecord, syncAlowareContact, type ContactOutcome } from '../to-salesforce/contact-sync.js';
import type { ToSalesforceDeps } from '../to-salesforce/deps.js';
import { searchByPhone, type FoundRecord } from '../to-salesforce/record-finder.js';
import type { ActiveConfig } from '../store/index.js';
import {
  addSamples,
  emptySummary,
  createTargetObject,
  enabledObjects,
  phoneKey,
  resolveLink,
  type PlanOutcome,
  type PlanSample,
  type SfObject,
} from '../sync/index.js';
import type { Operation } from './operation-store.js';

/**
 * The one-time push from Aloware (Aloware → Salesforce). Aloware's public API has no contact list or export, so
 * the admin uploads the CSV the Aloware web app exports; each row goes through the path a `Contact-Created`
 * webhook takes (`syncAlowareContact` in companion/src/to-salesforce/contact-sync.ts: the contact as Aloware holds it
 * now, found or created under the phone lock, the create/update directions and the priority applied), so a row
 * whose phone a record already holds links it and nothing is duplicated. A dry run plans the same steps and
 * writes nothing.
 */

/** One row of the uploaded file: only what finds the contact (the phone) and names it in the samples. */
export interface PushRow {
  /** 1 = the first row after the header. */
  row: number;
  phone: string;
  name?: string;
}

export class InvalidCsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCsvError';
  }
}

/** Most rows one upload may hold (the body limit is 5 MB; a row is rarely under 50 bytes). */
const MAX_PUSH_ROWS = 100_000;

const normalize = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Accepted header spellings (compared lowercased without spaces, `_` or `-`), in order of preference. */
const PHONE_HEADERS = ['phonenumber', 'phone', 'primaryphone', 'primaryphonenumber', 'mobile', 'mobilephone'];
const FIRST_NAME_HEADERS = ['firstname', 'first', 'givenname'];
const LAST_NAME_HEADERS = ['lastname', 'last', 'surname', 'familyname'];
const NAME_HEADERS = ['name', 'fullname', 'contactname'];

function column(headers: string[], names: string[]): number {
  const normalized = headers.map(normalize);
  for (const n of names) {
    const i = normalized.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

/** The CSV's rows (header row first; common spellings of the headers, any case). InvalidCsvError when unusable. */
export function parsePushCsv(text: string): PushRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (err) {
    const where = err instanceof CsvError && err.lines ? ` (line ${err.lines})` : '';
    throw new InvalidCsvError(`The file is not a readable CSV${where}`);
  }
  const [headers, ...body] = records;
  if (!headers) throw new InvalidCsvError('The file is empty');
  const phone = column(headers, PHONE_HEADERS);
  if (phone < 0) {
    throw new InvalidCsvError(
      'The file has no phone column (a header such as "Phone Number" or phone_number)',
    );
  }
  if (body.length === 0) throw new InvalidCsvError('The file has a header but no rows');
  if (body.length > MAX_PUSH_ROWS) {
    throw new InvalidCsvError(`The file has ${body.length} rows; at most ${MAX_PUSH_ROWS} per push`);
  }
  const first = column(headers, FIRST_NAME_HEADERS);
  const last = column(headers, LAST_NAME_HEADERS);
  const full = column(headers, NAME_HEADERS);
  return body.map((cells, i) => {
    const parts = [cells[first], cells[last]].filter((p): p is string => Boolean(p));
    const name = (parts.length ? parts.join(' ') : cells[full]) || undefined;
    return { row: i + 1, phone: cells[phone] ?? '', ...(name ? { name: name.slice(0, 120) } : {}) };
  });
}

/** What happened (or, in a dry run, would happen) to one row. */
interface RowResult {
  outcome: PlanOutcome;
  reason: string;
  recordId?: string;
  object?: SfObject;
  fields?: string[];
}

/**
 * The record an Aloware contact belongs to, read only (the dry run): its link when the record is live, else
 * the records holding the phone resolved by the priority — the search `findRecord` makes, without moving links.
 */
async function findWithoutWrites(
  deps: ToSalesforceDeps,
  config: ActiveConfig,
  e164: string,
  alowareContactId: string,
): Promise<FoundRecord | null> {
  const link =
    (await deps.store.links.byAlowareId(alowareContactId)) ?? (await deps.store.links.byPhone(e164));
  if (link) {
    const [record] = await deps.gateway.fetchByIdsAll(link.object, [link.salesforceId], ['Id', 'IsDeleted']);
    if (record && record.IsDeleted !== true)
      return { id: link.salesforceId, object: link.object, via: 'link' };
  }
  const resolution = resolveLink(
    await searchByPhone(deps, config, e164),
    config.settings.priorityObject,
    enabledObjects(config.settings),
    e164,
  );
  return resolution.linked ? { ...resolution.linked, via: 'search' } : null;
}

/** The plan for one row that has a phone and an Aloware contact: the steps of `syncAlowareContact`, no writes. */
async function planRow(
  deps: ToSalesforceDeps,
  config: ActiveConfig,
  e164: string,
  contact: AlowareContact,
): Promise<RowResult> {
  const found = await findWithoutWrites(deps, config, e164, contact.id);
  if (!found) {
    const deleted = await deps.store.links.deletedRecordOf(contact.id);
    if (deleted) return { outcome: 'skip', reason: 'record_deleted', recordId: deleted };
    const object = createTargetObject(config.settings);
    if (!object) return { outcome: 'skip', reason: 'create_not_allowed' };
    return { outcome: 'create', reason: 'no_salesforce_record', object };
  }
  const target = { id: found.id, object: found.object };
  const { result, mayUpdate } = await mergeIntoRecord(deps, config, target, {
    id: contact.id,
    values: contact.values,
    updatedAt: alowareTimeToIso(contact.updatedAt),
  });
  const fields = Object.keys(result.toSalesforce);
  const record = { recordId: found.id, object: found.object };
  if (!mayUpdate) return { outcome: 'skip', reason: 'update_not_allowed', ...record };
  if (fields.length === 0) return { outcome: 'skip', reason: 'in_sync', ...record };
  return {
    outcome: 'update',
    reason: found.via === 'search' ? 'matched_by_phone' : 'linked',
    fields,
    ...record,
  };
}

function fromOutcome(result: ContactOutcome): RowResult {
  switch (result.outcome) {
    case 'created':
      return { outcome: 'create', reason: 'no_salesforce_record', recordId: result.salesforceId };
    case 'updated':
      return { outcome: 'update', reason: 'linked', recordId: result.salesforceId };
    case 'record_deleted':
      return { outcome: 'skip', reason: 'record_deleted', recordId: result.salesforceId };
    case 'in_sync':
    case 'update_not_allowed':
      return { outcome: 'skip', reason: result.outcome, recordId: result.salesforceId };
    default:
      return { outcome: 'skip', reason: result.outcome };
  }
}

/** One row: a dry run plans it, a run syncs it as a `Contact-Created` webhook would. */
async function processRow(
  deps: ToSalesforceDeps,
  config: ActiveConfig,
  op: Operation,
  row: PushRow,
  seen: Set<string>,
): Promise<RowResult> {
  const e164 = phoneKey(row.phone, config.settings.defaultRegion);
  if (!e164) return { outcome: 'invalid_phone', reason: row.phone.trim() ? 'not_a_number' : 'empty' };
  if (seen.has(e164)) return { outcome: 'skip', reason: 'duplicate_in_file' };
  seen.add(e164);
  const contact = await deps.aloware.findByPhone(e164);
  if (!contact) return { outcome: 'skip', reason: 'not_in_aloware' };
  if (op.dryRun) return planRow(deps, config, e164, contact);
  try {
    const body = contactBodySchema.parse({ id: contact.id, phone_number: e164 });
    return fromOutcome(await syncAlowareContact(deps, body));
  } catch (err) {
    const codes = (err as { codes?: unknown }).codes;
    const reason = Array.isArray(codes) && codes.length ? codes.join(', ') : 'salesforce_write_failed';
    deps.logger.warn({ operationId: op.id, row: row.row, reason }, 'push row failed');
    return { outcome: 'failed', reason };
  }
}

/** Counts a row; the plan's API calls are what the run costs: two Aloware lookups a row, one write per change. */
function count(op: Operation, r: RowResult): void {
  const p = op.progress;
  const plan = op.plan!;
  if (r.outcome === 'create') {
    p.created++;
    plan.creates++;
  } else if (r.outcome === 'update') {
    p.updated++;
    plan.updates++;
  } else if (r.outcome === 'failed') {
    p.failed++;
  } else if (r.outcome === 'invalid_phone') {
    p.skipped++;
    plan.invalidPhones++;
  } else {
    p.skipped++;
    plan.skips++;
  }
  if (r.outcome === 'create' || r.outcome === 'update') plan.apiCalls.salesforce++;
  if (r.outcome !== 'invalid_phone' && r.reason !== 'duplicate_in_file') plan.apiCalls.aloware += 2;
}

/** Rows handled between two saves of the operation (progress, checkpoint, cancel check). */
const PUSH_PAGE = 50;

/**
 * Works through the rows from the checkpoint (the rows done), saving after every page and stopping between
 * pages when cancelled. Samples (up to five per outcome, with the reason) are kept in both modes: the history of
 * a run says which rows were skipped and why.
 */
export async function runPush(
  deps: ToSalesforceDeps,
  op: Operation,
  rows: readonly PushRow[],
  save: (op: Operation) => Promise<Operation>,
  isCancelled: () => Promise<boolean>,
): Promise<Operation> {
  const config = await deps.store.config.get();
  const start = Number(op.checkpoint ?? 0);
  op.progress.total = rows.length;
  op.plan ??= emptySummary();
  // Phones handled before the checkpoint count as seen: a resume does not process a repeated phone again.
  const seen = new Set(
    rows
      .slice(0, start)
      .map((r) => phoneKey(r.phone, config.settings.defaultRegion))
      .filter((p): p is string => p !== null),
  );
  for (let i = start; i < rows.length; i += PUSH_PAGE) {
    if (await isCancelled()) {
      op.status = 'cancelled';
      return save(op);
    }
    const page: PlanSample[] = [];
    for (const row of rows.slice(i, i + PUSH_PAGE)) {
      const r = await processRow(deps, config, op, row, seen);
      count(op, r);
      page.push(sampleOf(row, r, op.object));
      op.progress.processed++;
    }
    op.samples = addSamples(op.samples ?? [], page);
    op.checkpoint = String(Math.min(rows.length, i + PUSH_PAGE));
    await save(op);
    if (op.status === 'cancelled') return op;
  }
  op.status = (await isCancelled()) ? 'cancelled' : 'completed';
  return save(op);
}

function sampleOf(row: PushRow, r: RowResult, fallback: SfObject): PlanSample {
  return {
    outcome: r.outcome,
    recordId: r.recordId ?? '',
    object: r.object ?? fallback,
    ...(row.name ? { name: row.name } : {}),
    reason: r.reason,
    fields: r.fields ?? [],
    row: row.row,
  };
}
