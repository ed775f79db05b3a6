// The sandbox console in headless Chromium: scenarios 1, 2 and 5 performed with clicks, checked on the page.
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchChromium } from './support/browser.js';
import { freshPhone, startE2E, type E2E } from './support/e2e.js';

const SEEN = 20_000;
/** The first run on a fresh machine may install Debian's chromium package (apt-get) before launching it. */
const INSTALL_TIMEOUT_MS = 600_000;

describe('sandbox console in a browser', () => {
  let e2e: E2E;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    e2e = await startE2E({
      console: true,
      seed: { perObject: 20, sharedPairs: 2, foreignPerObject: 1, unparseablePerObject: 1 },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 1300 } });
    await page.goto(e2e.stack.urls.console!);
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await e2e?.stop();
  });

  const form = (name: string) => page.getByTestId(`form-${name}`);
  const sfRow = (name: string, object?: string): Locator =>
    page.locator(`[data-testid="sf-row"]${object ? `[data-object="${object}"]` : ''}`, { hasText: name });

  async function submit(name: string, fields: Record<string, string> = {}): Promise<string> {
    for (const [field, value] of Object.entries(fields))
      await form(name).locator(`[name="${field}"]`).fill(value);
    const status = page.getByTestId('action-status');
    const before = await status.getAttribute('data-seq');
    await page.getByTestId(`submit-${name}`).click();
    await page.waitForFunction(
      (prev) => document.querySelector('[data-testid="action-status"]')?.getAttribute('data-seq') !== prev,
      before,
      { timeout: SEEN },
    );
    const text = (await status.textContent()) ?? '';
    expect(await status.getAttribute('class'), text).toBe('ok');
    return text;
  }

  async function searchSalesforce(text: string): Promise<void> {
    await page.getByTestId('sf-search').fill(text);
  }

  it('shows both sides, the seeded org and the sync log', async () => {
    await expect.poll(() => page.getByTestId('sf-row').count()).toBeGreaterThan(5);
    expect(await page.getByTestId('salesforce-side').textContent()).toContain('20 Leads · 20 Contacts');
    expect(await page.getByTestId('aloware-side').isVisible()).toBe(true);
    expect(await page.getByTestId('sync-log').isVisible()).toBe(true);
  });

  it('scenario 1: a contact created in Aloware appears on the Salesforce side as a Contact', async () => {
    const phone = freshPhone();
    expect(
      await submit('aloware-contact', { phone_number: phone.typed, first_name: 'Brow', last_name: 'Ser' }),
    ).toMatch(/created/);
    await searchSalesforce('Brow Ser');
    await sfRow('Brow Ser', 'Contact').waitFor({ timeout: SEEN });
    await expect
      .poll(() => page.locator('[data-testid="aloware-row"]', { hasText: 'Brow Ser' }).count())
      .toBe(1);
  });

  it('scenario 2: a call placed from the console shows up as a Task with the recording link', async () => {
    await sfRow('Brow Ser', 'Contact').getByTestId('sf-use').click();
    expect(await form('call').locator('[name="phone"]').inputValue()).not.toBe('');
    expect(await submit('call', { disposition: 'Interested' })).toMatch(/Call \d+ placed/);
    const task = page.locator('[data-testid="task-row"]', { hasText: 'Brow Ser' });
    await task.getByTestId('task-recording').waitFor({ timeout: SEEN });
    expect(await task.getByTestId('task-who').textContent()).toContain('Contact');
    expect(await task.getByTestId('task-recording').getAttribute('href')).toMatch(
      /^https?:\/\/.+\/recordings\//,
    );
    await page.getByTestId('log-entry').first().waitFor({ timeout: SEEN });
  });

  it('scenario 5: a converted Lead keeps its call on the Contact and the next call lands there', async () => {
    const phone = freshPhone();
    await form('create-record').locator('[name="object"]').selectOption('Lead');
    await submit('create-record', {
      FirstName: 'Conny',
      LastName: 'Verted',
      Phone: phone.typed,
      Email: '',
      Company: 'Five',
    });
    await searchSalesforce('Conny Verted');
    const lead = sfRow('Conny Verted', 'Lead');
    await lead.waitFor({ timeout: SEEN });
    // the companion pushed the Lead to Aloware: it shows on the Aloware side
    await page.getByTestId('aloware-search').fill(phone.e164);
    await page.locator(`[data-testid="aloware-row"][data-phone="${phone.e164}"]`).waitFor({ timeout: SEEN });
    // … and the Salesforce side shows the link to it
    await expect
      .poll(() => lead.getByTestId('sf-aloware-id').textContent(), { timeout: SEEN })
      .toMatch(/\d{5,}/);
    await lead.getByTestId('sf-use').click();
    await submit('call');
    const tasks = page.locator('[data-testid="task-row"]', { hasText: 'Conny Verted' });
    await tasks.getByTestId('task-recording').first().waitFor({ timeout: SEEN });
    expect(await tasks.first().getByTestId('task-who').textContent()).toContain('Lead');

    expect(await submit('convert')).toMatch(/converted to Contact 003/);
    await sfRow('Conny Verted', 'Contact').waitFor({ timeout: SEEN });
    await expect
      .poll(() => tasks.first().getByTestId('task-who').textContent(), { timeout: SEEN })
      .toContain('Contact');

    await submit('call', { disposition: 'Left Voicemail' });
    await expect.poll(() => tasks.count(), { timeout: SEEN }).toBe(2);
    await expect
      .poll(
        async () =>
          (await tasks.getByTestId('task-who').allTextContents()).every((t) => t.includes('Contact')),
        { timeout: SEEN },
      )
      .toBe(true);

    await searchSalesforce('');
    await page.waitForTimeout(1700);
    const shot = artifactPath('console.png');
    await page.screenshot({ path: shot, fullPage: true });
    if (process.env.UPDATE_CONSOLE_SCREENSHOT === '1')
      copyFileSync(shot, fileURLToPath(new URL('../../../docs/console.png', import.meta.url)));
  });

  it('switching the priority to Lead in Settings makes the next Aloware contact a Lead', async () => {
    await form('settings').locator('[name="Priority_Object__c"]').selectOption('Lead');
    expect(await submit('settings')).toMatch(/Settings saved \(version 1\)/);
    await expect.poll(() => form('settings').textContent()).toContain('version 1');
    expect(await form('settings').locator('[name="Priority_Object__c"]').inputValue()).toBe('Lead');
    await page.waitForTimeout(1200); // every companion process picks the new version up within its 1 s memo
    await submit('aloware-contact', {
      contactId: '',
      phone_number: freshPhone().typed,
      first_name: 'Lee',
      last_name: 'Priority',
    });
    await searchSalesforce('Lee Priority');
    await sfRow('Lee Priority', 'Lead').waitFor({ timeout: SEEN });
  });
});
