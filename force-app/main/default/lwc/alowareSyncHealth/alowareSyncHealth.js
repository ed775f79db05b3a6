import { LightningElement } from 'lwc';
import getHealth from '@salesforce/apex/AlowareHealthController.getHealth';
import getFailedItems from '@salesforce/apex/AlowareHealthController.getFailedItems';
import retryFailedItem from '@salesforce/apex/AlowareHealthController.retryFailedItem';
import dismissFailedItem from '@salesforce/apex/AlowareHealthController.dismissFailedItem';
import getIdentityReport from '@salesforce/apex/AlowareHealthController.getIdentityReport';
import { reduceErrors, toastEvent } from 'c/alowareUtils';
import { failedRows, healthSummary, identityView } from './healthView';

export default class AlowareSyncHealth extends LightningElement {
  health;
  healthError;
  failedItems = [];
  failedError;
  identityReport;
  identityError;
  isLoading = false;
  busyItemIds = [];

  connectedCallback() {
    this.refresh();
  }

  async refresh() {
    this.isLoading = true;
    const [health, failed, identity] = await Promise.allSettled([
      getHealth(),
      getFailedItems(),
      getIdentityReport(),
    ]);
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

  get failedList() {
    return failedRows(this.failedItems).map((row) => ({ ...row, busy: this.busyItemIds.includes(row.id) }));
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

  async act(itemId, call, doneTitle) {
    this.busyItemIds = [...this.busyItemIds, itemId];
    try {
      const ok = await call();
      if (!ok) {
        throw new Error('The companion no longer knows this item. Refresh to see the current list.');
      }
      this.failedItems = this.failedItems.filter((item) => item.id !== itemId);
      this.dispatchEvent(toastEvent(doneTitle, `Failed item ${itemId}.`, 'success'));
    } catch (error) {
      this.dispatchEvent(toastEvent('That did not work', reduceErrors(error).join(' '), 'error'));
    } finally {
      this.busyItemIds = this.busyItemIds.filter((id) => id !== itemId);
    }
  }
}
