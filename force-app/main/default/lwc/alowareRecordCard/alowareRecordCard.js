import { LightningElement, api } from 'lwc';
import getRecordCard from '@salesforce/apex/AlowareRecordCardController.getRecordCard';
import syncNow from '@salesforce/apex/AlowareRecordCardController.syncNow';
import { formatDuration, outcomeText, reduceErrors, toastEvent } from 'c/alowareUtils';

const CHANNEL_ICONS = { Call: 'utility:call', SMS: 'utility:sms' };
/** The companion syncs within seconds of "Sync now": the card reads its state again after this long. */
export const REFRESH_AFTER_SYNC_MS = 3000;

export default class AlowareRecordCard extends LightningElement {
  @api recordId;

  card;
  error;
  isLoading = true;
  isSyncing = false;

  connectedCallback() {
    this.load();
  }

  disconnectedCallback() {
    clearTimeout(this.refreshTimer);
  }

  async load() {
    this.isLoading = true;
    try {
      this.card = await getRecordCard({ recordId: this.recordId });
      this.error = undefined;
    } catch (error) {
      this.error = error;
      this.card = undefined;
    } finally {
      this.isLoading = false;
    }
  }

  get isLinked() {
    return Boolean(this.card && this.card.alowareContactId);
  }

  get isNotLinked() {
    return Boolean(this.card) && !this.card.alowareContactId;
  }

  get linkText() {
    return `Open Aloware contact ${this.card.alowareContactId}`;
  }

  get lastOutcome() {
    if (this.card && this.card.lastOutcome) {
      return outcomeText(this.card.lastOutcome);
    }
    return this.card && this.card.companionError ? 'Unknown' : 'No sync yet';
  }

  get activities() {
    return ((this.card && this.card.activities) || []).map((a) => ({
      ...a,
      iconName: CHANNEL_ICONS[a.channel] || 'utility:event',
      iconText: a.channel === 'SMS' ? 'Text message' : 'Call',
      detail: [a.channel, a.direction].filter(Boolean).join(' · '),
      durationText:
        a.channel === 'Call' && a.durationSeconds !== null && a.durationSeconds !== undefined
          ? formatDuration(a.durationSeconds)
          : '',
      recordingText: `Recording of ${a.subject}`,
    }));
  }

  get hasActivities() {
    return this.activities.length > 0;
  }

  get syncDisabled() {
    return this.isSyncing || !this.card;
  }

  async handleSyncNow() {
    this.isSyncing = true;
    try {
      const queued = await syncNow({ recordId: this.recordId });
      if (queued) {
        this.dispatchEvent(
          toastEvent('Sync requested', 'Aloware will be up to date in a few seconds.', 'success'),
        );
        clearTimeout(this.refreshTimer);
        // Reads the card again once the companion has had time to sync; cleared on disconnect.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        this.refreshTimer = setTimeout(() => this.load(), REFRESH_AFTER_SYNC_MS);
      } else {
        this.dispatchEvent(toastEvent('Nothing to sync', 'Sync is turned off for this object.', 'warning'));
      }
    } catch (error) {
      this.dispatchEvent(toastEvent('Sync could not be requested', reduceErrors(error).join(' '), 'error'));
    } finally {
      this.isSyncing = false;
    }
  }
}
