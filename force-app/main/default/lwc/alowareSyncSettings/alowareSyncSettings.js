import { LightningElement, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getSettings from '@salesforce/apex/AlowareSettingsController.getSettings';
import saveSettings from '@salesforce/apex/AlowareSettingsController.saveSettings';
import refreshCompanionConfig from '@salesforce/apex/AlowareSettingsController.refreshCompanionConfig';
import {
  PRIORITY_OPTIONS,
  SYNC_DIRECTION_OPTIONS,
  reduceErrors,
  savedToast,
  toastEvent,
} from 'c/alowareUtils';

const OBJECTS = [
  { key: 'lead', objectName: 'Lead', plural: 'Leads' },
  { key: 'contact', objectName: 'Contact', plural: 'Contacts' },
];

/** Validation rules applied before anything is sent to Salesforce. */
function validateSettings(settings) {
  const errors = [];
  if (settings.leadSyncEnabled && settings.contactSyncEnabled && !settings.priorityObject) {
    errors.push(
      'Choose a priority (Lead or Contact): it is required when both Lead and Contact sync are on.',
    );
  }
  if (
    settings.integrationUserId &&
    !/^005[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(settings.integrationUserId)
  ) {
    errors.push('Integration User Id must be a Salesforce user id (15 or 18 characters starting with 005).');
  }
  if (!/^[A-Z]{2}$/.test(settings.defaultPhoneRegion || '')) {
    errors.push('Default phone region must be a two-letter ISO country code, such as US or GB.');
  }
  OBJECTS.forEach(({ key, plural }) => {
    ['Create', 'Update'].forEach((op) => {
      const value = settings[`${key}${op}Direction`];
      if (settings[`${key}SyncEnabled`] && value !== 'both' && value !== 'inbound') {
        errors.push(`Choose the ${op.toLowerCase()} direction for ${plural}.`);
      }
    });
  });
  return errors;
}

export default class AlowareSyncSettings extends LightningElement {
  settings;
  loadError;
  validationErrors = [];
  isSaving = false;
  wiredSettings;
  savedIntegrationUserId;

  priorityOptions = PRIORITY_OPTIONS;
  directionOptions = SYNC_DIRECTION_OPTIONS;

  @wire(getSettings)
  handleSettings(result) {
    this.wiredSettings = result;
    if (result.data) {
      this.settings = { ...result.data };
      this.savedIntegrationUserId = result.data.integrationUserId;
      this.loadError = undefined;
    } else if (result.error) {
      this.loadError = result.error;
      this.settings = undefined;
    }
  }

  get isLoading() {
    return !this.settings && !this.loadError;
  }

  get showPriority() {
    return Boolean(this.settings && this.settings.leadSyncEnabled && this.settings.contactSyncEnabled);
  }

  get hasValidationErrors() {
    return this.validationErrors.length > 0;
  }

  get validationItems() {
    return this.validationErrors.map((text, index) => ({ key: `v${index}`, text }));
  }

  get objectSections() {
    const s = this.settings;
    return OBJECTS.map(({ key, plural }) => ({
      key,
      heading: plural,
      enabled: s[`${key}SyncEnabled`],
      createName: `${key}CreateDirection`,
      createLabel: `When a ${plural.slice(0, -1)} is created`,
      createValue: s[`${key}CreateDirection`],
      updateName: `${key}UpdateDirection`,
      updateLabel: `When a ${plural.slice(0, -1)} is updated`,
      updateValue: s[`${key}UpdateDirection`],
    }));
  }

  get saveDisabled() {
    return this.isSaving || !this.settings;
  }

  handleToggle(event) {
    this.update(event.target.dataset.field, event.target.checked);
  }

  handleValueChange(event) {
    this.update(event.target.dataset.field, event.detail.value);
  }

  handleIntegrationUserChange(event) {
    this.update('integrationUserId', (event.detail.value || '').trim() || null);
  }

  /** True while no Integration User is saved: the package sends nothing yet. */
  get setupIncomplete() {
    return !this.savedIntegrationUserId;
  }

  handleRegionChange(event) {
    this.update('defaultPhoneRegion', (event.detail.value || '').trim().toUpperCase());
  }

  handleRepChange(event) {
    this.update(event.detail.field, event.detail.value);
  }

  update(name, value) {
    this.settings = { ...this.settings, [name]: value };
    if (this.hasValidationErrors) {
      this.validationErrors = this.collectErrors();
    }
  }

  /** The panel's own rules plus those of the rep settings section. */
  collectErrors() {
    const repSettings = this.template.querySelector('c-aloware-rep-settings');
    return [...validateSettings(this.settings), ...(repSettings ? repSettings.validate(this.settings) : [])];
  }

  async handleSave() {
    this.validationErrors = this.collectErrors();
    if (this.hasValidationErrors) {
      return;
    }
    this.isSaving = true;
    try {
      const saved = await saveSettings({ settings: this.settings });
      this.settings = { ...saved };
      this.savedIntegrationUserId = saved.integrationUserId;
      this.dispatchEvent(await savedToast('Aloware Sync settings saved', refreshCompanionConfig));
      await refreshApex(this.wiredSettings);
    } catch (error) {
      this.dispatchEvent(toastEvent('Settings were not saved', reduceErrors(error).join(' '), 'error'));
    } finally {
      this.isSaving = false;
    }
  }
}
