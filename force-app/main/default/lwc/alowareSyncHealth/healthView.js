/** Pure view models for the health panel. */
import { formatNumber, percent } from 'c/alowareUtils';

const STATUS_TEXT = {
  ok: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
};

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
        value: `${formatNumber(al.usedLastMinute)} of ${formatNumber(al.requestsPerMinute)} per minute`,
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

export function failedRows(items) {
  return (items || []).map((item) => ({
    ...item,
    kindText: KIND_TEXT[item.kind] || item.kind,
    recordText: item.recordId ? `${item.object || ''} ${item.recordId}`.trim() : '—',
    retryText: `Retry ${item.id}`,
    dismissText: `Dismiss ${item.id}`,
  }));
}

const recordUrl = (record) => `/lightning/r/${record.object}/${record.id}/view`;

export function identityView(report) {
  const shared = ((report && report.sharedPhones) || []).map((group) => ({
    key: group.phoneMasked,
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
