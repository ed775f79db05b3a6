import { createElement } from 'lwc';
import AlowarePropertyMapping from 'c/alowarePropertyMapping';
import getMappingEditor from '@salesforce/apex/AlowareMappingController.getMappingEditor';
import saveMappings from '@salesforce/apex/AlowareMappingController.saveMappings';
import refreshCompanionConfig from '@salesforce/apex/AlowareSettingsController.refreshCompanionConfig';
import { drafts } from '../drafts';

const EDITOR = require('./data/leadEditor.json');

jest.mock('@salesforce/apex/AlowareMappingController.getMappingEditor', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/AlowareSettingsController.refreshCompanionConfig',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);
jest.mock('@salesforce/apex/AlowareMappingController.saveMappings', () => ({ default: jest.fn() }), {
  virtual: true,
});

// Resolves after pending promises and re-renders (the lwc-recipes flushPromises).
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const clone = (value) => JSON.parse(JSON.stringify(value));

async function render(editor = EDITOR) {
  getMappingEditor.mockResolvedValue(clone(editor));
  const element = createElement('c-aloware-property-mapping', { is: AlowarePropertyMapping });
  element.objectName = 'Lead';
  document.body.appendChild(element);
  await flush();
  return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const row = (element, index) => $(element, `tr[data-row="${index}"]`);
const optionsOf = (select) =>
  [...select.querySelectorAll('option')].map((o) => ({
    value: o.value,
    disabled: o.disabled,
    label: o.textContent.trim(),
  }));
const toasts = (element) => {
  const seen = [];
  element.addEventListener('lightning__showtoast', (event) => seen.push(event.detail));
  return seen;
};

async function pick(select, value) {
  select.value = value;
  select.dispatchEvent(new CustomEvent('change'));
  await flush();
}

describe('c-aloware-property-mapping', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
    drafts.clear();
  });

  it('loads the mapping of its object and shows one row per mapped field', async () => {
    const element = await render();
    expect(getMappingEditor).toHaveBeenCalledWith({ objectName: 'Lead' });
    expect($(element, 'lightning-card').title).toBe('Lead field mapping');
    expect($$(element, 'tbody tr')).toHaveLength(4);
    expect(row(element, 2).querySelector('select.sf-field').value).toBe('FirstName');
    expect(row(element, 3).querySelector('select.aloware-field').value).toBe('last_name');
    expect(row(element, 3).querySelector('lightning-combobox[data-prop="direction"]').value).toBe(
      'to_aloware',
    );
    expect(row(element, 3).querySelector('lightning-combobox[data-prop="conflictPolicy"]').value).toBe(
      'newest_wins',
    );
    await expect(element).toBeAccessible();
  });

  it('shows locked Phone and Email rows with a lock icon; their fields cannot be changed or removed', async () => {
    const element = await render();
    const phone = row(element, 0);
    const icon = phone.querySelector('lightning-icon');
    expect(icon.iconName).toBe('utility:lock');
    expect(icon.alternativeText).toContain('Locked: Phone ↔ phone_number');
    expect(phone.querySelector('select.sf-field').disabled).toBe(true);
    expect(phone.querySelector('select.aloware-field').disabled).toBe(true);
    expect(phone.querySelector('[data-prop="direction"]').disabled).toBe(true);
    expect(phone.querySelector('[data-prop="conflictPolicy"]').disabled).toBe(true);
    expect(phone.querySelector('.remove-row')).toBeNull();
    expect(row(element, 1).querySelector('.remove-row')).toBeNull();
    expect(row(element, 2).querySelector('[data-prop="direction"]').disabled).toBe(false);
    expect(row(element, 2).querySelector('lightning-icon')).toBeNull();
    expect(row(element, 2).querySelector('select.sf-field').disabled).toBe(false);
    expect(row(element, 2).querySelector('.remove-row')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('ignores a direction or policy change on a locked row and shows each chosen field’s type', async () => {
    const element = await render();
    const phone = row(element, 0);
    const direction = phone.querySelector('[data-prop="direction"]');
    direction.dispatchEvent(new CustomEvent('change', { detail: { value: 'to_aloware' } }));
    await flush();
    expect(row(element, 0).querySelector('[data-prop="direction"]').value).toBe('both');
    expect($(element, '.unsaved-banner')).toBeNull();
    expect(phone.querySelector('.sf-type').textContent).toMatch(/^Type: \w+/);
    expect(phone.querySelector('.aloware-type').textContent).toBe('Type: phone');
    await expect(element).toBeAccessible();
  });

  it('disables fields that are already mapped by another row in both pickers', async () => {
    const element = await render();
    const firstName = row(element, 2);
    const sfOptions = optionsOf(firstName.querySelector('select.sf-field'));
    expect(sfOptions.filter((o) => o.disabled).map((o) => o.value)).toEqual(['Email', 'LastName', 'Phone']);
    expect(sfOptions.find((o) => o.value === 'Phone').label).toBe('Phone (already mapped)');
    expect(sfOptions.find((o) => o.value === 'FirstName').disabled).toBe(false);
    const alowareOptions = optionsOf(firstName.querySelector('select.aloware-field'));
    expect(alowareOptions.filter((o) => o.disabled).map((o) => o.value)).toEqual([
      'email',
      'last_name',
      'phone_number',
    ]);
  });

  it('adds a row whose pickers offer only the unmapped fields, and warns about unsaved changes', async () => {
    const element = await render();
    expect($(element, '.unsaved-banner')).toBeNull();
    expect($(element, '.save-button').disabled).toBe(true);

    $(element, '.add-row').click();
    await flush();
    expect($$(element, 'tbody tr')).toHaveLength(5);
    const enabled = optionsOf(row(element, 4).querySelector('select.sf-field'))
      .filter((o) => !o.disabled && o.value)
      .map((o) => o.value);
    expect(enabled).toEqual(['Company', 'MobilePhone']);
    expect($(element, '.unsaved-banner').textContent).toContain('You have unsaved changes');
    expect($(element, '.save-button').disabled).toBe(false);

    const event = new CustomEvent('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('keeps unsaved rows when Lightning removes the panel (a tab switch) and offers them on return', async () => {
    const first = await render();
    await pick(row(first, 2).querySelector('select.sf-field'), 'Company');
    document.body.removeChild(first);

    const back = await render();
    expect(row(back, 2).querySelector('select.sf-field').value).toBe('FirstName');
    expect($(back, '.draft-banner').textContent).toMatch(/You left the Lead mapping with unsaved changes at/);
    await expect(back).toBeAccessible();
    $(back, '.restore-draft').click();
    await flush();
    expect(row(back, 2).querySelector('select.sf-field').value).toBe('Company');
    expect($(back, '.draft-banner')).toBeNull();
    expect($(back, '.unsaved-banner')).not.toBeNull();
    expect($(back, '.save-button').disabled).toBe(false);
    expect(drafts.size).toBe(0);
  });

  it('forgets a draft the admin discards, and leaves no draft after a clean visit', async () => {
    const first = await render();
    $(first, '.add-row').click();
    await flush();
    document.body.removeChild(first);
    const back = await render();
    $(back, '.discard-draft').click();
    await flush();
    expect($(back, '.draft-banner')).toBeNull();
    expect($$(back, 'tbody tr')).toHaveLength(4);
    document.body.removeChild(back);
    const clean = await render();
    expect($(clean, '.draft-banner')).toBeNull();
    expect(drafts.size).toBe(0);
  });

  it('discards unsaved changes on request by reloading the stored mapping', async () => {
    const element = await render();
    $(element, '.add-row').click();
    await flush();
    expect($$(element, 'tbody tr')).toHaveLength(5);
    $(element, '.discard-changes').click();
    await flush();
    expect($$(element, 'tbody tr')).toHaveLength(4);
    expect($(element, '.unsaved-banner')).toBeNull();
    expect(getMappingEditor).toHaveBeenCalledTimes(2);
    await expect(element).toBeAccessible();
  });

  it('lets the admin leave without a prompt when nothing changed', async () => {
    await render();
    const event = new CustomEvent('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });

  it('removes an unlocked row and the freed field becomes available again', async () => {
    const element = await render();
    row(element, 3).querySelector('.remove-row').click();
    await flush();
    expect($$(element, 'tbody tr')).toHaveLength(3);
    const lastName = optionsOf(row(element, 2).querySelector('select.sf-field')).find(
      (o) => o.value === 'LastName',
    );
    expect(lastName.disabled).toBe(false);
  });

  it('marks rows without both fields and does not call Salesforce', async () => {
    const element = await render();
    $(element, '.add-row').click();
    await flush();
    $(element, '.save-button').click();
    await flush();
    expect(saveMappings).not.toHaveBeenCalled();
    expect(row(element, 4).querySelector('.row-errors').textContent).toContain(
      'Choose a Salesforce field. Choose an Aloware field.',
    );
    await expect(element).toBeAccessible();
  });

  it('saves the edited rows and clears the warning', async () => {
    const element = await render();
    const seen = toasts(element);
    $(element, '.add-row').click();
    await flush();
    await pick(row(element, 4).querySelector('select.sf-field'), 'MobilePhone');
    await pick(row(element, 4).querySelector('select.aloware-field'), 'other_phone_numbers.mobile');
    const policy = row(element, 4).querySelector('lightning-combobox[data-prop="conflictPolicy"]');
    policy.dispatchEvent(new CustomEvent('change', { detail: { value: 'fill_if_blank' } }));
    await flush();
    saveMappings.mockImplementation(({ rows }) => Promise.resolve({ saved: true, rows, errors: [] }));
    refreshCompanionConfig.mockResolvedValue(8);

    $(element, '.save-button').click();
    await flush();
    await flush();

    const sent = saveMappings.mock.calls[0][0];
    expect(sent.objectName).toBe('Lead');
    expect(sent.rows).toHaveLength(5);
    expect(sent.rows[4]).toEqual({
      id: null,
      salesforceField: 'MobilePhone',
      alowareField: 'other_phone_numbers.mobile',
      direction: 'both',
      locked: false,
      conflictPolicy: 'fill_if_blank',
    });
    expect(sent.rows[0]).toEqual(EDITOR.rows[0]);
    expect($(element, '.unsaved-banner')).toBeNull();
    // The companion is told to read the mapping again now, and the toast says which version it uses.
    expect(refreshCompanionConfig).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([
      expect.objectContaining({
        variant: 'success',
        title: 'Lead mapping saved',
        message: 'The companion uses it now (configuration version 8).',
      }),
    ]);
  });

  it('shows the errors Salesforce returns next to the row they concern', async () => {
    const element = await render();
    const seen = toasts(element);
    await pick(row(element, 2).querySelector('select.sf-field'), 'Company');
    saveMappings.mockResolvedValue({
      saved: false,
      rows: [],
      errors: [
        {
          rowIndex: 2,
          field: 'alowareField',
          message: 'Company cannot be written to first_name (type mismatch).',
        },
      ],
    });
    $(element, '.save-button').click();
    await flush();
    expect(row(element, 2).querySelector('.row-errors').textContent).toContain(
      'Company cannot be written to first_name (type mismatch).',
    );
    expect(row(element, 3).querySelector('.row-errors')).toBeNull();
    expect($(element, '.unsaved-banner')).not.toBeNull();
    expect(seen).toEqual([expect.objectContaining({ variant: 'error', title: 'Mapping was not saved' })]);
  });

  it('says when the Aloware field list is the built-in fallback because the companion is unreachable', async () => {
    const element = await render({ ...EDITOR, companionError: 'Connection refused by the companion.' });
    expect($(element, '.companion-warning').textContent).toContain('Connection refused by the companion.');
    expect($$(element, 'tbody tr')).toHaveLength(4);
    const noWarning = await render();
    expect(noWarning.shadowRoot.querySelector('.companion-warning')).toBeNull();
  });

  it('explains when the mapping cannot be loaded', async () => {
    getMappingEditor.mockRejectedValue({ body: { message: 'The companion did not answer.' } });
    const element = createElement('c-aloware-property-mapping', { is: AlowarePropertyMapping });
    element.objectName = 'Contact';
    document.body.appendChild(element);
    await flush();
    expect($(element, 'c-aloware-error-panel').errors).toEqual({
      body: { message: 'The companion did not answer.' },
    });
    expect($(element, 'table')).toBeNull();
    await expect(element).toBeAccessible();
  });
});
