import { phoneKey } from './phone.js';
import {
  describeField,
  isPlaceholder,
  isQueueId,
  kindOf,
  kindText,
  multipicklistValues,
  parseBoolean,
  parseDate,
  parseDateTime,
  truncateForField,
  type ValueKind,
} from './values.js';
import type {
  ConversionContext,
  ConversionIssue,
  FieldDescribe,
  MappingRow,
  Operation,
  SfValue,
} from './types.js';

/** A converted value (`value` set, possibly with a warning) or a rejection (`issue` only, `value` absent). */
export interface Converted<T> {
  value?: T;
  issue?: ConversionIssue;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function issue(row: MappingRow, code: ConversionIssue['code'], message: string): ConversionIssue {
  return { field: row.salesforceField, code, message };
}

function isValidEmail(text: string): boolean {
  return text.length <= 80 && EMAIL.test(text);
}

function writable(field: FieldDescribe | undefined, operation: Operation): boolean {
  if (!field) return true;
  return operation === 'create' ? field.createable : field.updateable;
}

function picklistCheck(row: MappingRow, text: string, field: FieldDescribe): Converted<SfValue> {
  const allowed = (field.picklistValues ?? []).filter((p) => p.active);
  const match = allowed.find((p) => p.value.toLowerCase() === text.toLowerCase());
  if (match) return { value: match.value };
  if (!field.restrictedPicklist) return { value: text };
  const list = allowed.map((p) => p.value).join(', ');
  return {
    issue: issue(
      row,
      'picklist_value_not_allowed',
      `"${text}" is not an allowed value of ${field.name} (${list})`,
    ),
  };
}

function typedForSalesforce(
  row: MappingRow,
  kind: ValueKind,
  text: string,
  ctx: ConversionContext,
  field?: FieldDescribe,
): Converted<SfValue> {
  switch (kind) {
    case 'phone':
      return { value: phoneKey(text, ctx.region) ?? truncateForField(text, field) };
    case 'email':
      return isValidEmail(text)
        ? { value: text }
        : { issue: issue(row, 'invalid_email', `${row.alowareField} is not a valid email address`) };
    case 'boolean': {
      const b = parseBoolean(text);
      return b === null
        ? { issue: issue(row, 'invalid_boolean', `"${text}" is not true or false`) }
        : { value: b };
    }
    case 'date': {
      const d = parseDate(text);
      return d ? { value: d } : { issue: issue(row, 'invalid_date', `"${text}" is not a date (YYYY-MM-DD)`) };
    }
    case 'datetime': {
      const d = parseDateTime(text);
      return d
        ? { value: d }
        : {
            issue: issue(row, 'invalid_datetime', `"${text}" is not a date-time (ISO-8601 with a time zone)`),
          };
    }
    case 'multipicklist':
      return multipicklistForSalesforce(row, text, field);
    case 'number':
      return Number.isFinite(Number(text))
        ? { value: Number(text) }
        : { issue: issue(row, 'invalid_number', `"${text}" is not a number`) };
    case 'owner': {
      const sfId = ctx.users.alowareToSalesforce.get(text);
      return sfId
        ? { value: sfId }
        : {
            issue: issue(
              row,
              'owner_not_matched',
              `Aloware user ${text} has no Salesforce user with the same email`,
            ),
          };
    }
    default:
      return textForSalesforce(row, text, field);
  }
}

function multipicklistForSalesforce(
  row: MappingRow,
  text: string,
  field?: FieldDescribe,
): Converted<SfValue> {
  const values = multipicklistValues(text, field);
  if (values.length === 0) return { value: null };
  if (field?.restrictedPicklist) {
    const allowed = new Set((field.picklistValues ?? []).filter((p) => p.active).map((p) => p.value));
    const bad = values.filter((v) => !allowed.has(v));
    if (bad.length > 0) {
      const list = [...allowed].join(', ');
      return {
        issue: issue(
          row,
          'picklist_value_not_allowed',
          `"${bad.join(';')}" is not an allowed value of ${field.name} (${list})`,
        ),
      };
    }
  }
  return { value: values.join(';') };
}

function textForSalesforce(row: MappingRow, text: string, field?: FieldDescribe): Converted<SfValue> {
  if (field?.type === 'picklist') return picklistCheck(row, text, field);
  const truncated = truncateForField(text, field);
  if (truncated === text) return { value: text };
  const warning = issue(row, 'truncated', `${row.salesforceField} truncated to ${field?.length} characters`);
  return { value: truncated, issue: warning };
}

/** Convert an Aloware value for the row's Salesforce field (by its describe type, when given). */
export function toSalesforceValue(
  row: MappingRow,
  alowareValue: unknown,
  ctx: ConversionContext,
  operation: Operation,
): Converted<SfValue> {
  const field = describeField(ctx, row.salesforceField);
  if (!writable(field, operation)) {
    return {
      issue: issue(row, 'field_not_writable', `${row.salesforceField} is not writable on ${operation}`),
    };
  }
  const kind = kindOf(row, field);
  const text = kindText(kind, alowareValue);
  if (text === null) {
    if (field && !field.nillable && field.type !== 'boolean') {
      return { issue: issue(row, 'required_value_missing', `${row.salesforceField} is required`) };
    }
    return { value: field?.type === 'boolean' ? false : null };
  }
  return typedForSalesforce(row, kind, text, ctx, field);
}

/** Convert a Salesforce value for the row's Aloware field. */
export function toAlowareValue(
  row: MappingRow,
  salesforceValue: unknown,
  ctx: ConversionContext,
): Converted<string | null> {
  const field = describeField(ctx, row.salesforceField);
  const kind = kindOf(row, field);
  const text = kindText(
    kind,
    typeof salesforceValue === 'boolean' ? String(salesforceValue) : salesforceValue,
  );
  if (text === null || isPlaceholder(row, text)) return { value: null };
  if (kind === 'owner') {
    if (isQueueId(text)) return { issue: issue(row, 'queue_owned', 'The record is owned by a queue') };
    const alowareId = ctx.users.salesforceToAloware.get(text);
    return alowareId
      ? { value: alowareId }
      : {
          issue: issue(
            row,
            'owner_not_matched',
            `Salesforce user ${text} has no Aloware user with the same email`,
          ),
        };
  }
  if (kind === 'phone') return { value: phoneKey(text, ctx.region) ?? text };
  if (kind === 'boolean') return { value: String(parseBoolean(text) ?? text) };
  if (kind === 'date') return { value: parseDate(text) ?? text };
  if (kind === 'datetime') return { value: parseDateTime(text) ?? text };
  if (kind === 'multipicklist') return { value: multipicklistValues(text, field).join(';') || null };
  return { value: text };
}
