/**
 * Shared, headless helpers for the Aloware Sync panels: error reduction, option lists with their
 * meaning spelled out, and number/duration formatting.
 */
import { ShowToastEvent } from 'lightning/platformShowToastEvent';

/** Sync direction per object and per operation (settings). */
export const SYNC_DIRECTION_OPTIONS = [
  { label: 'Bi-directional (↔): Salesforce and Aloware update each other', value: 'both' },
  {
    label:
      'Inbound (→ Aloware only): Salesforce is the source; Aloware changes are not written to Salesforce',
    value: 'inbound',
  },
];

/** Direction of one mapped field. */
export const FIELD_DIRECTION_OPTIONS = [
  { label: '↔ Both ways', value: 'both' },
  { label: '→ To Aloware only', value: 'to_aloware' },
  { label: '← To Salesforce only', value: 'to_salesforce' },
];

/** What wins when a field changed on both sides since the last sync. */
export const CONFLICT_POLICY_OPTIONS = [
  { label: 'Salesforce wins', value: 'salesforce_wins' },
  { label: 'Aloware wins', value: 'aloware_wins' },
  { label: 'Newest change wins', value: 'newest_wins' },
  { label: 'Fill only if blank', value: 'fill_if_blank' },
];

export const PRIORITY_OPTIONS = [
  { label: 'Lead', value: 'Lead' },
  { label: 'Contact', value: 'Contact' },
];

const TERMINAL_STATUSES = ['completed', 'cancelled', 'failed'];

function messagesOf(error) {
  if (!error) {
    return [];
  }
  if (typeof error === 'string') {
    return [error];
  }
  const body = error.body;
  if (Array.isArray(body)) {
    return body.map((e) => e && e.message).filter(Boolean);
  }
  if (body) {
    const pageErrors = (body.pageErrors || []).map((e) => e.message);
    const fieldErrors = Object.values(body.fieldErrors || {})
      .flat()
      .map((e) => e.message);
    const found = [...pageErrors, ...fieldErrors];
    if (found.length) {
      return found;
    }
    if (typeof body.message === 'string' && body.message) {
      return [body.message];
    }
  }
  if (typeof error.message === 'string' && error.message) {
    return [error.message];
  }
  return [error.statusText || 'Unknown error'];
}

/** Turns one error or a list of errors (Apex, LDS, JS) into distinct, readable messages. */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  const messages = list.flatMap(messagesOf).filter(Boolean);
  return [...new Set(messages)];
}

/** A ShowToastEvent; the caller dispatches it. */
/**
 * The toast after a save, once the panel has asked the companion to read the configuration again
 * (`refreshCompanionConfig`): the version it now uses, or why it could not be told (it then reads it within 30 s).
 */
export async function savedToast(title, refresh) {
  try {
    const version = await refresh();
    return toastEvent(title, `The companion uses it now (configuration version ${version}).`, 'success');
  } catch (error) {
    return toastEvent(
      title,
      `The companion could not be told at once (${reduceErrors(error).join(' ')}); it reads the change within 30 seconds.`,
      'warning',
    );
  }
}

export function toastEvent(title, message, variant) {
  return new ShowToastEvent({
    title,
    message,
    variant,
    mode: variant === 'error' ? 'sticky' : 'dismissible',
  });
}

export function labelFor(options, value) {
  const found = options.find((o) => o.value === value);
  return found ? found.label : '';
}

/** 65 → "1m 05s"; 3700 → "1h 01m"; null → "—". */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) {
    return '—';
  }
  const total = Math.max(0, Math.round(Number(seconds)));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n) => String(n).padStart(2, '0');
  if (h > 0) {
    return `${h}h ${pad(m)}m`;
  }
  if (m > 0) {
    return `${m}m ${pad(s)}s`;
  }
  return `${s}s`;
}

/** Whole percent of processed/total, 0 when total is unknown. */
export function percent(processed, total) {
  if (!total) {
    return 0;
  }
  return Math.min(100, Math.floor((Number(processed || 0) / Number(total)) * 100));
}

export function formatNumber(value) {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: 1 });
}

export function isTerminalStatus(status) {
  return TERMINAL_STATUSES.includes(status);
}

/** What the companion did with a record, in words (sync log and record card). */
const OUTCOME_TEXT = {
  created: 'Aloware contact created',
  updated: 'Aloware contact updated',
  in_sync: 'Already in sync',
  skipped: 'Skipped: nothing to change',
  invalid_phone: 'Skipped: the phone number could not be read',
  create_not_allowed: 'Not created: creating is off for this direction',
  created_from_aloware: 'Created in Salesforce from an Aloware contact',
  aloware_updated: 'Updated from Aloware',
  aloware_in_sync: 'Aloware change already in Salesforce',
  aloware_update_not_allowed: 'Aloware change not written: updates go Salesforce → Aloware only',
  logged: 'Call or text logged',
  parked: 'Call or text parked: no record with this number yet',
};

/** Why a field went one way or stayed (decision reasons, docs/contracts.md §3). */
const REASON_TEXT = {
  created_in_aloware: 'sent to the new Aloware contact',
  salesforce_changed: 'changed in Salesforce',
  aloware_changed: 'changed in Aloware',
  both_changed_salesforce_wins: 'changed on both sides; Salesforce wins',
  both_changed_aloware_wins: 'changed on both sides; Aloware wins',
  both_changed_salesforce_newer: 'changed on both sides; the Salesforce change is newer',
  both_changed_aloware_newer: 'changed on both sides; the Aloware change is newer',
  both_set_fill_if_blank: 'set on both sides; "fill only if blank" keeps both',
  fill_blank_aloware: 'filled the blank Aloware value',
  fill_blank_salesforce: 'filled the blank Salesforce value',
  first_sync_aloware_blank: 'first sync; Aloware was blank',
  first_sync_salesforce_blank: 'first sync; Salesforce was blank',
  equal: 'already equal',
  empty: 'empty on both sides',
  none: 'no change',
  blocked_by_direction: 'not written: the field’s direction does not allow it',
  queue_owned: 'owner kept: the record belongs to a queue',
  not_priority: 'not the priority record for this phone',
  phone_on_other_contact: 'its phone is another Aloware contact’s other number',
  converted_lead: 'the Lead was converted',
  sync_disabled: 'sync is off for this object',
};

const spelledOut = (code) => {
  const words = String(code || '')
    .replace(/_/g, ' ')
    .trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : '';
};

export function outcomeText(code) {
  if (!code) {
    return '';
  }
  return OUTCOME_TEXT[code] || spelledOut(code);
}

/** "both_changed_aloware_wins; blocked_by_direction" → readable parts joined. */
export function reasonText(code) {
  return String(code || '')
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => REASON_TEXT[part] || spelledOut(part).toLowerCase())
    .join('; ');
}
