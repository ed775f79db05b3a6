/** Pure view models for operations: what the panel shows for a plan, progress and the recent runs list. */
import { formatDuration, formatNumber, isTerminalStatus, percent, reasonText } from 'c/alowareUtils';

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

function statusLabel(status) {
  return STATUS_LABELS[status] || status;
}

export function planStats(plan, kind) {
  if (!plan) {
    return [];
  }
  const calls = plan.apiCalls || {};
  if (kind === 'push') {
    return [
      ['creates', 'Salesforce records to create', plan.creates],
      ['updates', 'Salesforce records to update', plan.updates],
      ['skips', 'Not written (skipped)', plan.skips],
      ['invalidPhones', 'Invalid phone numbers', plan.invalidPhones],
      ['apiSalesforce', 'Salesforce writes', calls.salesforce],
      ['apiAloware', 'Aloware lookups', calls.aloware],
    ].map(([key, label, value]) => ({ key, label, value: formatNumber(value) }));
  }
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

/** The sample groups of a dry run, in this order, with the plan count each one samples. */
const SAMPLE_GROUPS = [
  ['create', 'To create in Aloware', 'creates'],
  ['update', 'To update in Aloware', 'updates'],
  ['skip', 'Skipped', 'skips'],
  ['conflict', 'Changed on both sides', 'conflicts'],
  ['invalid_phone', 'Phone number cannot be read', 'invalidPhones'],
  ['ambiguous', 'Records sharing a phone', 'ambiguousGroups'],
];

const listText = (names) => (names || []).join(', ');

/** The groups of a push from Aloware (an uploaded file's rows). */
const PUSH_GROUPS = [
  ['create', 'To create in Salesforce', 'creates'],
  ['update', 'To update in Salesforce', 'updates'],
  ['skip', 'Skipped', 'skips'],
  ['invalid_phone', 'Phone number cannot be read', 'invalidPhones'],
  ['failed', 'Failed', undefined],
];

const PUSH_TEXT = {
  no_salesforce_record: 'No Salesforce record has this phone number: one is created',
  in_sync:
    'A Salesforce record has this phone number and the same values: it is linked, nothing else changes',
  update_not_allowed: 'Not updated: updating Salesforce from Aloware is off for this object',
  create_not_allowed: 'Not created: creating in Salesforce from Aloware is off',
  record_deleted: 'Its Salesforce record was deleted: it is not brought back',
  not_in_aloware: 'No Aloware contact has this phone number (deleted since the export?)',
  duplicate_in_file: 'The same phone number is on an earlier row of the file',
  empty: 'The phone number is empty: the row is skipped',
  not_a_number: 'The phone number cannot be read: the row is skipped',
};

/** Why the push does this with the row, in words. */
function pushReason(sample) {
  const fields = listText(sample.fields);
  if (sample.outcome === 'update') {
    const how =
      sample.reason === 'matched_by_phone'
        ? 'A Salesforce record has this phone number: it is linked'
        : 'Linked to a Salesforce record';
    return fields ? `${how}; changes ${fields}` : how;
  }
  if (sample.outcome === 'failed') {
    return `Salesforce refused the write (${sample.reason})`;
  }
  return PUSH_TEXT[sample.reason] || reasonText(sample.reason);
}

const SKIP_TEXT = {
  in_sync: 'Already in sync: nothing to change',
  sync_disabled: 'Sync is off for this object',
  create_not_allowed: 'Not created: creating in Aloware is off for this object',
  no_phone: 'No phone number to match on',
  invalid_phone: 'The phone number cannot be read',
  converted_lead: 'The Lead was converted',
  not_priority: 'Another record with this phone has priority',
};

const PHONE_TEXT = {
  empty: 'empty',
  too_short: 'too short',
  too_long: 'too long',
  invalid_for_region: 'not valid for the default region',
  not_a_number: 'not a phone number',
};

/** Why the plan does this with the record, in words. */
function sampleReason(sample) {
  const fields = listText(sample.fields);
  switch (sample.outcome) {
    case 'create':
      return 'No Aloware contact has this phone number: a new contact is created';
    case 'update': {
      const how =
        sample.reason === 'matched_by_phone'
          ? 'An Aloware contact has this phone number: the record is linked to it'
          : 'Linked to an Aloware contact';
      return fields ? `${how}; changes ${fields}` : `${how}; nothing else changes`;
    }
    case 'skip':
      return SKIP_TEXT[sample.reason] || reasonText(sample.reason);
    case 'conflict':
      return `${fields || 'A field'} changed on both sides: ${reasonText(sample.reason)}`;
    case 'invalid_phone':
      return `${fields || 'Phone'} is ${PHONE_TEXT[sample.reason] || reasonText(sample.reason)}: the record is skipped`;
    case 'ambiguous': {
      const others = sample.sharedWith || [];
      const noun = others.length === 1 ? 'record' : 'records';
      return `Shares its phone number with ${others.length} other ${noun} (${listText(others)}): one is chosen by priority`;
    }
    default:
      return reasonText(sample.reason);
  }
}

/** A dry run's samples grouped by outcome: a title, "n of total" and one row per record with the reason. */
export function sampleGroups(operation) {
  const samples = (operation && operation.samples) || [];
  const plan = (operation && operation.plan) || {};
  const push = Boolean(operation) && operation.kind === 'push';
  return (push ? PUSH_GROUPS : SAMPLE_GROUPS)
    .map(([outcome, title, countKey]) => {
      const rows = samples
        .filter((s) => s.outcome === outcome)
        .map((s, i) => ({
          key: `${outcome}-${s.recordId}-${s.row}-${i}`,
          recordId: s.recordId,
          recordUrl: s.recordId ? `/lightning/r/${s.recordId}/view` : undefined,
          name: push ? `Row ${s.row}${s.name ? `: ${s.name}` : ''}` : s.name || s.recordId,
          reason: push ? pushReason(s) : sampleReason(s),
        }));
      const counted = countKey === undefined ? undefined : plan[countKey];
      const total = counted === undefined || counted === null ? rows.length : counted;
      return {
        key: outcome,
        title,
        countText: `${formatNumber(rows.length)} of ${formatNumber(total)}`,
        caption: `${title}: a sample of ${formatNumber(rows.length)} of ${formatNumber(total)} records`,
        rows,
      };
    })
    .filter((g) => g.rows.length > 0);
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
    title:
      operation.kind === 'push'
        ? `${operation.dryRun ? 'Preview (dry run) of the push' : 'Push'} from Aloware into Salesforce`
        : `${operation.dryRun ? 'Preview (dry run)' : 'Pull'} of ${operation.object}s`,
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

/** What a push from Aloware is offered for: one file as read (name, size, last change). */
export function fileKey(file) {
  return file ? `push|${file.name}|${file.size}|${file.lastModified}` : undefined;
}

/** The confirmation before a push writes to Salesforce, with the preview's numbers. */
export function confirmPushMessage(fileName, plan) {
  const p = plan || {};
  return (
    `This writes to Salesforce now: ${formatNumber(p.creates || 0)} records created, ` +
    `${formatNumber(p.updates || 0)} updated, ${formatNumber((p.skips || 0) + (p.invalidPhones || 0))} rows ` +
    `skipped (from the preview of ${fileName}). Records written stay written if you cancel later.`
  );
}

export function recentRunRows(operations) {
  return (operations || []).map((op) => {
    const p = op.progress || {};
    const push = op.kind === 'push';
    const what = push
      ? `${op.dryRun ? 'preview of the push' : 'push'} from Aloware`
      : `${op.dryRun ? 'preview' : 'pull'} of ${op.object}s`;
    return {
      id: op.id,
      openText: `Open the ${what} started ${op.createdAt}`,
      object: push ? 'Push from Aloware' : op.object,
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
