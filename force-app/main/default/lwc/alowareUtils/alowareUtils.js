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
