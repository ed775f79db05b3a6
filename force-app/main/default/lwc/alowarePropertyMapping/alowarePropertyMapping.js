import { LightningElement, api } from 'lwc';
import getMappingEditor from '@salesforce/apex/AlowareMappingController.getMappingEditor';
import saveMappings from '@salesforce/apex/AlowareMappingController.saveMappings';
import refreshCompanionConfig from '@salesforce/apex/AlowareSettingsController.refreshCompanionConfig';
import {
  CONFLICT_POLICY_OPTIONS,
  FIELD_DIRECTION_OPTIONS,
  reduceErrors,
  savedToast,
  toastEvent,
} from 'c/alowareUtils';
import { drafts } from './drafts';
import { pickerOptions, toDto, usedBy, validateRows } from './mappingRows';

let nextKey = 0;
const stripKey = (row) => {
  const copy = { ...row };
  delete copy.key;
  return copy;
};
const timeText = (date) => date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
/** "Type: phone" for the chosen field, or nothing before one is chosen. */
const typeText = (fields, name) => {
  const found = fields.find((f) => f.name === name);
  return found && found.type ? `Type: ${found.type}` : '';
};
const withKey = (row) => ({ ...row, key: `row-${nextKey++}` });
const NEW_ROW = { id: null, salesforceField: '', alowareField: '', direction: 'both', locked: false };

export default class AlowarePropertyMapping extends LightningElement {
  /** Lead or Contact. */
  @api objectName;

  rows = [];
  salesforceFields = [];
  alowareFields = [];
  rowErrors = {};
  loadError;
  companionError;
  isLoading = true;
  isSaving = false;
  isDirty = false;
  /** A draft left behind by an earlier visit: { rows, savedAt }. */
  draft;

  directionOptions = FIELD_DIRECTION_OPTIONS;
  policyOptions = CONFLICT_POLICY_OPTIONS;

  connectedCallback() {
    this.beforeUnload = (event) => {
      if (this.isDirty) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', this.beforeUnload);
    this.load();
  }

  disconnectedCallback() {
    window.removeEventListener('beforeunload', this.beforeUnload);
    if (this.isDirty) {
      drafts.set(this.objectName, { rows: this.rows.map(stripKey), savedAt: new Date() });
    }
  }

  get draftText() {
    return this.draft
      ? `You left the ${this.objectName} mapping with unsaved changes at ${timeText(this.draft.savedAt)}.`
      : '';
  }

  handleRestoreDraft() {
    this.rows = this.draft.rows.map(withKey);
    this.rowErrors = {};
    this.isDirty = true;
    this.draft = undefined;
    drafts.delete(this.objectName);
  }

  handleDiscardDraft() {
    this.draft = undefined;
    drafts.delete(this.objectName);
  }

  handleDiscardChanges() {
    this.isDirty = false;
    this.rowErrors = {};
    this.load();
  }

  async load() {
    this.isLoading = true;
    try {
      const editor = await getMappingEditor({ objectName: this.objectName });
      this.rows = editor.rows.map(withKey);
      this.salesforceFields = editor.salesforceFields || [];
      this.alowareFields = editor.alowareFields || [];
      this.companionError = editor.companionError;
      this.loadError = undefined;
      this.draft = drafts.get(this.objectName);
    } catch (error) {
      this.loadError = error;
    } finally {
      this.isLoading = false;
    }
  }

  get title() {
    return `${this.objectName} field mapping`;
  }

  get isReady() {
    return !this.isLoading && !this.loadError;
  }

  get saveDisabled() {
    return this.isSaving || !this.isReady || !this.isDirty;
  }

  get tableRows() {
    return this.rows.map((row, index) => {
      const messages = this.rowErrors[index] || [];
      return {
        ...row,
        index,
        number: index + 1,
        sfOptions: pickerOptions(
          this.salesforceFields,
          row.salesforceField,
          usedBy(this.rows, 'salesforceField', index),
        ),
        alowareOptions: pickerOptions(
          this.alowareFields,
          row.alowareField,
          usedBy(this.rows, 'alowareField', index),
        ),
        sfTypeText: typeText(this.salesforceFields, row.salesforceField),
        alowareTypeText: typeText(this.alowareFields, row.alowareField),
        sfLabel: `Salesforce field, row ${index + 1}`,
        alowareLabel: `Aloware field, row ${index + 1}`,
        lockText: `Locked: ${row.salesforceField} ↔ ${row.alowareField} is required for matching and cannot be changed or removed`,
        removeText: `Remove row ${index + 1}`,
        removable: !row.locked,
        hasErrors: messages.length > 0,
        errorText: messages.join(' '),
        rowClass: messages.length ? 'slds-hint-parent row-invalid' : 'slds-hint-parent',
      };
    });
  }

  changeRow(index, changes) {
    this.rows = this.rows.map((row, i) => (i === index ? { ...row, ...changes } : row));
    this.isDirty = true;
  }

  handleFieldChange(event) {
    const { index, prop } = event.target.dataset;
    const value = event.detail && event.detail.value !== undefined ? event.detail.value : event.target.value;
    const row = this.rows[Number(index)];
    // Locked identity rows keep their fields, direction and conflict policy.
    if (row.locked) {
      return;
    }
    this.changeRow(Number(index), { [prop]: value });
  }

  handleAddRow() {
    this.rows = [...this.rows, withKey({ ...NEW_ROW, conflictPolicy: 'salesforce_wins' })];
    this.isDirty = true;
  }

  handleRemoveRow(event) {
    const index = Number(event.target.dataset.index);
    if (this.rows[index].locked) {
      return;
    }
    this.rows = this.rows.filter((_row, i) => i !== index);
    this.rowErrors = {};
    this.isDirty = true;
  }

  async handleSave() {
    this.rowErrors = validateRows(this.rows);
    if (Object.keys(this.rowErrors).length) {
      return;
    }
    this.isSaving = true;
    try {
      const rows = this.rows.map(toDto);
      const result = await saveMappings({ objectName: this.objectName, rows });
      await this.applySaveResult(result);
    } catch (error) {
      this.dispatchEvent(toastEvent('Mapping was not saved', reduceErrors(error).join(' '), 'error'));
    } finally {
      this.isSaving = false;
    }
  }

  async applySaveResult(result) {
    if (result.saved) {
      this.rows = result.rows.map(withKey);
      this.rowErrors = {};
      this.isDirty = false;
      this.handleDiscardDraft();
      this.dispatchEvent(await savedToast(`${this.objectName} mapping saved`, refreshCompanionConfig));
      return;
    }
    const errors = {};
    (result.errors || []).forEach(({ rowIndex, message }) => {
      errors[rowIndex] = [...(errors[rowIndex] || []), message];
    });
    this.rowErrors = errors;
    this.dispatchEvent(
      toastEvent('Mapping was not saved', 'Fix the rows marked in red, then save again.', 'error'),
    );
  }
}
