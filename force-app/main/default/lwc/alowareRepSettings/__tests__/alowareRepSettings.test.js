import { createElement } from 'lwc';
import AlowareRepSettings from 'c/alowareRepSettings';

const SETTINGS = require('../../alowareSyncSettings/__tests__/data/settings.json');

// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function renderWith(settings = SETTINGS) {
  const element = createElement('c-aloware-rep-settings', { is: AlowareRepSettings });
  element.settings = { ...settings };
  document.body.appendChild(element);
  await flush();
  return element;
}

const field = (element, name) => element.shadowRoot.querySelector(`[data-field="${name}"]`);

describe('c-aloware-rep-settings', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it('shows the record link field, the logging policy and the owner rules', async () => {
    const element = await renderWith();
    expect(field(element, 'recordLinkField').options.map((o) => o.value)).toEqual([
      'csf1',
      'csf2',
      'website',
      'none',
    ]);
    expect(field(element, 'logCalls').checked).toBe(true);
    expect(field(element, 'logCallOutcomes').value).toEqual(SETTINGS.logCallOutcomes);
    expect(field(element, 'logCallOutcomes').options.map((o) => o.label)).toEqual([
      'Connected',
      'Missed',
      'Voicemail',
      'Failed',
      'Abandoned',
    ]);
    expect(field(element, 'logCallDirections').value).toEqual(['Inbound', 'Outbound']);
    expect(field(element, 'taskSubjectTemplate').fieldLevelHelp).toContain('{duration}');
    expect(field(element, 'storeRecordingLink').fieldLevelHelp).toContain('without signing in');
    expect(field(element, 'matchAccountByDomain').checked).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('hides outcomes and directions while call logging is off, and says what happens', async () => {
    const element = await renderWith({ ...SETTINGS, logCalls: false });
    expect(field(element, 'logCallOutcomes')).toBeNull();
    expect(element.shadowRoot.querySelector('.calls-off').textContent).toContain('the sync log says so');
    await expect(element).toBeAccessible();
  });

  it('sends each edit up as a settingchange, trimming typed text', async () => {
    const element = await renderWith();
    const seen = [];
    element.addEventListener('settingchange', (event) => seen.push(event.detail));
    const toggle = field(element, 'storeRecordingLink');
    toggle.checked = false;
    toggle.dispatchEvent(new CustomEvent('change'));
    field(element, 'taskStatus').dispatchEvent(new CustomEvent('change', { detail: { value: ' Open ' } }));
    field(element, 'logCallDirections').dispatchEvent(
      new CustomEvent('change', { detail: { value: ['Outbound'] } }),
    );
    expect(seen).toEqual([
      { field: 'storeRecordingLink', value: false },
      { field: 'taskStatus', value: 'Open' },
      { field: 'logCallDirections', value: ['Outbound'] },
    ]);
  });

  it('validates ids and the outcome and direction lists', async () => {
    const element = await renderWith();
    expect(element.validate()).toEqual([]);
    expect(
      element.validate({
        ...SETTINGS,
        logCallDirections: [],
        defaultOwnerId: '00G000000000001',
        defaultAccountId: '003000000000001',
      }),
    ).toEqual([
      'Choose at least one call direction to log, or turn call logging off.',
      'Default Account must be an Account id (starting with 001).',
    ]);
    expect(element.validate({ ...SETTINGS, logCalls: false, logCallOutcomes: [] })).toEqual([]);
  });
});
