import { LightningElement, api } from 'lwc';

/** Aloware contact fields the public API exposes for our link (see companion/sandbox/aloware/README.md). */
const LINK_FIELD_OPTIONS = [
  { label: 'Custom Field 1 (csf1)', value: 'csf1' },
  { label: 'Custom Field 2 (csf2)', value: 'csf2' },
  { label: 'Website', value: 'website' },
  { label: 'Do not write a link', value: 'none' },
];

const OUTCOME_OPTIONS = [
  { label: 'Connected', value: 'completed' },
  { label: 'Missed', value: 'missed' },
  { label: 'Voicemail', value: 'voicemail' },
  { label: 'Failed', value: 'failed' },
  { label: 'Abandoned', value: 'abandoned' },
];

const DIRECTION_OPTIONS = [
  { label: 'Inbound', value: 'Inbound' },
  { label: 'Outbound', value: 'Outbound' },
];

const ID_PATTERN = (prefixes) => new RegExp(`^(${prefixes.join('|')})[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$`);

/**
 * What reps get, inside the settings panel: the link back from Aloware, which calls and SMS become Tasks and
 * how, and who owns records created from Aloware. The parent owns the values; each edit is sent up as a
 * `settingchange` event `{ field, value }`.
 */
export default class AlowareRepSettings extends LightningElement {
  @api settings;

  linkFieldOptions = LINK_FIELD_OPTIONS;
  outcomeOptions = OUTCOME_OPTIONS;
  directionOptions = DIRECTION_OPTIONS;

  subjectPlaceholder = '{direction} {channel} · {duration} · {outcome}';

  subjectHelp =
    'Placeholders: {direction}, {channel}, {duration}, {outcome}, {disposition}. Empty parts between · are left out. Blank: the default subject.';

  get recordingHelp() {
    return 'The recording link opens the recording without signing in to Aloware: anyone who can read the Task can listen.';
  }

  /** Problems an admin can fix before saving (in `values`, default the current ones); empty when valid. */
  @api
  validate(values) {
    const s = values || this.settings;
    const errors = [];
    if (s.logCalls && !(s.logCallOutcomes || []).length) {
      errors.push('Choose at least one call outcome to log, or turn call logging off.');
    }
    if (s.logCalls && !(s.logCallDirections || []).length) {
      errors.push('Choose at least one call direction to log, or turn call logging off.');
    }
    if (s.defaultOwnerId && !ID_PATTERN(['005', '00G']).test(s.defaultOwnerId)) {
      errors.push('Default owner must be a user id (005…) or a queue id (00G…).');
    }
    if (s.defaultAccountId && !ID_PATTERN(['001']).test(s.defaultAccountId)) {
      errors.push('Default Account must be an Account id (starting with 001).');
    }
    return errors;
  }

  handleToggle(event) {
    this.send(event.target.dataset.field, event.target.checked);
  }

  handleValueChange(event) {
    this.send(event.target.dataset.field, event.detail.value);
  }

  handleTextChange(event) {
    this.send(event.target.dataset.field, (event.detail.value || '').trim());
  }

  send(field, value) {
    this.dispatchEvent(new CustomEvent('settingchange', { detail: { field, value } }));
  }
}
