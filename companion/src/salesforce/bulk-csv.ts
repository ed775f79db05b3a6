/**
 * RFC 4180 CSV as Bulk API 2.0 returns it: quoted fields with doubled quotes, commas and newlines inside quotes,
 * LF or CRLF line endings. An empty field (quoted or not) is null, which is how Salesforce writes a null.
 * One result page is parsed on its own (its first line is the header).
 */
export class CsvError extends Error {
  constructor(message: string, where: string) {
    super(`${message} (${where})`);
    this.name = 'CsvError';
  }
}

export type CsvRow = (string | null)[];

interface Cursor {
  text: string;
  pos: number;
  line: number;
}

function quotedField(c: Cursor): string {
  let out = '';
  let from = c.pos + 1;
  for (;;) {
    const quote = c.text.indexOf('"', from);
    if (quote < 0) throw new CsvError('unterminated quoted field', `CSV line ${c.line}`);
    const chunk = c.text.slice(from, quote);
    c.line += chunk.split('\n').length - 1;
    out += chunk;
    if (c.text[quote + 1] === '"') {
      out += '"';
      from = quote + 2;
      continue;
    }
    c.pos = quote + 1;
    return out;
  }
}

function plainField(c: Cursor, delimiter: string): string {
  let end = c.pos;
  const { text } = c;
  while (end < text.length && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end += 1;
  const value = text.slice(c.pos, end);
  if (value.includes('"')) throw new CsvError('quote inside an unquoted field', `CSV line ${c.line}`);
  c.pos = end;
  return value;
}

/** After a field: 'field' (a delimiter follows), 'row' (a line ended) or 'end' (end of text). */
function afterField(c: Cursor, delimiter: string): 'field' | 'row' | 'end' {
  const { text } = c;
  if (c.pos >= text.length) return 'end';
  const ch = text[c.pos];
  if (ch === delimiter) {
    c.pos += 1;
    return 'field';
  }
  if (ch === '\r' && text[c.pos + 1] === '\n') c.pos += 2;
  else if (ch === '\n' || ch === '\r') c.pos += 1;
  else throw new CsvError('unexpected character after a closing quote', `CSV line ${c.line}`);
  c.line += 1;
  return c.pos >= text.length ? 'end' : 'row';
}

/** Every row of the text, header included. An empty text has no rows; a final line ending is optional. */
export function parseCsv(text: string, delimiter = ','): CsvRow[] {
  const rows: CsvRow[] = [];
  if (text.length === 0) return rows;
  const c: Cursor = { text, pos: 0, line: 1 };
  let row: CsvRow = [];
  for (;;) {
    const value = text[c.pos] === '"' ? quotedField(c) : plainField(c, delimiter);
    row.push(value === '' ? null : value);
    const next = afterField(c, delimiter);
    if (next === 'field') continue;
    rows.push(row);
    if (next === 'end') return rows;
    row = [];
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
