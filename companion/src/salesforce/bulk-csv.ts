import { CsvError as ParseError, parse } from 'csv-parse/sync';

/**
 * RFC 4180 CSV as Bulk API 2.0 returns it, parsed by `csv-parse` (jsforce's own CSV parser): quoted fields with
 * doubled quotes, commas and newlines inside quotes, LF or CRLF line endings. An empty field (quoted or not) is
 * null, which is how Salesforce writes a null. One result page is parsed on its own (its first line is the header).
 */
export class CsvError extends Error {
  constructor(message: string, where: string) {
    super(`${message} (${where})`);
    this.name = 'CsvError';
  }
}

export type CsvRow = (string | null)[];

/** csv-parse's error codes, in the words the rest of the companion (and its logs) use. */
const MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'unterminated quoted field',
  CSV_INVALID_CLOSING_QUOTE: 'unexpected character after a closing quote',
  INVALID_OPENING_QUOTE: 'quote inside an unquoted field',
};

/** Every row of the text, header included. An empty text has no rows; a final line ending is optional. */
export function parseCsv(text: string, delimiter = ','): CsvRow[] {
  try {
    const rows = parse(text, { delimiter, relax_column_count: true }) as string[][];
    return rows.map((row) => row.map((value) => (value === '' ? null : value)));
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    const line = (e as ParseError & { lines?: number }).lines;
    throw new CsvError(MESSAGES[e.code] ?? e.message, `CSV line ${line ?? '?'}`);
  }
}

/** Rows after the header as records keyed by the header's column names. */
export function csvRecords(text: string, delimiter = ','): Record<string, string | null>[] {
  const [header, ...rows] = parseCsv(text, delimiter);
  if (!header) return [];
  const names = header.map((h, i) => {
    if (h === null) throw new CsvError(`empty column name at column ${i + 1}`, 'CSV header');
    return h;
  });
  return rows.map((row, r) => {
    if (row.length !== names.length)
      throw new CsvError(`${row.length} fields where the header has ${names.length}`, `CSV record ${r + 1}`);
    const record: Record<string, string | null> = {};
    names.forEach((name, i) => (record[name] = row[i] ?? null));
    return record;
  });
}

const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

/** One CSV value as the REST API would give it: booleans and numbers typed, datetimes as `…+0000`. */
function typedValue(value: string | null, type: string | undefined): unknown {
  if (value === null || type === undefined) return value;
  if (type === 'boolean') return value === 'true';
  if (NUMERIC.has(type)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  if (type === 'datetime') return value.replace(/Z$/, '+0000');
  return value;
}

/** A Bulk record typed by field type (from describe); fields without a known type stay strings. */
export function typedRecord(
  record: Record<string, string | null>,
  types: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) out[name] = typedValue(value, types.get(name));
  return out;
}
