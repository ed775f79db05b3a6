import { LightningElement } from 'lwc';
import getHealth from '@salesforce/apex/AlowareHealthController.getHealth';
import getFailedItems from '@salesforce/apex/AlowareHealthController.getFailedItems';
import retryFailedItem from '@salesforce/apex/AlowareHealthController.retryFailedItem';
import dismissFailedItem from '@salesforce/apex/AlowareHealthController.dismissFailedItem';
import getIdentityReport from '@salesforce/apex/AlowareHealthController.getIdentityReport';
import getSyncLog from '@salesforce/apex/AlowareSyncLogController.getSyncLog';
import getParkedActivities from '@salesforce/apex/AlowareSyncLogController.getParkedActivities';
import retryParkedActivity from '@salesforce/apex/AlowareSyncLogController.retryParkedActivity';
import { reduceErrors, toastEvent } from 'c/alowareUtils';
import {
  failedGroups,
  healthSummary,
  identityView,
  outcomeOptions,
  parkedRows,
  syncLogRows,
} from './healthView';

const SYNC_LOG_SIZE = 100;
const OBJECT_OPTIONS = [
  { label: 'Leads and Contacts', value: '' },
  { label: 'Leads', value: 'Lead' },
  { label: 'Contacts', value: 'Contact' },
];

export default class AlowareSyncHealth extends LightningElement {
  health;
  healthError;
  failedItems = [];
  failedError;
  identityReport;
  identityError;
  parked = [];
  parkedError;
  syncLog = [];
  syncLogError;
  logFilter = { record: '', object: '', outcome: '' };
  objectOptions = OBJECT_OPTIONS;
  isLoading = false;
  busyItemIds = [];

  connectedCallback() {
    this.refresh();
  }

  async refresh() {
    this.isLoading = true;
    const [health, failed, identity, parked, syncLog] = await Promise.allSettled([
      getHealth(),
      getFailedItems(),
      getIdentityReport(),
      getParkedActivities(),
      getSyncLog({ limitCount: SYNC_LOG_SIZE }),
    ]);
    this.parked = parked.status === 'fulfilled' ? parked.value || [] : [];
    this.parkedError = parked.status === 'rejected' ? parked.reason : undefined;
    this.syncLog = syncLog.status === 'fulfilled' ? syncLog.value || [] : [];
    this.syncLogError = syncLog.status === 'rejected' ? syncLog.reason : undefined;
    this.health = health.status === 'fulfilled' ? health.value : undefined;
    this.healthError = health.status === 'rejected' ? health.reason : undefined;
    this.failedItems = failed.status === 'fulfilled' ? failed.value || [] : [];
    this.failedError = failed.status === 'rejected' ? failed.reason : undefined;
    this.identityReport = identity.status === 'fulfilled' ? identity.value : undefined;
    this.identityError = identity.status === 'rejected' ? identity.reason : undefined;
    this.isLoading = false;
  }

  get companionReachable() {
    return Boolean(this.health);
  }

  get summary() {
    return this.health ? healthSummary(this.health) : undefined;
  }

  get hasRecentErrors() {
    return Boolean(this.summary && this.summary.recentErrors.length);
  }

  get failedGroups() {
    return failedGroups(this.failedItems, this.busyItemIds);
  }

  get parkedList() {
    return parkedRows(this.parked, this.busyItemIds);
  }

  get hasParked() {
    return this.parked.length > 0;
  }

  get logRows() {
    return syncLogRows(this.syncLog, this.logFilter);
  }

  get hasLogRows() {
    return this.logRows.length > 0;
  }

  get logSummary() {
    return `${this.logRows.length} of ${this.syncLog.length} recent syncs`;
  }

  get outcomeOptions() {
    return outcomeOptions(this.syncLog);
  }

  handleLogFilter(event) {
    this.logFilter = { ...this.logFilter, [event.target.dataset.filter]: event.detail.value || '' };
  }

  handleRetryAll(event) {
    const ids = event.target.dataset.ids.split(',');
    ids.forEach((itemId) => this.act(itemId, () => retryFailedItem({ itemId }), 'Queued for retry'));
  }

  handleRetryParked(event) {
    const itemId = event.target.dataset.id;
    this.act(itemId, () => retryParkedActivity({ itemId }), 'Logging again', 'parked');
  }

  get hasFailedItems() {
    return this.failedItems.length > 0;
  }

  get identity() {
    return identityView(this.identityReport);
  }

  get hasSharedPhones() {
    return this.identity.shared.length > 0;
  }

  get hasUnparseable() {
    return this.identity.unparseable.length > 0;
  }

  handleRefresh() {
    this.refresh();
  }

  handleRetry(event) {
    const itemId = event.target.dataset.id;
    this.act(itemId, () => retryFailedItem({ itemId }), 'Queued for retry');
  }

  handleDismiss(event) {
    const itemId = event.target.dataset.id;
    this.act(itemId, () => dismissFailedItem({ itemId }), 'Dismissed');
  }

  async act(itemId, call, doneTitle, list = 'failedItems') {
    this.busyItemIds = [...this.busyItemIds, itemId];
    try {
      const ok = await call();
      if (!ok) {
        throw new Error('The companion no longer knows this item. Refresh to see the current list.');
      }
      this[list] = this[list].filter((item) => item.id !== itemId);
      this.dispatchEvent(toastEvent(doneTitle, `Item ${itemId}.`, 'success'));
    } catch (error) {
      this.dispatchEvent(toastEvent('That did not work', reduceErrors(error).join(' '), 'error'));
    } finally {
      this.busyItemIds = this.busyItemIds.filter((id) => id !== itemId);
    }
  }
}
