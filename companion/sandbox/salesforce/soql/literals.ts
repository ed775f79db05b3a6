// SOQL literal values and date literals (TODAY, LAST_N_DAYS:n, …) as comparable values.
import { SoqlError } from './errors.js';

export type Literal = string | number | boolean | null | { start: number; end: number };

const DAY = 86_400_000;

function todayStart(now: number): number {
  return Math.floor(now / DAY) * DAY;
}

function dateLiteral(raw: string, now: number): { start: number; end: number } {
  const today = todayStart(now);
  const [name, nRaw] = raw.toUpperCase().split(':');
  const n = Number(nRaw ?? 0);
  switch (name) {
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    case 'LAST_N_DAYS':
      return { start: today - n * DAY, end: today + DAY };
    case 'NEXT_N_DAYS':
      return { start: today + DAY, end: today + (n + 1) * DAY };
    case 'N_DAYS_AGO':
      return { start: today - n * DAY, end: today - (n - 1) * DAY };
    default:
      throw new SoqlError('MALFORMED_QUERY', `unsupported date literal: ${raw}`);
  }
}

function unquote(raw: string): string {
  const inner = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  return inner.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

/** Converts one literal from the parser (value text + literalType) into a comparable value. */
export function parseLiteral(raw: string, literalType: string, now = Date.now()): Literal {
  switch (literalType) {
    case 'STRING':
      return unquote(raw);
    case 'INTEGER':
    case 'DECIMAL':
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX':
      return Number(raw.replace(/^[A-Z]{3}/, ''));
    case 'BOOLEAN':
      return raw.toUpperCase() === 'TRUE';
    case 'NULL':
      return null;
    case 'DATE':
      return Date.parse(`${raw}T00:00:00Z`);
    case 'DATETIME':
      return Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL':
      return dateLiteral(raw, now);
    default:
      throw new SoqlError('MALFORMED_QUERY', `unsupported literal: ${raw}`);
  }
}
