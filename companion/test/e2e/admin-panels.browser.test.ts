// The Aloware Sync admin app in headless Chromium: the real LWC panels of force-app, compiled with LWC's
// open-source compiler and served by the demo (companion/sandbox/admin-preview), clicked through as an admin would.
// Screenshots go to artifacts/admin-*.png (and to docs/ with UPDATE_ADMIN_SCREENSHOTS=1).
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchChromium } from './support/browser.js';
import { startE2E, waitFor, type E2E, type Json } from './support/e2e.js';

const SEEN = 20_000;
const INSTALL_TIMEOUT_MS = 600_000;

describe('admin panels in a browser', () => {
  let e2e: E2E;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    e2e = await startE2E({
      adminPreview: true,
      seed: { perObject: 15, sharedPairs: 2, foreignPerObject: 1, unparseablePerObject: 1 },
      runtime: { jobAttempts: 2, jobBackoffMs: 50, alowareMaxAttempts: 2 },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await e2e?.stop();
  });

  const url = () => e2e.stack.urls.adminPreview!;

  async function open(tab: string, query = ''): Promise<void> {
    await page.goto(`${url()}/${query}#${tab}`);
    await page.getByTestId(`tab-${tab}`).waitFor();
  }

  /** Waits for a toast with this title and returns its variant; toasts are closed afterwards. */
  async function toast(title: string | RegExp): Promise<string> {
    const t = page.getByTestId('toast').filter({ hasText: title }).first();
    await t.waitFor({ timeout: SEEN });
    const variant = (await t.getAttribute('data-variant')) ?? '';
    await page.evaluate(() => document.querySelectorAll('[data-testid="toast"]').forEach((e) => e.remove()));
    return variant;
  }

  /** Picks an option of a lightning-combobox. */
  async function choose(combobox: Locator, value: string): Promise<void> {
    await combobox.locator('button[role="combobox"]').click();
    await combobox.locator(`lightning-base-combobox-item[data-value="${value}"]`).click();
  }

  async function shot(name: string): Promise<void> {
    const file = artifactPath(`admin-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (process.env.UPDATE_ADMIN_SCREENSHOTS === '1')
      copyFileSync(file, fileURLToPath(new URL(`../../../docs/admin-${name}.png`, import.meta.url)));
  }

  async function settingsRow(): Promise<Json | undefined> {
    return (await e2e.clients.records('Aloware_Sync_Settings__c')).find(
      (s) => s.SetupOwnerId === e2e.stack.orgId,
    );
  }

  it('settings: toggle an object, set the priority and a direction, save', async () => {
    await open('settings');
    const panel = page.locator('c-aloware-sync-settings');
    const priority = panel.locator('lightning-combobox[data-field="priorityObject"]');
    await priority.waitFor();
    const leadToggle = panel.locator('lightning-input[data-field="leadSyncEnabled"] .slds-checkbox_faux');
    await leadToggle.click();
    await priority.waitFor({ state: 'detached' });
    expect(await panel.locator('[data-object="lead"]').textContent()).toContain('Leads sync is off.');
    await leadToggle.click();
    await choose(priority, 'Lead');
    await choose(panel.locator('lightning-combobox[data-field="leadUpdateDirection"]'), 'inbound');
    await panel.locator('lightning-button.save-button button').click();
    expect(await toast('Aloware Sync settings saved')).toBe('success');
    expect(await settingsRow()).toMatchObject({
      Lead_Sync_Enabled__c: true,
      Contact_Sync_Enabled__c: true,
      Priority_Object__c: 'Lead',
      Lead_Update_Direction__c: 'inbound',
      Config_Version__c: 1,
    });
    await shot('settings');
  });

  it('Lead mapping: locked rows cannot be edited, a mapped field is disabled, a new row is saved', async () => {
    await open('lead-mapping');
    const panel = page.locator('c-aloware-property-mapping');
    const rows = panel.locator('tr[data-row]');
    await expect.poll(() => rows.count(), { timeout: SEEN }).toBeGreaterThan(5);
    const phoneRow = rows.first();
    expect(await phoneRow.locator('select.sf-field').isDisabled()).toBe(true);
    await panel.locator('lightning-button.add-row button').click();
    const added = rows.last();
    const sfSelect = added.locator('select.sf-field');
    expect(await sfSelect.locator('option[value="Phone"]').textContent()).toContain('(already mapped)');
    expect(await sfSelect.locator('option[value="Phone"]').isDisabled()).toBe(true);
    await sfSelect.selectOption('Title');
    await added.locator('select.aloware-field').selectOption('csf1');
    await choose(added.locator('lightning-combobox[data-prop="direction"]'), 'to_aloware');
    expect(await panel.locator('.unsaved-banner').isVisible()).toBe(true);
    await shot('mapping');
    await panel.locator('lightning-button.save-button button').click();
    expect(await toast('Lead mapping saved')).toBe('success');
    const stored = await e2e.query(
      "SELECT Salesforce_Field__c, Aloware_Field__c, Direction__c FROM Aloware_Field_Mapping__c WHERE Object__c = 'Lead'",
    );
    expect(stored).toContainEqual(
      expect.objectContaining({
        Salesforce_Field__c: 'Title',
        Aloware_Field__c: 'csf1',
        Direction__c: 'to_aloware',
      }),
    );
    expect(await panel.locator('.unsaved-banner').count()).toBe(0);
  });

  it('Lead mapping: unsaved changes survive a switch to another tab of the app and can be restored', async () => {
    await open('lead-mapping');
    const panel = page.locator('c-aloware-property-mapping');
    const rows = panel.locator('tr[data-row]');
    await expect.poll(() => rows.count(), { timeout: SEEN }).toBeGreaterThan(5);
    const stored = await rows.count();
    await panel.locator('lightning-button.add-row button').click();
    await expect.poll(() => rows.count()).toBe(stored + 1);
    // A tab switch removes the panel without beforeunload, as Lightning does.
    await page.getByTestId('tab-settings').click();
    await page.locator('c-aloware-sync-settings').waitFor();
    await page.getByTestId('tab-lead-mapping').click();
    const draft = panel.locator('.draft-banner');
    await draft.waitFor({ timeout: SEEN });
    expect(await draft.textContent()).toMatch(/You left the Lead mapping with unsaved changes at/);
    expect(await rows.count()).toBe(stored);
    await shot('mapping-draft');
    await panel.locator('lightning-button.restore-draft button').click();
    await expect.poll(() => rows.count()).toBe(stored + 1);
    expect(await panel.locator('.unsaved-banner').isVisible()).toBe(true);
    await panel.locator('lightning-button.discard-changes button').click();
    await expect.poll(() => rows.count(), { timeout: SEEN }).toBe(stored);
    expect(await panel.locator('.unsaved-banner').count()).toBe(0);
  });

  it('one-time pull: Run only after a preview, a confirmation, then the progress bar to done', async () => {
    await open('operations');
    const panel = page.locator('c-aloware-one-time-operations');
    expect(await panel.locator('lightning-button.run-button button').isDisabled()).toBe(true);
    await panel.locator('lightning-button.preview-button button').click();
    const status = panel.locator('.operation .status');
    await expect.poll(() => status.textContent(), { timeout: SEEN }).toContain('Completed');
    expect(await panel.locator('.operation-title').textContent()).toContain('Preview (dry run) of Contacts');
    expect(Number(await panel.locator('[data-stat="creates"]').textContent())).toBeGreaterThan(0);
    // A sample of the records per outcome, each with its reason in words.
    const creates = panel.locator('.sample-group[data-outcome="create"] tbody tr');
    expect(await creates.count()).toBeGreaterThan(0);
    expect(await creates.first().locator('.sample-reason').textContent()).toContain(
      'No Aloware contact has this phone number',
    );
    const reasons = await panel.locator('.sample-reason').allTextContents();
    expect(
      reasons.every((r) => r.trim() !== '' && !r.includes('_')),
      reasons.join(' | '),
    ).toBe(true);
    await shot('operations-preview');
    await panel.locator('lightning-button.run-button button').click();
    const confirm = page.locator('.slds-modal__container');
    await confirm.waitFor({ timeout: SEEN });
    expect(await confirm.textContent()).toMatch(/contacts created/);
    await shot('operations-confirm');
    await confirm.getByRole('button', { name: 'OK', exact: true }).click();
    await expect.poll(() => panel.locator('.operation-title').textContent()).toContain('Pull of Contacts');
    await expect.poll(() => status.textContent(), { timeout: SEEN }).toContain('Completed');
    expect(await panel.locator('.processed').textContent()).toContain('(100%)');
    expect(
      await panel
        .locator('lightning-progress-bar')
        .evaluate((el) => (el as HTMLElement & { value: number }).value),
    ).toBe(100);
    await expect.poll(() => panel.locator('.recent-runs tbody tr').count()).toBe(2);
    await shot('operations');
  });

  it('one-time push from Aloware: an uploaded CSV previewed per outcome, confirmed, run to done', async () => {
    await open('operations');
    const panel = page.locator('c-aloware-one-time-operations');
    // A contact the pull just made in Aloware (linked: in sync), an unreadable phone, one Aloware does not hold.
    const { contacts } = (await e2e.clients.aloware('GET', '/contacts')) as {
      contacts: { phone_number: string }[];
    };
    const csv = `Phone Number,First Name,Last Name\n${contacts[0]!.phone_number},In,Sync\n12,Bad,Phone\n+12025550999,Not,There\n`;
    expect(await panel.locator('lightning-button.push-run-button button').isDisabled()).toBe(true);
    await panel
      .locator('lightning-input.push-file input[type="file"]')
      .setInputFiles({ name: 'aloware-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => panel.locator('.push-file-name').textContent()).toContain('aloware-contacts.csv');
    await panel.locator('lightning-button.push-preview-button button').click();
    const status = panel.locator('.operation .status');
    await expect
      .poll(() => panel.locator('.operation-title').textContent(), { timeout: SEEN })
      .toContain('Preview (dry run) of the push');
    await expect.poll(() => status.textContent(), { timeout: SEEN }).toContain('Completed');
    expect(await panel.locator('[data-stat="skips"]').textContent()).toBe('2');
    expect(await panel.locator('[data-stat="invalidPhones"]').textContent()).toBe('1');
    const reasons = await panel.locator('.sample-reason').allTextContents();
    expect(reasons).toHaveLength(3);
    expect(
      reasons.every((r) => r.trim() !== '' && !r.includes('_')),
      reasons.join(' | '),
    ).toBe(true);
    await shot('operations-push-preview');
    await panel.locator('lightning-button.push-run-button button').click();
    const confirm = page.locator('.slds-modal__container');
    await confirm.waitFor({ timeout: SEEN });
    expect(await confirm.textContent()).toMatch(/writes to Salesforce/);
    await confirm.getByRole('button', { name: 'OK', exact: true }).click();
    await expect
      .poll(() => panel.locator('.operation-title').textContent())
      .toContain('Push from Aloware into Salesforce');
    await expect.poll(() => status.textContent(), { timeout: SEEN }).toContain('Completed');
    expect(await panel.locator('.processed').textContent()).toContain('3 of 3 records (100%)');
    await expect
      .poll(() => panel.locator('.recent-runs tbody tr').filter({ hasText: 'Push from Aloware' }).count())
      .toBe(2);
  });

  it('health: a failed sync shows up and Retry queues it again', async () => {
    await e2e.clients.aloware('POST', '/faults', { kind: 'error', status: 503, count: 2, route: 'forms' });
    const leadId = await e2e.createAsRep('Lead', {
      LastName: 'Failing',
      Company: 'F',
      Phone: '202-555-0223',
    });
    await waitFor(async () => {
      const { items } = (await e2e.clients.companion('GET', '/failed')) as { items: Json[] };
      return items.some((i) => i.recordId === leadId) || undefined;
    }, SEEN);
    await open('health');
    const panel = page.locator('c-aloware-sync-health');
    const row = panel.locator('table.failed-items tbody tr').filter({ hasText: leadId });
    await row.waitFor({ timeout: SEEN });
    expect(await panel.locator('.failed-group .group-count').first().textContent()).toMatch(/1 item/);
    const log = panel.locator('table.sync-log tbody tr');
    await expect.poll(() => log.count(), { timeout: SEEN }).toBeGreaterThan(0);
    expect(await log.first().locator('.outcome').textContent()).not.toMatch(/_/);
    await choose(panel.locator('lightning-combobox[data-filter="object"]'), 'Contact');
    expect(
      (await log.allTextContents()).every((t) => t.includes('Contact')),
      'the object filter keeps Contacts only',
    ).toBe(true);
    await shot('health');
    await row.locator('lightning-button.retry-button button').click();
    expect(await toast('Queued for retry')).toBe('success');
    await row.waitFor({ state: 'detached' });
    await waitFor(async () => {
      const [lead] = await e2e.query(`SELECT Aloware_Contact_Id__c FROM Lead WHERE Id = '${leadId}'`);
      return lead?.Aloware_Contact_Id__c || undefined;
    }, SEEN);
  });

  it('record card: the linked Aloware contact, and Sync now', async () => {
    const [contact] = await e2e.query('SELECT Id FROM Contact WHERE Aloware_Contact_Id__c != null LIMIT 1');
    await open('record-card', `?record=${String(contact!.Id)}`);
    const panel = page.locator('c-aloware-record-card');
    await panel.locator('.linked a').waitFor({ timeout: SEEN });
    expect(await panel.locator('.linked a').textContent()).toMatch(/Open Aloware contact/);
    // The link goes to the Aloware app the companion is configured with (here the emulator), not a fixed host.
    expect(await panel.locator('.linked a').getAttribute('href')).toMatch(
      new RegExp(`^${e2e.stack.urls.aloware}/contacts/\\d+$`),
    );
    await panel.locator('lightning-button.sync-now button').click();
    expect(await toast('Sync requested')).toBe('success');
    await shot('record-card');
    expect(pageErrors).toEqual([]);
  });
});
