import { createElement } from 'lwc';
import AlowareRecordCard from 'c/alowareRecordCard';
import getRecordCard from '@salesforce/apex/AlowareRecordCardController.getRecordCard';
import syncNow from '@salesforce/apex/AlowareRecordCardController.syncNow';

const LINKED = require('./data/linkedCard.json');
const UNLINKED = require('./data/unlinkedCard.json');

jest.mock('@salesforce/apex/AlowareRecordCardController.getRecordCard', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareRecordCardController.syncNow', () => ({ default: jest.fn() }), {
  virtual: true,
});

// Resolves after pending promises and re-renders (the lwc-recipes flushPromises).
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const clone = (value) => JSON.parse(JSON.stringify(value));
const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const text = (node) => node.textContent.replace(/\s+/g, ' ').trim();

async function render(card, recordId = card ? card.recordId : '003000000000002AAA') {
  if (card) {
    getRecordCard.mockResolvedValue(clone(card));
  }
  const element = createElement('c-aloware-record-card', { is: AlowareRecordCard });
  element.recordId = recordId;
  document.body.appendChild(element);
  await flush();
  return element;
}

function toastsOf(element) {
  const seen = [];
  element.addEventListener('lightning__showtoast', (event) => seen.push(event.detail));
  return seen;
}

describe('c-aloware-record-card', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('links a synced record to its Aloware contact and shows the last sync', async () => {
    const element = await render(LINKED);
    expect(getRecordCard).toHaveBeenCalledWith({ recordId: '003000000000002AAA' });
    const link = $(element, '.linked a');
    expect(link.getAttribute('href')).toBe('https://app.aloware.com/contacts/4815162342');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(text(link)).toBe('Open Aloware contact 4815162342');
    expect($(element, '.last-synced lightning-formatted-date-time').value).toBe('2026-11-28T14:02:00.000Z');
    expect(text($(element, '.last-outcome'))).toBe('Updated in Aloware');
    expect($(element, '.not-linked')).toBeNull();
    expect($(element, '.companion-warning')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('lists the latest calls and texts with channel, direction, date, duration and recording', async () => {
    const element = await render(LINKED);
    const [call, sms] = $$(element, '.activity');
    expect(text(call.querySelector('.subject'))).toBe('Outbound call with Ada King');
    expect(text(call.querySelector('.detail'))).toBe('Call · Outbound · 3m 05s');
    expect(call.querySelector('lightning-icon').iconName).toBe('utility:call');
    // The date and the time the Task was logged (ActivityDate alone has no time).
    const when = call.querySelector('.date');
    expect(when.value).toBe('2026-11-28T15:04:00.000Z');
    expect([when.year, when.month, when.day, when.hour, when.minute]).toEqual([
      'numeric',
      'short',
      '2-digit',
      '2-digit',
      '2-digit',
    ]);
    expect(sms.querySelector('.date').value).toBe('2026-11-27T09:30:00.000Z');
    expect(call.querySelector('.recording').getAttribute('href')).toBe(
      'https://recordings.aloware.com/r/abc.mp3',
    );
    expect(call.querySelector('.recording').getAttribute('aria-label')).toBe(
      'Recording of Outbound call with Ada King',
    );
    expect(text(sms.querySelector('.detail'))).toBe('SMS · Inbound');
    expect(sms.querySelector('lightning-icon').alternativeText).toBe('Text message');
    expect(sms.querySelector('.recording')).toBeNull();
  });

  it('shows the date alone for a Task without a logged time', async () => {
    const activities = LINKED.activities.map((a) => ({ ...a, loggedAt: null }));
    const element = await render({ ...LINKED, activities });
    const date = $$(element, '.activity')[0].querySelector('.date');
    expect(date.value).toBe('2026-11-28');
    expect(date.hour).toBeUndefined();
  });

  it('names the linked contact without a link when the companion gave no Aloware app URL', async () => {
    const element = await render({
      ...LINKED,
      alowareUrl: null,
      companionError: 'The companion could not be reached.',
    });
    expect($(element, '.linked a')).toBeNull();
    expect(text($(element, '.linked .no-link'))).toBe(
      'Aloware contact 4815162342 (the link needs the companion)',
    );
    await expect(element).toBeAccessible();
  });

  it('shows the "Not linked yet" state for a record that was never synced', async () => {
    const element = await render(UNLINKED);
    expect(text($(element, '.not-linked'))).toContain('Not linked yet');
    expect($(element, '.linked')).toBeNull();
    expect(text($(element, '.last-synced'))).toBe('Never');
    expect(text($(element, '.last-outcome'))).toBe('No sync yet');
    expect(text($(element, '.no-activities'))).toBe('No calls or texts logged yet.');
    expect($(element, '.sync-now').disabled).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('requests a sync for this record and confirms with a toast', async () => {
    let finish;
    syncNow.mockReturnValue(
      new Promise((resolve) => {
        finish = resolve;
      }),
    );
    const element = await render(UNLINKED);
    const toasts = toastsOf(element);
    $(element, '.sync-now').click();
    await Promise.resolve();
    expect(syncNow).toHaveBeenCalledWith({ recordId: '00Q000000000001AAA' });
    expect($(element, '.sync-now').disabled).toBe(true);
    finish(true);
    await flush();
    expect($(element, '.sync-now').disabled).toBe(false);
    expect(toasts).toEqual([expect.objectContaining({ variant: 'success', title: 'Sync requested' })]);
  });

  it('tells the rep why a sync could not be requested', async () => {
    syncNow.mockRejectedValue({ body: { message: 'The Aloware companion is not reachable.' } });
    const element = await render(LINKED);
    const toasts = toastsOf(element);
    $(element, '.sync-now').click();
    await flush();
    expect(toasts).toEqual([
      expect.objectContaining({ variant: 'error', message: 'The Aloware companion is not reachable.' }),
    ]);
  });

  it('still shows the Tasks when the companion cannot tell the last outcome', async () => {
    const element = await render({ ...LINKED, lastOutcome: null, companionError: 'Companion timed out.' });
    expect(text($(element, '.companion-warning'))).toBe(
      'Sync status is unavailable right now: Companion timed out.',
    );
    expect(text($(element, '.last-outcome'))).toBe('Unknown');
    expect($$(element, '.activity')).toHaveLength(2);
    await expect(element).toBeAccessible();
  });

  it('explains when the card cannot be loaded and offers no sync', async () => {
    getRecordCard.mockRejectedValue({ body: { message: 'Insufficient access to this record.' } });
    const element = await render(null, '00Q000000000001AAA');
    expect($(element, 'c-aloware-error-panel').friendlyMessage).toBe(
      'Aloware details could not be loaded for this record.',
    );
    expect($(element, '.sync-now').disabled).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('shows the outcome in words and reads the card again after Sync now', async () => {
    syncNow.mockResolvedValue(true);
    const element = await render({ ...LINKED, lastOutcome: 'aloware_update_not_allowed' });
    jest.useFakeTimers();
    try {
      expect(text($(element, '.last-outcome'))).toBe(
        'Aloware change not written: updates go Salesforce → Aloware only',
      );
      getRecordCard.mockResolvedValue({ ...clone(LINKED), lastOutcome: 'updated' });
      $(element, '.sync-now').click();
      await jest.advanceTimersByTimeAsync(0);
      expect(getRecordCard).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(3000);
      expect(getRecordCard).toHaveBeenCalledTimes(2);
      expect(text($(element, '.last-outcome'))).toBe('Aloware contact updated');
    } finally {
      jest.useRealTimers();
    }
    await expect(element).toBeAccessible();
  });
});
