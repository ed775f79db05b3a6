import { expect } from 'vitest';
import type { RequestLogEntry } from '../../sandbox/salesforce/state.js';
import { quiescent, waitFor, type Stack } from './stack.js';

/** Helpers for the Aloware → Salesforce integration tests (on top of stack.ts). */

export interface SfRecord {
  Id: string;
  [field: string]: unknown;
}

export interface CommunicationResult {
  communicationId: number;
  contactId: number;
  events: string[];
}

/** One entry of the Salesforce emulator's request log. */
export type SfRequest = RequestLogEntry;

export const SETTINGS_DEFAULTS = {
  Lead_Sync_Enabled__c: true,
  Contact_Sync_Enabled__c: true,
  Priority_Object__c: 'Contact',
  Lead_Create_Direction__c: 'both',
  Lead_Update_Direction__c: 'both',
  Contact_Create_Direction__c: 'both',
  Contact_Update_Direction__c: 'both',
  Default_Phone_Region__c: 'US',
  Record_Link_Field__c: 'csf1',
  Log_Calls__c: true,
  Log_Call_Outcomes__c: null,
  Log_Call_Directions__c: null,
  Log_Sms__c: true,
  Task_Subject_Template__c: null,
  Task_Status__c: null,
  Store_Recording_Link__c: true,
  Default_Owner_Id__c: null,
  Default_Account_Id__c: null,
  Match_Account_By_Domain__c: true,
};

export function toSalesforceHelpers(stack: () => Stack, firstPhone: number) {
  let phoneSeq = firstPhone;
  let settingsId: string | undefined;
  let version = 1;
  const records = async (object: string) =>
    (await stack().sfControl<{ records: SfRecord[] }>('GET', `/records/${object}`)).records;
  const helpers = {
    /** A fresh valid US number (202-555-01xx style, fictional). */
    nextPhone: () => `+1202555${String(++phoneSeq).padStart(4, '0')}`,
    records,
    record: async (object: string, id: string) => (await records(object)).find((r) => r.Id === id),
    recordWithPhone: async (object: string, phone: string) =>
      (await records(object)).find((r) => r.Phone === phone),
    tasksOf: async (communicationId: number) =>
      (await records('Task')).filter((t) => t.Aloware_Communication_Id__c === String(communicationId)),
    call: (body: Record<string, unknown>) =>
      stack().alowareControl<CommunicationResult>('POST', '/calls', body),
    sfRequests: async (sinceMs: number) =>
      (await stack().sfControl<{ requests: SfRequest[] }>('GET', `/requests?since=${sinceMs}`)).requests,
    /** The org-default settings row changed as an admin would (version bumped); the companion refreshed. */
    async useSettings(values: Record<string, unknown>): Promise<void> {
      const row = { ...SETTINGS_DEFAULTS, ...values, Config_Version__c: ++version };
      if (!settingsId) {
        const info = await stack().sfControl<{ orgId: string }>('GET', '/info');
        const seeded = await stack().sfControl<{ ids: string[] }>('POST', '/seed', {
          object: 'Aloware_Sync_Settings__c',
          records: [{ SetupOwnerId: info.orgId, ...row }],
          notify: false,
        });
        settingsId = seeded.ids[0];
      } else {
        const saved = await stack().runtime.deps.gateway.update('Aloware_Sync_Settings__c', settingsId, row);
        expect(saved.success).toBe(true);
      }
      await stack().runtime.deps.store.config.refresh();
    },
    /** Every webhook delivered and stored, every job of every queue done: the stack at rest (`quiescent`). */
    async idle(timeoutMs = 20_000): Promise<void> {
      await stack().alowareControl('GET', '/deliveries?waitMs=10000');
      await quiescent(stack(), timeoutMs);
    },
    /** A contact created in Aloware, created in Salesforce by the companion (as `object`), and linked. */
    async linkedRecord(object: 'Lead' | 'Contact' = 'Contact'): Promise<{ phone: string; record: SfRecord }> {
      const phone = helpers.nextPhone();
      await stack().alowareControl('POST', '/contacts', {
        phone_number: phone,
        first_name: 'Call',
        last_name: 'Me',
      });
      const record = await waitFor(() => helpers.recordWithPhone(object, phone));
      await waitFor(() => stack().runtime.deps.store.links.get(record.Id));
      return { phone, record };
    },
  };
  return helpers;
}
