/** Pure view models for the health panel. */
import { formatNumber, outcomeText, percent, reasonText } from 'c/alowareUtils';

const STATUS_TEXT = {
  ok: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
};

const recordUrl = (record) => `/lightning/r/${record.object}/${record.id}/view`;
const ms = (value) => (value === null || value === undefined ? '—' : `${formatNumber(value)} ms`);
const reach = (part) => (part && part.reachable ? 'Reachable' : 'Unreachable');

export function healthSummary(health) {
  const sf = health.salesforce || {};
  const al = health.aloware || {};
  const q = health.queues || {};
  const lat = health.latency || {};
  return {
    statusText: STATUS_TEXT[health.status] || health.status,
    statusClass: `slds-badge slds-m-left_x-small health-status status-${health.status} ${health.status === 'ok' ? 'slds-theme_success' : 'slds-theme_warning'}`,
    systems: [
      { key: 'redis', label: 'Queue store (Redis)', value: reach(health.redis) },
      { key: 'salesforce', label: 'Salesforce API', value: reach(sf) },
      { key: 'aloware', label: 'Aloware API', value: reach(al) },
    ],
    queue: [
      { key: 'depth', label: 'Queue depth', value: formatNumber(q.depth || 0) },
      { key: 'waiting', label: 'Waiting', value: formatNumber(q.waiting || 0) },
      { key: 'active', label: 'Active', value: formatNumber(q.active || 0) },
      { key: 'delayed', label: 'Delayed', value: formatNumber(q.delayed || 0) },
    ],
    latency: [
      {
        key: 'toAloware',
        label: 'Salesforce → Aloware (p50 / p95)',
        value: `${ms(lat.toAlowareP50Ms)} / ${ms(lat.toAlowareP95Ms)}`,
      },
      {
        key: 'toSalesforce',
        label: 'Aloware → Salesforce (p50 / p95)',
        value: `${ms(lat.toSalesforceP50Ms)} / ${ms(lat.toSalesforceP95Ms)}`,
      },
    ],
    budget: [
      {
        key: 'salesforce',
        label: 'Salesforce API calls (last 24 h)',
        value: `${formatNumber(sf.apiUsed)} of ${formatNumber(sf.apiLimit)} (${percent(sf.apiUsed, sf.apiLimit)}%)${sf.throttled ? ' · throttled' : ''}`,
      },
      {
        key: 'aloware',
        label: 'Aloware requests (last minute)',
        value: `${formatNumber(al.usedLastMinute)} of ${formatNumber(al.requestsPerMinute)} per minute${al.budgetLimiting ? ' · the budget limits throughput (raise ALOWARE_REQUESTS_PER_MINUTE if Aloware allows)' : ''}`,
      },
    ],
    counts: `${formatNumber(health.failedCount || 0)} failed · ${formatNumber(health.parkedCount || 0)} parked activities`,
    recentErrors: (health.recentErrors || []).map((e, i) => ({ key: `e${i}`, ...e })),
  };
}

const KIND_TEXT = {
  to_aloware: 'Salesforce → Aloware',
  to_salesforce: 'Aloware → Salesforce',
  activity: 'Call/SMS activity',
};

function failedRows(items) {
  return (items || []).map((item) => ({
    ...item,
    kindText: KIND_TEXT[item.kind] || item.kind,
    recordText: item.recordId ? `${item.object || ''} ${item.recordId}`.trim() : '—',
    retryText: `Retry ${item.id}`,
    dismissText: `Dismiss ${item.id}`,
  }));
}

/** Failed items grouped by reason (largest group first), as HubSpot's sync health groups errors. */
export function failedGroups(items, busyIds = []) {
  const groups = new Map();
  failedRows(items).forEach((row) => {
    const reason = row.reason || 'No reason given';
    if (!groups.has(reason)) {
      groups.set(reason, []);
    }
    groups.get(reason).push({ ...row, busy: busyIds.includes(row.id) });
  });
  return [...groups.entries()]
    .map(([reason, rows], index) => ({
      key: `g${index}-${rows[0].id}`,
      reason,
      rows,
      count: rows.length,
      countText: `${rows.length} ${rows.length === 1 ? 'item' : 'items'}`,
      records: [...new Set(rows.map((r) => r.recordText).filter((t) => t !== '—'))].join(', ') || '—',
      retryAllLabel: `Retry all (${rows.length})`,
      retryAllText: `Retry the ${rows.length} items that failed with: ${reason}`,
      ids: rows.map((r) => r.id).join(','),
      busy: rows.some((r) => r.busy),
    }))
    .sort((a, b) => b.count - a.count);
}

const CHANNEL_TEXT = { Call: 'Call', SMS: 'Text message' };

export function parkedRows(items, busyIds = []) {
  return (items || []).map((item) => ({
    ...item,
    channelText: CHANNEL_TEXT[item.channel] || item.channel,
    retryText: `Try logging ${item.communicationId} again`,
    busy: busyIds.includes(item.id),
  }));
}

const DIRECTION_TEXT = {
  to_aloware: 'Salesforce → Aloware',
  to_salesforce: 'Aloware → Salesforce',
  both: 'Both ways',
  none: 'No change',
};

/** Sync log entries, filtered by record id (or its start), object and outcome. */
export function syncLogRows(entries, filter = {}) {
  const record = (filter.record || '').trim().toLowerCase();
  return (entries || [])
    .filter((e) => !record || String(e.salesforceId).toLowerCase().startsWith(record))
    .filter((e) => !filter.object || e.object === filter.object)
    .filter((e) => !filter.outcome || e.outcome === filter.outcome)
    .map((e, index) => ({
      key: `${e.at}-${e.salesforceId}-${index}`,
      at: e.at,
      salesforceId: e.salesforceId,
      object: e.object || '—',
      url: recordUrl({ object: e.object, id: e.salesforceId }),
      directionText: DIRECTION_TEXT[e.direction] || e.direction,
      outcomeText: outcomeText(e.outcome) || '—',
      decisions: (e.decisions || []).map((d, i) => ({
        key: `d${i}`,
        text: `${d.field === '*' ? 'All mapped fields' : d.field}: ${reasonText(d.reason)}`,
      })),
    }));
}

/** Outcome filter choices: "All outcomes" plus each outcome present, in words. */
export function outcomeOptions(entries) {
  const codes = [...new Set((entries || []).map((e) => e.outcome).filter(Boolean))].sort();
  return [{ label: 'All outcomes', value: '' }, ...codes.map((c) => ({ label: outcomeText(c), value: c }))];
}

export function identityView(report) {
  const shared = ((report && report.sharedPhones) || []).map((group) => ({
    // Masked numbers can repeat (same last digits): the records make the key unique.
    key: `${group.phoneMasked}:${(group.records || []).map((r) => r.id).join(',')}`,
    phoneMasked: group.phoneMasked,
    records: (group.records || []).map((r) => ({
      ...r,
      url: recordUrl(r),
      linked: r.id === group.linkedId,
    })),
  }));
  const unparseable = ((report && report.unparseable) || []).map((u) => ({
    ...u,
    key: `${u.recordId}-${u.field}`,
    url: recordUrl({ object: u.object, id: u.recordId }),
  }));
  return { shared, unparseable };
}
