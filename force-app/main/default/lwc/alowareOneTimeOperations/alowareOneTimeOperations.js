import { LightningElement } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import startOperation from '@salesforce/apex/AlowareOperationsController.startOperation';
import getOperation from '@salesforce/apex/AlowareOperationsController.getOperation';
import cancelOperation from '@salesforce/apex/AlowareOperationsController.cancelOperation';
import listOperations from '@salesforce/apex/AlowareOperationsController.listOperations';
import startPush from '@salesforce/apex/AlowareOperationsController.startPush';
import { isTerminalStatus, reduceErrors, toastEvent } from 'c/alowareUtils';
import {
  FILTER_OPERATORS,
  buildFilter,
  confirmMessage,
  confirmPushMessage,
  fileKey,
  planStats,
  progressView,
  recentRunRows,
  sampleGroups,
  selectionKey,
} from './operationView';

const POLL_INTERVAL_MS = 2000;
/** AlowareOperationsController.maxCsvChars: the companion takes 4.5 MB of CSV per push. */
const MAX_PUSH_BYTES = 4500000;

/** The text of an uploaded file (FileReader: what Lightning Locker and LWS allow). */
function readText(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}
let nextKey = 0;
const newFilterRow = () => ({ key: `f${nextKey++}`, field: '', op: '=', value: '' });

export default class AlowareOneTimeOperations extends LightningElement {
  objectName = 'Contact';
  filterRows = [];
  filterErrors = [];
  operation;
  operations = [];
  error;
  isStarting = false;
  pollTimer;
  /** Selection (object + filter) of the last completed preview: Run is offered for exactly that selection. */
  previewed;
  previewedPlan;
  /** Selection of the operation shown, when this panel started it (an opened past run has none). */
  operationSelection;
  operatorOptions = FILTER_OPERATORS;
  /** The CSV chosen for a push from Aloware: { name, size, key, text }. */
  pushFile;
  pushFileError;
  /** Key of the file whose push preview completed: Run push is offered for exactly that file. */
  pushPreviewed;
  pushPreviewedPlan;

  connectedCallback() {
    this.loadRecent(true);
  }

  disconnectedCallback() {
    clearTimeout(this.pollTimer);
  }

  get contactVariant() {
    return this.objectName === 'Contact' ? 'brand' : 'neutral';
  }

  get leadVariant() {
    return this.objectName === 'Lead' ? 'brand' : 'neutral';
  }

  get objectPlural() {
    return `${this.objectName}s`;
  }

  get isActive() {
    return Boolean(this.operation) && !isTerminalStatus(this.operation.status);
  }

  get startDisabled() {
    return this.isStarting || this.isActive;
  }

  get currentSelection() {
    return selectionKey(this.objectName, buildFilter(this.filterRows).filterJson);
  }

  get isPreviewed() {
    return this.previewed === this.currentSelection;
  }

  get runDisabled() {
    return this.startDisabled || !this.isPreviewed;
  }

  get runHint() {
    return this.isPreviewed
      ? 'The preview of this selection is done: Run asks for confirmation, then writes to Aloware.'
      : `Preview first: Run unlocks when a preview of these ${this.objectPlural} and this filter has completed.`;
  }

  get pushPreviewDisabled() {
    return this.startDisabled || !this.pushFile;
  }

  get pushRunDisabled() {
    return this.startDisabled || !this.pushFile || this.pushPreviewed !== this.pushFile.key;
  }

  get pushFileText() {
    return this.pushFile
      ? `${this.pushFile.name} (${Math.ceil(this.pushFile.size / 1024)} KB)`
      : 'No file chosen yet.';
  }

  get pushHint() {
    return this.pushFile && this.pushPreviewed === this.pushFile.key
      ? 'The preview of this file is done: Run push asks for confirmation, then writes to Salesforce.'
      : 'Preview first: Run push unlocks when a preview of the chosen file has completed.';
  }

  get hasFilterErrors() {
    return this.filterErrors.length > 0;
  }

  get plan() {
    return this.operation ? planStats(this.operation.plan, this.operation.kind) : [];
  }

  get hasPlan() {
    return this.plan.length > 0;
  }

  get samples() {
    return sampleGroups(this.operation);
  }

  get hasSamples() {
    return this.samples.length > 0;
  }

  get progress() {
    return this.operation ? progressView(this.operation) : undefined;
  }

  get recentRuns() {
    return recentRunRows(this.operations);
  }

  get hasRecentRuns() {
    return this.operations.length > 0;
  }

  handlePullContacts() {
    this.objectName = 'Contact';
  }

  handlePullLeads() {
    this.objectName = 'Lead';
  }

  handleAddFilter() {
    this.filterRows = [...this.filterRows, newFilterRow()];
  }

  handleRemoveFilter(event) {
    this.filterRows = this.filterRows.filter((r) => r.key !== event.target.dataset.key);
  }

  handleFilterChange(event) {
    const { key, prop } = event.target.dataset;
    this.filterRows = this.filterRows.map((r) => (r.key === key ? { ...r, [prop]: event.detail.value } : r));
  }

  async handlePushFile(event) {
    const file = ((event.detail && event.detail.files) || [])[0];
    this.pushFile = undefined;
    this.pushFileError = undefined;
    if (!file) {
      return;
    }
    if (file.size > MAX_PUSH_BYTES) {
      this.pushFileError = `${file.name} is larger than 4.5 MB: split it and push each part.`;
      return;
    }
    try {
      const text = await readText(file);
      this.pushFile = { name: file.name, size: file.size, key: fileKey(file), text };
    } catch {
      this.pushFileError = `${file.name} could not be read: choose it again.`;
    }
  }

  handlePushPreview() {
    this.startPush(true);
  }

  async handlePushRun() {
    if (this.pushRunDisabled) {
      return;
    }
    const confirmed = await LightningConfirm.open({
      label: 'Push contacts from Aloware into Salesforce',
      message: confirmPushMessage(this.pushFile.name, this.pushPreviewedPlan),
      theme: 'warning',
    });
    if (confirmed) {
      this.startPush(false);
    }
  }

  async startPush(dryRun) {
    const file = this.pushFile;
    if (!file) {
      return;
    }
    this.isStarting = true;
    this.error = undefined;
    try {
      this.operation = await startPush({ csvText: file.text, dryRun });
      this.operationSelection = file.key;
      this.schedulePoll();
    } catch (error) {
      this.error = error;
      this.dispatchEvent(toastEvent('The push did not start', reduceErrors(error).join(' '), 'error'));
    } finally {
      this.isStarting = false;
    }
  }

  handlePreview() {
    this.start(true);
  }

  async handleRun() {
    const confirmed = await LightningConfirm.open({
      label: `Pull ${this.objectPlural} into Aloware`,
      message: confirmMessage(this.objectPlural, this.previewedPlan),
      theme: 'warning',
    });
    if (confirmed) {
      this.start(false);
    }
  }

  async handleOpenRun(event) {
    const operationId = event.target.dataset.id;
    try {
      this.operation = await getOperation({ operationId });
      this.operationSelection = undefined;
      this.error = undefined;
      this.schedulePoll();
    } catch (error) {
      this.error = error;
    }
  }

  async start(dryRun) {
    const { errors, filterJson } = buildFilter(this.filterRows);
    this.filterErrors = errors;
    if (errors.length) {
      return;
    }
    this.isStarting = true;
    this.error = undefined;
    try {
      this.operation = await startOperation({ objectName: this.objectName, dryRun, filterJson });
      this.operationSelection = selectionKey(this.objectName, filterJson);
      this.schedulePoll();
    } catch (error) {
      this.error = error;
      this.dispatchEvent(toastEvent('The pull did not start', reduceErrors(error).join(' '), 'error'));
    } finally {
      this.isStarting = false;
    }
  }

  schedulePoll() {
    clearTimeout(this.pollTimer);
    if (!this.isActive) {
      this.notePreview();
      this.loadRecent(false);
      return;
    }
    // Polling the companion's progress through Apex; cleared on completion and on disconnect.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.pollTimer = setTimeout(() => this.poll(), POLL_INTERVAL_MS);
  }

  /** A completed preview started from this panel unlocks Run for its selection. */
  notePreview() {
    const op = this.operation;
    if (op && op.dryRun && op.status === 'completed' && this.operationSelection) {
      if (op.kind === 'push') {
        this.pushPreviewed = this.operationSelection;
        this.pushPreviewedPlan = op.plan;
      } else {
        this.previewed = this.operationSelection;
        this.previewedPlan = op.plan;
      }
    }
  }

  async poll() {
    try {
      this.operation = await getOperation({ operationId: this.operation.id });
      this.error = undefined;
    } catch (error) {
      this.error = error;
    }
    this.schedulePoll();
  }

  async handleCancel() {
    try {
      this.operation = await cancelOperation({ operationId: this.operation.id });
      this.dispatchEvent(toastEvent('Pull cancelled', 'Records already written stay written.', 'info'));
      this.schedulePoll();
    } catch (error) {
      this.dispatchEvent(toastEvent('Could not cancel', reduceErrors(error).join(' '), 'error'));
    }
  }

  async loadRecent(resumeActive) {
    try {
      this.operations = (await listOperations()) || [];
      const active = this.operations.find((op) => !isTerminalStatus(op.status));
      if (resumeActive && active && !this.operation) {
        this.operation = active;
        this.schedulePoll();
      }
    } catch (error) {
      this.error = error;
    }
  }
}
