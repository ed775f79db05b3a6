import { createElement } from 'lwc';
import AlowareOneTimeOperations from 'c/alowareOneTimeOperations';
import startOperation from '@salesforce/apex/AlowareOperationsController.startOperation';
import getOperation from '@salesforce/apex/AlowareOperationsController.getOperation';
import cancelOperation from '@salesforce/apex/AlowareOperationsController.cancelOperation';
import listOperations from '@salesforce/apex/AlowareOperationsController.listOperations';
import startPush from '@salesforce/apex/AlowareOperationsController.startPush';
import LightningConfirm from 'lightning/confirm';

const DATA = require('./data/operations.json');

jest.mock('@salesforce/apex/AlowareOperationsController.startOperation', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareOperationsController.getOperation', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareOperationsController.cancelOperation', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareOperationsController.listOperations', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AlowareOperationsController.startPush', () => ({ default: jest.fn() }), {
  virtual: true,
});

const POLL_MS = 2000;
const settle = () => jest.advanceTimersByTimeAsync(0);
const clone = (value) => JSON.parse(JSON.stringify(value));
const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const text = (element, selector) => $(element, selector).textContent.replace(/\s+/g, ' ').trim();
const stat = (element, key) => text(element, `[data-stat="${key}"]`);
const count = (element, key) => text(element, `[data-count="${key}"]`);

async function render(recent = DATA.recent) {
  listOperations.mockResolvedValue(clone(recent));
  const element = createElement('c-aloware-one-time-operations', { is: AlowareOneTimeOperations });
  document.body.appendChild(element);
  await settle();
  return element;
}

/** axe (sa11y) needs real timers; every call sits at the end of a test, so no fake timer is lost. */
async function accessible(element) {
  jest.useRealTimers();
  await expect(element).toBeAccessible();
}

/** A completed preview of the current selection, which unlocks Run. */
async function previewDone(element, object = 'Contact') {
  startOperation.mockResolvedValueOnce({ ...clone(DATA.dryRunDone), object });
  await click(element, '.preview-button');
}

async function click(element, selector) {
  $(element, selector).click();
  await settle();
}

async function setFilter(element, index, prop, value) {
  const input = $$(element, `.filter-row [data-prop="${prop}"]`)[index];
  input.value = value;
  input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await settle();
}

const CSV = 'Phone Number,First Name,Last Name\n+12025550143,Ada,Push\n';
/** A completed push preview: one row to create, one linked, one repeated, one unreadable phone. */
const PUSH_DONE = {
  id: 'op-push-1',
  kind: 'push',
  object: 'Contact',
  dryRun: true,
  status: 'completed',
  createdAt: '2026-11-28T15:00:00.000Z',
  updatedAt: '2026-11-28T15:00:02.000Z',
  progress: {
    total: 4,
    processed: 4,
    created: 1,
    updated: 0,
    skipped: 3,
    failed: 0,
    ratePerSecond: 2,
    etaSeconds: 0,
  },
  plan: {
    creates: 1,
    updates: 0,
    skips: 2,
    conflicts: 0,
    invalidPhones: 1,
    ambiguousGroups: 0,
    apiCalls: { salesforce: 1, aloware: 4 },
  },
  samples: [
    {
      outcome: 'create',
      recordId: '',
      object: 'Contact',
      name: 'Ada Push',
      reason: 'no_salesforce_record',
      fields: [],
      row: 1,
    },
    {
      outcome: 'skip',
      recordId: '00Q000000000001EAA',
      object: 'Lead',
      name: 'Lee Held',
      reason: 'in_sync',
      fields: [],
      row: 2,
    },
    { outcome: 'skip', recordId: '', object: 'Contact', reason: 'duplicate_in_file', fields: [], row: 3 },
    { outcome: 'invalid_phone', recordId: '', object: 'Contact', reason: 'not_a_number', fields: [], row: 4 },
  ],
};

/** Real timers, captured before the tests fake them: jsdom's FileReader answers on a real turn of the loop. */
const realTimeout = setTimeout;

/** Chooses a file in the push's file input (lightning-input type="file" hands over detail.files) and waits for it. */
async function chooseFile(element, file) {
  const before = text(element, '.push-file-name');
  $(element, '.push-file').dispatchEvent(new CustomEvent('change', { detail: { files: [file] } }));
  const read = async (tries) => {
    await settle();
    if (text(element, '.push-file-name') !== before || $(element, '.push-file-error')) {
      return;
    }
    if (tries === 0) {
      throw new Error('the file was not read');
    }
    await new Promise((resolve) => realTimeout(resolve, 5));
    await read(tries - 1);
  };
  await read(200);
}

const csvFile = (name = 'contacts.csv', lastModified = 1) =>
  new File([CSV], name, { type: 'text/csv', lastModified });

describe('c-aloware-one-time-operations', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    LightningConfirm.open = jest.fn().mockResolvedValue(true);
  });

  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('lists recent runs and offers Pull Contacts / Pull Leads', async () => {
    const element = await render();
    expect($(element, '.pull-contacts').label).toBe('Pull Contacts');
    expect($(element, '.pull-leads').label).toBe('Pull Leads');
    const run = $(element, '.recent-runs tr[data-id="op-old-1"]').textContent;
    expect(run).toContain('Lead');
    expect(run).toContain('Completed');
    expect(run).toContain('1,200 / 1,200');
    expect($(element, '.operation')).toBeNull();
    expect($(element, '.run-button').disabled).toBe(true);
    expect(text(element, '.run-hint')).toContain('Preview first');
    await accessible(element);
  });

  it('previews a dry run with the filter and shows the plan numbers when it completes', async () => {
    startOperation.mockResolvedValue(clone(DATA.dryRunQueued));
    getOperation.mockResolvedValue(clone(DATA.dryRunDone));
    const element = await render([]);
    expect(text(element, '.no-runs')).toBe('No pulls or pushes yet.');

    await click(element, '.add-filter');
    await setFilter(element, 0, 'field', 'LeadSource');
    await setFilter(element, 0, 'value', 'Web');
    await click(element, '.add-filter');
    await setFilter(element, 1, 'field', 'NumberOfEmployees');
    await setFilter(element, 1, 'op', '>=');
    await setFilter(element, 1, 'value', '50');
    await click(element, '.preview-button');

    expect(startOperation).toHaveBeenCalledWith({
      objectName: 'Contact',
      dryRun: true,
      filterJson: JSON.stringify([
        { field: 'LeadSource', op: '=', value: 'Web' },
        { field: 'NumberOfEmployees', op: '>=', value: 50 },
      ]),
    });
    expect(text(element, '.status')).toBe('Status: Queued');
    expect($(element, '.preview-button').disabled).toBe(true);

    listOperations.mockResolvedValue([clone(DATA.dryRunDone)]);
    await jest.advanceTimersByTimeAsync(POLL_MS);
    expect(getOperation).toHaveBeenCalledWith({ operationId: 'op-dry-1' });
    expect(text(element, '.operation-title')).toBe('Preview (dry run) of Contacts');
    expect(stat(element, 'creates')).toBe('1,800');
    expect(stat(element, 'updates')).toBe('520');
    expect(stat(element, 'skips')).toBe('150');
    expect(stat(element, 'conflicts')).toBe('12');
    expect(stat(element, 'invalidPhones')).toBe('18');
    expect(stat(element, 'ambiguousGroups')).toBe('7');
    expect(stat(element, 'apiSalesforce')).toBe('2');
    expect(stat(element, 'apiAloware')).toBe('2,320');
    expect($(element, '.preview-button').disabled).toBe(false);
    expect($(element, '.recent-runs tr[data-id="op-dry-1"]')).not.toBeNull();
    expect($(element, '.run-button').disabled).toBe(false);
    expect(text(element, '.run-hint')).toContain('The preview of this selection is done');
    await accessible(element);
  });

  it('shows a sample of the records per outcome with the reason in words, linked to the record', async () => {
    const element = await render([]);
    startOperation.mockResolvedValueOnce({ ...clone(DATA.dryRunDone), samples: clone(DATA.dryRunSamples) });
    await click(element, '.preview-button');
    const groups = $$(element, '.sample-group');
    expect(groups.map((g) => g.dataset.outcome)).toEqual([
      'create',
      'update',
      'skip',
      'conflict',
      'invalid_phone',
      'ambiguous',
    ]);
    const caption = (outcome) =>
      $(element, `.sample-group[data-outcome="${outcome}"] .sample-caption`).textContent.replace(/\s+/g, ' ');
    expect(caption('create')).toContain('To create in Aloware (2 of 1,800)');
    expect(caption('skip')).toContain('Skipped (1 of 150)');
    const reason = (id) => text(element, `tr[data-record="${id}"] .sample-reason`);
    expect(reason('003000000000001AAA')).toBe(
      'No Aloware contact has this phone number: a new contact is created',
    );
    expect(reason('003000000000003AAA')).toBe(
      'An Aloware contact has this phone number: the record is linked to it; changes Title, Email',
    );
    expect(reason('003000000000004AAA')).toBe('Already in sync: nothing to change');
    expect(reason('003000000000005AAA')).toBe(
      'FirstName changed on both sides: changed on both sides; Salesforce wins',
    );
    expect(reason('003000000000006AAA')).toBe('Phone is too short: the record is skipped');
    expect(reason('003000000000007AAA')).toBe(
      'Shares its phone number with 1 other record (003000000000008AAA): one is chosen by priority',
    );
    const link = $(element, 'tr[data-record="003000000000001AAA"] a');
    expect(link.textContent).toBe('Ada Lovelace');
    expect(link.getAttribute('href')).toBe('/lightning/r/003000000000001AAA/view');
    expect($(element, 'tr[data-record="003000000000002AAA"] a').textContent).toBe('003000000000002AAA');
    expect(text(element, '.sample-reason')).not.toMatch(/_/);
    await accessible(element);
  });

  it('shows no sample section for a run without samples (a real pull)', async () => {
    const element = await render([]);
    await previewDone(element);
    expect($(element, '.sample-group')).toBeNull();
    expect(stat(element, 'creates')).toBe('1,800');
  });

  it('asks again for a preview when the filter changes after one', async () => {
    const element = await render([]);
    await previewDone(element);
    expect($(element, '.run-button').disabled).toBe(false);
    await click(element, '.add-filter');
    await setFilter(element, 0, 'field', 'LeadSource');
    expect($(element, '.run-button').disabled).toBe(true);
    await click(element, '.pull-leads');
    expect($(element, '.run-button').disabled).toBe(true);
    await accessible(element);
  });

  it('does not pull when the admin declines the confirmation', async () => {
    LightningConfirm.open.mockResolvedValue(false);
    const element = await render([]);
    await previewDone(element);
    await click(element, '.run-button');
    expect(LightningConfirm.open).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('1,800 contacts created, 520 updated') }),
    );
    expect(startOperation).toHaveBeenCalledTimes(1);
    expect(startOperation).toHaveBeenCalledWith(expect.objectContaining({ dryRun: true }));
  });

  it('opens a past run from the history', async () => {
    getOperation.mockResolvedValue(clone(DATA.recent[0]));
    const element = await render();
    $(element, `.recent-runs tr[data-id="${DATA.recent[0].id}"] .open-run`).click();
    await settle();
    expect(getOperation).toHaveBeenCalledWith({ operationId: DATA.recent[0].id });
    expect(text(element, '.status')).toBe('Status: Completed');
    expect($(element, '.run-button').disabled).toBe(true);
    await accessible(element);
  });

  it('runs a Lead pull without a filter and moves the progress bar to done', async () => {
    const [queued, running, done] = DATA.runSteps.map(clone);
    startOperation.mockResolvedValue({ ...queued, object: 'Lead' });
    getOperation
      .mockResolvedValueOnce({ ...running, object: 'Lead' })
      .mockResolvedValueOnce({ ...done, object: 'Lead' });
    const element = await render([]);

    await click(element, '.pull-leads');
    expect($(element, '.pull-leads').variant).toBe('brand');
    await previewDone(element, 'Lead');
    await click(element, '.run-button');
    expect(LightningConfirm.open).toHaveBeenCalledTimes(1);
    expect(startOperation).toHaveBeenCalledWith({ objectName: 'Lead', dryRun: false, filterJson: null });
    expect($(element, 'lightning-progress-bar').value).toBe(0);
    expect($(element, '.run-button').disabled).toBe(true);

    await jest.advanceTimersByTimeAsync(POLL_MS);
    expect($(element, 'lightning-progress-bar').value).toBe(40);
    expect(text(element, '.processed')).toBe('1,000 of 2,500 records (40%)');
    expect(count(element, 'created')).toBe('700');
    expect(count(element, 'updated')).toBe('250');
    expect(count(element, 'skipped')).toBe('45');
    expect(count(element, 'failed')).toBe('5');
    expect(text(element, '.rate')).toBe('Rate: 100 records/s · Time left: 15s');
    expect($(element, '.cancel-button')).not.toBeNull();

    await jest.advanceTimersByTimeAsync(POLL_MS);
    expect($(element, 'lightning-progress-bar').value).toBe(100);
    expect(text(element, '.status')).toBe('Status: Completed');
    expect(count(element, 'failed')).toBe('45');
    expect($(element, '.cancel-button')).toBeNull();
    expect($(element, '.run-button').disabled).toBe(false);

    await jest.advanceTimersByTimeAsync(POLL_MS * 5);
    expect(getOperation).toHaveBeenCalledTimes(2);
    await accessible(element);
  });

  it('cancels a running pull and stops polling', async () => {
    const [, running] = DATA.runSteps.map(clone);
    startOperation.mockResolvedValue(running);
    cancelOperation.mockResolvedValue({ ...running, status: 'cancelled' });
    const element = await render([]);
    const toasts = [];
    element.addEventListener('lightning__showtoast', (e) => toasts.push(e.detail));
    await previewDone(element);
    startOperation.mockResolvedValue(running);
    await click(element, '.run-button');
    await click(element, '.cancel-button');

    expect(cancelOperation).toHaveBeenCalledWith({ operationId: 'op-run-1' });
    expect(text(element, '.status')).toBe('Status: Cancelled');
    expect(toasts).toEqual([expect.objectContaining({ variant: 'info', title: 'Pull cancelled' })]);
    await jest.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(getOperation).not.toHaveBeenCalled();
  });

  it('resumes following a pull that is still running when the page opens', async () => {
    const [, running, done] = DATA.runSteps.map(clone);
    getOperation.mockResolvedValue(done);
    const element = await render([running, ...DATA.recent]);
    expect(text(element, '.status')).toBe('Status: Running');
    await jest.advanceTimersByTimeAsync(POLL_MS);
    expect(getOperation).toHaveBeenCalledWith({ operationId: 'op-run-1' });
    expect(text(element, '.status')).toBe('Status: Completed');
  });

  it('refuses a filter field that is not an API name', async () => {
    const element = await render([]);
    await click(element, '.add-filter');
    await setFilter(element, 0, 'field', 'Lead Source');
    await click(element, '.preview-button');
    expect(startOperation).not.toHaveBeenCalled();
    expect(text(element, '.filter-errors')).toContain('"Lead Source" is not a field API name');
    await accessible(element);
  });

  it('explains when the companion refuses to start', async () => {
    startOperation.mockRejectedValue({ body: { message: 'Another pull is already running.' } });
    const element = await render([]);
    const toasts = [];
    element.addEventListener('lightning__showtoast', (e) => toasts.push(e.detail));
    await click(element, '.preview-button');
    expect(toasts).toEqual([
      expect.objectContaining({ variant: 'error', message: 'Another pull is already running.' }),
    ]);
    expect($(element, 'c-aloware-error-panel')).not.toBeNull();
    expect($(element, '.preview-button').disabled).toBe(false);
  });

  describe('one-time push from Aloware', () => {
    it('offers the upload with Preview and Run push locked until a file is chosen', async () => {
      const element = await render([]);
      const input = $(element, '.push-file');
      expect(input.type).toBe('file');
      expect(input.accept).toBe('.csv');
      expect(text(element, '.push-file-name')).toBe('No file chosen yet.');
      expect($(element, '.push-preview-button').disabled).toBe(true);
      expect($(element, '.push-run-button').disabled).toBe(true);
      await accessible(element);
    });

    it('previews the chosen file and shows each outcome with rows and reasons in words', async () => {
      startPush.mockResolvedValueOnce({ ...clone(PUSH_DONE), status: 'queued', samples: [] });
      getOperation.mockResolvedValue(clone(PUSH_DONE));
      const element = await render([]);
      await chooseFile(element, csvFile());
      expect(text(element, '.push-file-name')).toBe('contacts.csv (1 KB)');
      expect($(element, '.push-run-button').disabled).toBe(true);
      await click(element, '.push-preview-button');
      expect(startPush).toHaveBeenCalledWith({ csvText: CSV, dryRun: true });

      listOperations.mockResolvedValue([clone(PUSH_DONE)]);
      await jest.advanceTimersByTimeAsync(POLL_MS);
      expect(text(element, '.operation-title')).toBe(
        'Preview (dry run) of the push from Aloware into Salesforce',
      );
      expect(stat(element, 'creates')).toBe('1');
      expect(stat(element, 'skips')).toBe('2');
      expect(stat(element, 'invalidPhones')).toBe('1');
      expect($(element, '[data-stat="conflicts"]')).toBeNull();
      const create = $(element, '.sample-group[data-outcome="create"]');
      expect(create.textContent).toContain('To create in Salesforce (1 of 1)');
      expect(create.textContent).toContain('Row 1: Ada Push');
      expect(create.textContent).toContain('No Salesforce record has this phone number');
      expect(create.querySelector('a')).toBeNull();
      const skip = $(element, '.sample-group[data-outcome="skip"]');
      expect(skip.querySelector('tr[data-record="00Q000000000001EAA"] a').getAttribute('href')).toBe(
        '/lightning/r/00Q000000000001EAA/view',
      );
      expect(skip.textContent).toContain('it is linked, nothing else changes');
      expect(skip.textContent).toContain('The same phone number is on an earlier row of the file');
      expect($(element, '.sample-group[data-outcome="invalid_phone"]').textContent).toContain('Row 4');
      const history = $(element, '.recent-runs tr[data-id="op-push-1"]').textContent;
      expect(history).toContain('Push from Aloware');
      expect(history).toContain('Dry run');
      expect($(element, '.push-run-button').disabled).toBe(false);
      expect(text(element, '.push-hint')).toContain('The preview of this file is done');
      expect($(element, '.run-button').disabled).toBe(true);
      await accessible(element);
    });

    it('runs the push only after the confirmation, and a new file asks for a preview again', async () => {
      startPush.mockResolvedValueOnce(clone(PUSH_DONE));
      const element = await render([]);
      await chooseFile(element, csvFile());
      await click(element, '.push-preview-button');
      LightningConfirm.open.mockResolvedValueOnce(false);
      await click(element, '.push-run-button');
      expect(LightningConfirm.open).toHaveBeenCalledWith(
        expect.objectContaining({
          message: expect.stringContaining(
            'This writes to Salesforce now: 1 records created, 0 updated, 3 rows',
          ),
        }),
      );
      expect(startPush).toHaveBeenCalledTimes(1);

      startPush.mockResolvedValueOnce({ ...clone(PUSH_DONE), id: 'op-push-2', dryRun: false });
      await click(element, '.push-run-button');
      expect(startPush).toHaveBeenLastCalledWith({ csvText: CSV, dryRun: false });
      expect(text(element, '.operation-title')).toBe('Push from Aloware into Salesforce');

      await chooseFile(element, csvFile('other.csv', 2));
      expect($(element, '.push-run-button').disabled).toBe(true);
      expect(text(element, '.push-hint')).toContain('Preview first');
      await accessible(element);
    });

    it('refuses a file over 4.5 MB before sending it', async () => {
      const element = await render([]);
      await chooseFile(element, { name: 'huge.csv', size: 5000000, lastModified: 3 });
      expect(text(element, '.push-file-error')).toBe(
        'huge.csv is larger than 4.5 MB: split it and push each part.',
      );
      expect($(element, '.push-preview-button').disabled).toBe(true);
      expect(startPush).not.toHaveBeenCalled();
      await accessible(element);
    });

    it('explains when the companion refuses the file', async () => {
      startPush.mockRejectedValueOnce({ body: { message: 'The file has no phone column' } });
      const element = await render([]);
      await chooseFile(element, csvFile());
      const toasts = [];
      element.addEventListener('lightning__showtoast', (e) => toasts.push(e.detail));
      await click(element, '.push-preview-button');
      expect(toasts[0]).toMatchObject({ title: 'The push did not start', variant: 'error' });
      expect(toasts[0].message).toContain('no phone column');
      expect($(element, 'c-aloware-error-panel')).not.toBeNull();
      await accessible(element);
    });
  });
});
