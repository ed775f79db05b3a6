import { createElement } from 'lwc';
import AlowareSyncSettings from 'c/alowareSyncSettings';
import getSettings from '@salesforce/apex/AlowareSettingsController.getSettings';
import saveSettings from '@salesforce/apex/AlowareSettingsController.saveSettings';
import refreshCompanionConfig from '@salesforce/apex/AlowareSettingsController.refreshCompanionConfig';

const SETTINGS = require('./data/settings.json');

jest.mock(
  '@salesforce/apex/AlowareSettingsController.getSettings',
  () => {
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true },
);
jest.mock('@salesforce/apex/AlowareSettingsController.saveSettings', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/AlowareSettingsController.refreshCompanionConfig',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);

// Resolves after pending promises and re-renders (the lwc-recipes flushPromises).
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function renderWith(settings = SETTINGS) {
  const element = createElement('c-aloware-sync-settings', { is: AlowareSyncSettings });
  document.body.appendChild(element);
  getSettings.emit({ ...settings });
  await flush();
  return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const field = (element, name) => $(element, `[data-field="${name}"]`);
const toasts = (element) => {
  const seen = [];
  element.addEventListener('lightning__showtoast', (event) => seen.push(event.detail));
  return seen;
};

async function toggle(element, name, checked) {
  const input = field(element, name);
  input.checked = checked;
  input.dispatchEvent(new CustomEvent('change'));
  await flush();
}

async function choose(element, name, value) {
  const input = field(element, name);
  input.value = value;
  input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

async function clickSave(element) {
  $(element, '.save-button').click();
  await flush();
}

describe('c-aloware-sync-settings', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it('shows the saved toggles, directions and region', async () => {
    const element = await renderWith();
    expect(field(element, 'leadSyncEnabled').checked).toBe(true);
    expect(field(element, 'contactSyncEnabled').checked).toBe(false);
    expect(field(element, 'leadCreateDirection').value).toBe('both');
    expect(field(element, 'leadUpdateDirection').value).toBe('inbound');
    expect(field(element, 'defaultPhoneRegion').value).toBe('US');
    expect($(element, '[data-object="contact"]').textContent).toContain('Contacts sync is off.');
    await expect(element).toBeAccessible();
  });

  it('spells out what each direction means in the options', async () => {
    const element = await renderWith();
    const labels = field(element, 'leadCreateDirection').options.map((o) => o.label);
    expect(labels).toEqual([
      'Bi-directional (↔): Salesforce and Aloware update each other',
      'Inbound (→ Aloware only): Salesforce is the source; Aloware changes are not written to Salesforce',
    ]);
  });

  it('hides the priority while only one object syncs and requires it once both are on', async () => {
    const element = await renderWith();
    expect(field(element, 'priorityObject')).toBeNull();

    await toggle(element, 'contactSyncEnabled', true);
    const priority = field(element, 'priorityObject');
    expect(priority).not.toBeNull();
    expect(priority.required).toBe(true);
    expect(priority.options.map((o) => o.value)).toEqual(['Lead', 'Contact']);
    expect(field(element, 'contactCreateDirection')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('blocks saving without a priority when both objects sync, and says why', async () => {
    const element = await renderWith();
    await toggle(element, 'contactSyncEnabled', true);
    await clickSave(element);

    expect(saveSettings).not.toHaveBeenCalled();
    expect($(element, '.validation-errors').textContent).toContain(
      'Choose a priority (Lead or Contact): it is required when both Lead and Contact sync are on.',
    );
    await expect(element).toBeAccessible();

    await choose(element, 'priorityObject', 'Lead');
    expect($(element, '.validation-errors')).toBeNull();
  });

  it('rejects a phone region that is not a two-letter country code', async () => {
    const element = await renderWith();
    await choose(element, 'defaultPhoneRegion', 'usa');
    await clickSave(element);
    expect(saveSettings).not.toHaveBeenCalled();
    expect($(element, '.validation-errors').textContent).toContain(
      'Default phone region must be a two-letter ISO country code',
    );
  });

  it('shows the Integration User field with the saved id and no set-up warning', async () => {
    const element = await renderWith();
    const input = field(element, 'integrationUserId');
    expect(input.value).toBe(SETTINGS.integrationUserId);
    expect(input.label).toContain('Integration User Id');
    expect($(element, '.setup-incomplete')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('says set-up is unfinished without an Integration User, and saves the one entered', async () => {
    saveSettings.mockImplementation(({ settings }) => Promise.resolve({ ...settings, configVersion: 5 }));
    const element = await renderWith({ ...SETTINGS, integrationUserId: null });
    expect($(element, '.setup-incomplete').textContent).toContain('nothing is sent to Aloware');
    await expect(element).toBeAccessible();
    await choose(element, 'integrationUserId', ' 005000000000002AAA ');
    await clickSave(element);
    expect(saveSettings).toHaveBeenCalledWith({
      settings: { ...SETTINGS, integrationUserId: '005000000000002AAA' },
    });
    await flush();
    expect($(element, '.setup-incomplete')).toBeNull();
  });

  it('rejects an Integration User Id that is not a user id', async () => {
    const element = await renderWith();
    await choose(element, 'integrationUserId', '00Q000000000001');
    await clickSave(element);
    expect(saveSettings).not.toHaveBeenCalled();
    expect($(element, '.validation-errors').textContent).toContain(
      'Integration User Id must be a Salesforce user id',
    );
  });

  it('saves the edited settings, disables Save meanwhile and confirms with a toast', async () => {
    let resolveSave;
    saveSettings.mockReturnValue(
      new Promise((resolve) => {
        resolveSave = resolve;
      }),
    );
    const element = await renderWith();
    const seen = toasts(element);
    await toggle(element, 'contactSyncEnabled', true);
    await choose(element, 'priorityObject', 'Contact');
    await choose(element, 'contactUpdateDirection', 'inbound');
    await choose(element, 'defaultPhoneRegion', 'gb');
    await clickSave(element);

    expect($(element, '.save-button').disabled).toBe(true);
    expect(saveSettings).toHaveBeenCalledWith({
      settings: {
        ...SETTINGS,
        contactSyncEnabled: true,
        priorityObject: 'Contact',
        contactUpdateDirection: 'inbound',
        defaultPhoneRegion: 'GB',
      },
    });

    refreshCompanionConfig.mockResolvedValue(5);
    expect(refreshCompanionConfig).not.toHaveBeenCalled();
    resolveSave({ ...saveSettings.mock.calls[0][0].settings, configVersion: 5 });
    await flush();
    expect($(element, '.save-button').disabled).toBe(false);
    // After the save (a callout cannot follow the save's DML), the companion is told to read it again now.
    expect(refreshCompanionConfig).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([
      expect.objectContaining({
        variant: 'success',
        title: 'Aloware Sync settings saved',
        message: 'The companion uses it now (configuration version 5).',
      }),
    ]);
  });

  it('says when the companion could not be told at once, and that it reads the change within 30 seconds', async () => {
    saveSettings.mockImplementation(({ settings }) => Promise.resolve({ ...settings, configVersion: 6 }));
    refreshCompanionConfig.mockRejectedValue({ body: { message: 'The companion did not answer in time.' } });
    const element = await renderWith();
    const seen = toasts(element);
    await toggle(element, 'contactSyncEnabled', true);
    await choose(element, 'priorityObject', 'Contact');
    await clickSave(element);
    await flush();
    expect(saveSettings).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([
      expect.objectContaining({
        variant: 'warning',
        title: 'Aloware Sync settings saved',
        message:
          'The companion could not be told at once (The companion did not answer in time.); it reads the change within 30 seconds.',
      }),
    ]);
    await expect(element).toBeAccessible();
  });

  it('saves the logging policy and owner rules edited in the rep section, after checking them', async () => {
    saveSettings.mockResolvedValue({ ...SETTINGS, configVersion: 5 });
    const element = await renderWith();
    const rep = $(element, 'c-aloware-rep-settings');
    const repField = (name) => rep.shadowRoot.querySelector(`[data-field="${name}"]`);
    const repChoose = async (name, value) => {
      repField(name).dispatchEvent(new CustomEvent('change', { detail: { value } }));
      await flush();
    };
    expect(repField('recordLinkField').value).toBe('csf1');
    await repChoose('recordLinkField', 'csf2');
    await repChoose('logCallOutcomes', []);
    await repChoose('defaultOwnerId', '001000000000001');
    await clickSave(element);
    expect(saveSettings).not.toHaveBeenCalled();
    const errors = $(element, '.validation-errors').textContent;
    expect(errors).toContain('Choose at least one call outcome to log');
    expect(errors).toContain('Default owner must be a user id (005…) or a queue id (00G…).');
    await expect(element).toBeAccessible();

    await repChoose('logCallOutcomes', ['completed']);
    await repChoose('defaultOwnerId', ' 00G000000000001AAA ');
    expect($(element, '.validation-errors')).toBeNull();
    await clickSave(element);
    expect(saveSettings).toHaveBeenCalledWith({
      settings: {
        ...SETTINGS,
        recordLinkField: 'csf2',
        logCallOutcomes: ['completed'],
        defaultOwnerId: '00G000000000001AAA',
      },
    });
  });

  it('shows the reason in an error toast when Salesforce refuses the save', async () => {
    saveSettings.mockRejectedValue({ body: { message: 'You need the Aloware Sync Admin permission set.' } });
    const element = await renderWith();
    const seen = toasts(element);
    await clickSave(element);
    expect(seen).toEqual([
      expect.objectContaining({
        variant: 'error',
        message: 'You need the Aloware Sync Admin permission set.',
      }),
    ]);
    expect($(element, '.save-button').disabled).toBe(false);
  });

  it('explains when the settings cannot be loaded', async () => {
    const element = createElement('c-aloware-sync-settings', { is: AlowareSyncSettings });
    document.body.appendChild(element);
    getSettings.error({ message: 'Insufficient access' });
    await flush();
    const panel = $(element, 'c-aloware-error-panel');
    expect(panel.friendlyMessage).toBe('The Aloware Sync settings could not be loaded.');
    expect($(element, '.save-button').disabled).toBe(true);
    await expect(element).toBeAccessible();
  });
});
