import { createElement } from 'lwc';
import AlowareSyncHealth from 'c/alowareSyncHealth';
import getHealth from '@salesforce/apex/AlowareHealthController.getHealth';
import getFailedItems from '@salesforce/apex/AlowareHealthController.getFailedItems';
import retryFailedItem from '@salesforce/apex/AlowareHealthController.retryFailedItem';
import dismissFailedItem from '@salesforce/apex/AlowareHealthController.dismissFailedItem';
import getIdentityReport from '@salesforce/apex/AlowareHealthController.getIdentityReport';
import getSyncLog from '@salesforce/apex/AlowareSyncLogController.getSyncLog';
import getParkedActivities from '@salesforce/apex/AlowareSyncLogController.getParkedActivities';
import retryParkedActivity from '@salesforce/apex/AlowareSyncLogController.retryParkedActivity';

const HEALTH = require('./data/health.json');
const FAILED = require('./data/failedItems.json');
const IDENTITY = require('./data/identityReport.json');

jest.mock('@salesforce/apex/AlowareHealthController.getHealth', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareHealthController.getFailedItems', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareHealthController.retryFailedItem', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareHealthController.dismissFailedItem', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareHealthController.getIdentityReport', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareSyncLogController.getSyncLog', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareSyncLogController.getParkedActivities', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareSyncLogController.retryParkedActivity', () => ({ default: jest.fn() }), {
  virtual: true,
});

const SYNC_LOG = [
  {
    at: '2026-11-28T13:05:00.000Z',
    salesforceId: '00Q000000000001EAA',
    object: 'Lead',
    direction: 'to_aloware',
    outcome: 'updated',
    decisions: [
      { field: 'FirstName', winner: 'salesforce', reason: 'salesforce_changed', direction: 'to_aloware' },
    ],
  },
  {
    at: '2026-11-28T13:04:00.000Z',
    salesforceId: '003000000000001AAA',
    object: 'Contact',
    direction: 'to_salesforce',
    outcome: 'aloware_update_not_allowed',
    decisions: [
      {
        field: 'LastName',
        winner: 'aloware',
        reason: 'aloware_changed; blocked_by_direction',
        direction: 'none',
      },
    ],
  },
];
const PARKED = [
  {
    id: 'park-1',
    communicationId: 'c-77',
    channel: 'SMS',
    phoneMasked: '+1202***0143',
    reason: 'No Lead or Contact has this number yet',
    parkedAt: '2026-11-28T12:00:00.000Z',
  },
];

// Resolves after pending promises and re-renders (the lwc-recipes flushPromises).
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const clone = (value) => JSON.parse(JSON.stringify(value));
const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const text = (element, selector) => $(element, selector).textContent.replace(/\s+/g, ' ').trim();

function mockAll({ health = HEALTH, failed = FAILED, identity = IDENTITY } = {}) {
  getHealth.mockResolvedValue(clone(health));
  getFailedItems.mockResolvedValue(clone(failed));
  getIdentityReport.mockResolvedValue(clone(identity));
  getSyncLog.mockResolvedValue(clone(SYNC_LOG));
  getParkedActivities.mockResolvedValue(clone(PARKED));
}

async function render() {
  const element = createElement('c-aloware-sync-health', { is: AlowareSyncHealth });
  document.body.appendChild(element);
  await flush();
  return element;
}

function toastsOf(element) {
  const seen = [];
  element.addEventListener('lightning__showtoast', (event) => seen.push(event.detail));
  return seen;
}

describe('c-aloware-sync-health', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('shows that the companion is reachable, the queue depth, latency and API budget used', async () => {
    mockAll();
    const element = await render();
    expect(text(element, '.companion-status')).toContain('Companion reachable');
    expect(text(element, '.health-status')).toBe('Degraded');
    expect(text(element, '[data-system="aloware"]')).toBe('Reachable');
    expect(text(element, '[data-queue="depth"]')).toBe('37');
    expect(text(element, '[data-latency="toAloware"]')).toBe('850 ms / 2,400 ms');
    expect(text(element, '[data-latency="toSalesforce"]')).toBe('1,200 ms / 3,100 ms');
    expect(text(element, '[data-budget="salesforce"]')).toBe('12,500 of 100,000 (12%)');
    expect(text(element, '[data-budget="aloware"]')).toBe('42 of 60 per minute');
    expect(text(element, '.counts')).toBe('2 failed · 1 parked activities');
    expect(text(element, '.recent-errors')).toContain('aloware: 429 Too Many Requests, retrying in 30 s');
    await expect(element).toBeAccessible();
  });

  it('says when the Aloware budget is what limits throughput', async () => {
    const health = clone(HEALTH);
    health.aloware = { ...health.aloware, usedLastMinute: 60, budgetLimiting: true };
    mockAll({ health });
    const element = await render();
    expect(text(element, '[data-budget="aloware"]')).toBe(
      '60 of 60 per minute · the budget limits throughput (raise ALOWARE_REQUESTS_PER_MINUTE if Aloware allows)',
    );
  });

  it('lists failed items, and Retry sends the item id and removes the row', async () => {
    mockAll();
    retryFailedItem.mockResolvedValue(true);
    const element = await render();
    const toasts = toastsOf(element);
    const rows = $$(element, '.failed-items tbody tr');
    expect(rows.map((r) => r.dataset.id)).toEqual(['fail-1', 'fail-2']);
    expect(rows[0].textContent).toContain('Salesforce → Aloware');
    expect(rows[0].textContent).toContain('Contact 003000000000001AAA');
    expect(text(element, '.failed-group .reason')).toBe('Aloware rejected the phone number');
    expect(rows[1].textContent).toContain('Call/SMS activity');

    rows[0].querySelector('.retry-button').click();
    await flush();

    expect(retryFailedItem).toHaveBeenCalledTimes(1);
    expect(retryFailedItem).toHaveBeenCalledWith({ itemId: 'fail-1' });
    expect($$(element, '.failed-items tbody tr').map((r) => r.dataset.id)).toEqual(['fail-2']);
    expect(toasts).toEqual([expect.objectContaining({ variant: 'success', title: 'Queued for retry' })]);
  });

  it('disables the buttons of an item while its retry is in flight', async () => {
    mockAll();
    let finish;
    retryFailedItem.mockReturnValue(
      new Promise((resolve) => {
        finish = resolve;
      }),
    );
    const element = await render();
    $(element, 'tr[data-id="fail-2"] .retry-button').click();
    await Promise.resolve();
    await Promise.resolve();
    expect($(element, 'tr[data-id="fail-2"] .retry-button').disabled).toBe(true);
    expect($(element, 'tr[data-id="fail-2"] .dismiss-button').disabled).toBe(true);
    expect($(element, 'tr[data-id="fail-1"] .retry-button').disabled).toBe(false);
    finish(true);
    await flush();
    expect($(element, 'tr[data-id="fail-2"]')).toBeNull();
  });

  it('dismisses a failed item and keeps it when the companion refuses', async () => {
    mockAll();
    dismissFailedItem
      .mockResolvedValueOnce(true)
      .mockRejectedValueOnce({ body: { message: 'Companion timed out' } });
    const element = await render();
    const toasts = toastsOf(element);
    $(element, 'tr[data-id="fail-2"] .dismiss-button').click();
    await flush();
    expect(dismissFailedItem).toHaveBeenCalledWith({ itemId: 'fail-2' });
    $(element, 'tr[data-id="fail-1"] .dismiss-button').click();
    await flush();
    expect($$(element, '.failed-items tbody tr').map((r) => r.dataset.id)).toEqual(['fail-1']);
    expect(toasts.map((t) => t.variant)).toEqual(['success', 'error']);
    expect(toasts[1].message).toBe('Companion timed out');
  });

  it('shows shared phones with the linked record and unparseable phones with the reason', async () => {
    mockAll();
    const element = await render();
    const group = $(element, '.shared-phone');
    expect(group.dataset.phone).toBe('+1202•••0143');
    const lead = group.querySelector('[data-record="00Q000000000001AAA"]');
    const contact = group.querySelector('[data-record="003000000000002AAA"]');
    expect(lead.textContent).toContain('Ada Lovelace (Lead)');
    expect(lead.querySelector('.linked-badge')).toBeNull();
    expect(contact.textContent).toContain('Ada King (Contact)');
    expect(contact.querySelector('.linked-badge').textContent).toBe('Linked to Aloware');
    expect(contact.querySelector('a').getAttribute('href')).toBe(
      '/lightning/r/Contact/003000000000002AAA/view',
    );
    expect(text(element, '.unparseable')).toBe('Lead 00Q000000000009AAA · MobilePhone: NOT_A_NUMBER');
  });

  it('says the companion is unreachable and why, while the rest still loads', async () => {
    mockAll();
    getHealth.mockRejectedValue({
      body: { message: 'Unable to tunnel through proxy (callout to companion failed)' },
    });
    getFailedItems.mockRejectedValue({ body: { message: 'Unable to tunnel through proxy' } });
    const element = await render();
    expect(text(element, '.companion-status')).toBe('Companion unreachable');
    const panels = $$(element, 'c-aloware-error-panel');
    expect(panels[0].friendlyMessage).toContain('could not reach the Aloware Sync companion');
    expect(panels[1].friendlyMessage).toBe('Failed items could not be loaded.');
    expect($(element, '.shared-phone')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('reloads everything on Refresh', async () => {
    mockAll({ failed: [] });
    const element = await render();
    expect(text(element, '.no-failed')).toBe('Nothing has failed.');
    mockAll({ health: { ...HEALTH, status: 'ok', queues: { depth: 0 } } });
    $(element, '.refresh-button').click();
    await flush();
    expect(getHealth).toHaveBeenCalledTimes(2);
    expect(getFailedItems).toHaveBeenCalledTimes(2);
    expect(getIdentityReport).toHaveBeenCalledTimes(2);
    expect(text(element, '.health-status')).toBe('Healthy');
    expect(text(element, '[data-queue="depth"]')).toBe('0');
    expect($$(element, '.failed-items tbody tr')).toHaveLength(2);
  });

  it('groups failed items by reason with counts and affected records, and retries a whole group', async () => {
    const failed = [...clone(FAILED), { ...clone(FAILED[0]), id: 'fail-3', recordId: '003000000000002AAA' }];
    mockAll({ failed });
    retryFailedItem.mockResolvedValue(true);
    const element = await render();
    const groups = $$(element, '.failed-group');
    expect(groups).toHaveLength(2);
    expect(groups[0].querySelector('.reason').textContent).toBe('Aloware rejected the phone number');
    expect(groups[0].querySelector('.group-count').textContent).toBe('2 items');
    expect(groups[0].querySelector('.affected').textContent).toBe(
      'Affected records: Contact 003000000000001AAA, Contact 003000000000002AAA',
    );
    await expect(element).toBeAccessible();

    groups[0].querySelector('.retry-all-button').click();
    await flush();
    expect(retryFailedItem.mock.calls.map(([arg]) => arg.itemId)).toEqual(['fail-1', 'fail-3']);
    expect($$(element, '.failed-group')).toHaveLength(1);
  });

  it('lists parked calls and texts and logs one again on Retry', async () => {
    mockAll();
    retryParkedActivity.mockResolvedValue(true);
    const element = await render();
    const row = $(element, '.parked tbody tr');
    expect(row.textContent).toContain('Text message c-77');
    expect(row.textContent).toContain('No Lead or Contact has this number yet');
    await expect(element).toBeAccessible();
    row.querySelector('.retry-parked-button').click();
    await flush();
    expect(retryParkedActivity).toHaveBeenCalledWith({ itemId: 'park-1' });
    expect(text(element, '.no-parked')).toBe('No calls or texts are waiting for a record.');
  });

  it('shows the sync log in words and filters it by record, object and outcome', async () => {
    mockAll();
    const element = await render();
    expect(getSyncLog).toHaveBeenCalledWith({ limitCount: 100 });
    const rows = () => $$(element, '.sync-log tbody tr');
    expect(rows()).toHaveLength(2);
    expect(rows()[0].querySelector('.outcome').textContent).toBe('Aloware contact updated');
    expect(rows()[0].textContent).toContain('FirstName: changed in Salesforce');
    expect(rows()[1].querySelector('.outcome').textContent).toBe(
      'Aloware change not written: updates go Salesforce → Aloware only',
    );
    expect(rows()[1].textContent).toContain(
      'LastName: changed in Aloware; not written: the field’s direction does not allow it',
    );
    const filter = async (name, value) => {
      $(element, `[data-filter="${name}"]`).dispatchEvent(new CustomEvent('change', { detail: { value } }));
      await flush();
    };
    await filter('object', 'Contact');
    expect(rows().map((r) => r.dataset.record)).toEqual(['003000000000001AAA']);
    await filter('object', '');
    await filter('outcome', 'updated');
    expect(rows().map((r) => r.dataset.record)).toEqual(['00Q000000000001EAA']);
    await filter('record', '003');
    expect(rows()).toHaveLength(0);
    expect(text(element, '.no-log')).toBe('No syncs match these filters.');
    expect(text(element, '.log-summary')).toBe('0 of 2 recent syncs');
    await expect(element).toBeAccessible();
  });
});
