/** Pure view models for operations: what the panel shows for a plan, progress and the recent runs list. */
import { formatDuration, formatNumber, isTerminalStatus, percent } from 'c/alowareUtils';

export const FILTER_OPERATORS = ['=', '!=', '<', '>', '<=', '>=', 'LIKE'].map((op) => ({
  label: op,
  value: op,
}));

const STATUS_LABELS = {
  queued: 'Queued',
  running: 'Running',
  cancelled: 'Cancelled',
  completed: 'Completed',
  failed: 'Failed',
};

export function statusLabel(status) {
  return STATUS_LABELS[status] || status;
}

export function planStats(plan) {
  if (!plan) {
    return [];
  }
  const calls = plan.apiCalls || {};
  return [
    ['creates', 'Aloware contacts to create', plan.creates],
    ['updates', 'Aloware contacts to update', plan.updates],
    ['skips', 'Unchanged (skipped)', plan.skips],
    ['conflicts', 'Conflicts', plan.conflicts],
    ['invalidPhones', 'Invalid phone numbers', plan.invalidPhones],
    ['ambiguousGroups', 'Records sharing a phone', plan.ambiguousGroups],
    ['apiSalesforce', 'Salesforce API calls', calls.salesforce],
    ['apiAloware', 'Aloware API calls', calls.aloware],
  ].map(([key, label, value]) => ({ key, label, value: formatNumber(value) }));
}

export function progressView(operation) {
  const p = operation.progress || {};
  return {
    percent: percent(p.processed, p.total),
    processedText: `${formatNumber(p.processed || 0)} of ${formatNumber(p.total || 0)} records`,
    counts: [
      ['created', 'Created', p.created],
      ['updated', 'Updated', p.updated],
      ['skipped', 'Skipped', p.skipped],
      ['failed', 'Failed', p.failed],
    ].map(([key, label, value]) => ({ key, label, value: formatNumber(value || 0) })),
    rateText: p.ratePerSecond ? `${formatNumber(p.ratePerSecond)} records/s` : '—',
    etaText: isTerminalStatus(operation.status) ? '—' : formatDuration(p.etaSeconds),
    statusText: statusLabel(operation.status),
    title: `${operation.dryRun ? 'Preview (dry run)' : 'Pull'} of ${operation.object}s`,
  };
}

/** What Run is offered for: one object with one filter. */
export function selectionKey(objectName, filterJson) {
  return `${objectName}|${filterJson || ''}`;
}

/** The confirmation before a pull writes to Aloware, with the preview's numbers. */
export function confirmMessage(objectPlural, plan) {
  const p = plan || {};
  return (
    `This writes to Aloware now: ${formatNumber(p.creates || 0)} contacts created, ` +
    `${formatNumber(p.updates || 0)} updated, ${formatNumber(p.skips || 0)} left as they are ` +
    `(from the preview of these ${objectPlural}). Records written stay written if you cancel later.`
  );
}

export function recentRunRows(operations) {
  return (operations || []).map((op) => {
    const p = op.progress || {};
    return {
      id: op.id,
      openText: `Open the ${op.dryRun ? 'preview' : 'pull'} of ${op.object}s started ${op.createdAt}`,
      object: op.object,
      mode: op.dryRun ? 'Dry run' : 'Run',
      status: statusLabel(op.status),
      processed: `${formatNumber(p.processed || 0)} / ${formatNumber(p.total || 0)}`,
      createdAt: op.createdAt,
    };
  });
}

function typedValue(text) {
  const value = (text || '').trim();
  if (/^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  return value === 'null' ? null : value;
}

/** Filter rows → { filterJson, errors }; rows without a field are ignored. */
export function buildFilter(rows) {
  const used = rows.filter((r) => (r.field || '').trim() !== '');
  const errors = used
    .filter((r) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(r.field.trim()))
    .map((r) => `"${r.field}" is not a field API name (for example LeadSource or Region__c).`);
  const filter = used.map((r) => ({ field: r.field.trim(), op: r.op, value: typedValue(r.value) }));
  return { errors, filterJson: filter.length ? JSON.stringify(filter) : null };
}
