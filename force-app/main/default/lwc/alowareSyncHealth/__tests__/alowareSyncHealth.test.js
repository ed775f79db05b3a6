import { createElement } from 'lwc';
import AlowareSyncHealth from 'c/alowareSyncHealth';
import getHealth from '@salesforce/apex/AlowareHealthController.getHealth';
import getFailedItems from '@salesforce/apex/AlowareHealthController.getFailedItems';
import retryFailedItem from '@salesforce/apex/AlowareHealthController.retryFailedItem';
import dismissFailedItem from '@salesforce/apex/AlowareHealthController.dismissFailedItem';
import getIdentityReport from '@salesforce/apex/AlowareHealthController.getIdentityReport';

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

  it('lists failed items, and Retry sends the item id and removes the row', async () => {
    mockAll();
    retryFailedItem.mockResolvedValue(true);
    const element = await render();
    const toasts = toastsOf(element);
    const rows = $$(element, '.failed-items tbody tr');
    expect(rows.map((r) => r.dataset.id)).toEqual(['fail-1', 'fail-2']);
    expect(rows[0].textContent).toContain('Salesforce → Aloware');
    expect(rows[0].textContent).toContain('Contact 003000000000001AAA');
    expect(rows[0].textContent).toContain('Aloware rejected the phone number');
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
});
