import { quiescent, repToken as fetchRepToken, SYNC_KEY, waitFor, type Stack } from './stack.js';

export interface AwContact {
  id: number;
  phone_number: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  company_name: string | null;
  other_phone_numbers: { label: string; phone_number: string }[];
}

/** Helpers over the emulators' public and control HTTP interfaces for Salesforce → Aloware tests. */
export function helpers(stack: Stack) {
  let repToken: string | undefined;
  let delivery = 0;
  const h = {
    contacts: async () =>
      (await stack.alowareControl<{ contacts: AwContact[] }>('GET', '/contacts')).contacts,
    byPhone: async (phone: string) => (await h.contacts()).find((c) => c.phone_number === phone),
    alowareLog: () =>
      stack.alowareControl<{ count: number; byRoute: Record<string, number> }>('GET', '/requests'),
    alowareWrites: async () =>
      Object.entries((await h.alowareLog()).byRoute)
        .filter(([route]) => route.includes('/forms'))
        .reduce((n, [, c]) => n + c, 0),
    seed: (object: string, records: Record<string, unknown>[]) =>
      stack.sfControl<{ ids: string[] }>('POST', '/seed', { object, records }),
    /** Salesforce API calls made by the integration user (the companion) so far. */
    /** The companion's Salesforce calls, optionally of one route and (queries) whose SOQL matches `soql`. */
    companionSfCalls: async (route?: RegExp, soql?: RegExp) => {
      const log = await stack.sfControl<{
        requests: { route: string; userId: string | null; soql?: string }[];
      }>('GET', '/requests');
      return log.requests.filter(
        (r) =>
          r.userId === stack.sf.integrationUserId &&
          (!route || route.test(r.route)) &&
          (!soql || soql.test(r.soql ?? '')),
      ).length;
    },
    link: (id: string) => waitFor(() => stack.runtime.deps.store.links.get(id)),
    async token(): Promise<string> {
      if (repToken) return repToken;
      repToken = await fetchRepToken(stack.sf.url);
      return repToken;
    },
    /** An edit by the rep user through the REST API (the trigger emulation notifies the companion). */
    async update(object: string, id: string, values: Record<string, unknown>): Promise<void> {
      const res = await fetch(`${stack.sf.url}/services/data/v64.0/sobjects/${object}/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${await h.token()}`, 'content-type': 'application/json' },
        body: JSON.stringify(values),
      });
      if (res.status !== 204) throw new Error(`update failed ${res.status} ${await res.text()}`);
    },
    /** A change event straight to the companion, as the Apex Queueable would send it. */
    async postEvent(change: Record<string, unknown>): Promise<Response> {
      return fetch(`${stack.url}/webhooks/salesforce`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-aloware-sync-key': SYNC_KEY },
        body: JSON.stringify({
          schema: 'aloware-sync.salesforce-change/1',
          orgId: stack.sf.orgId,
          deliveryId: `test-${Date.now()}-${delivery++}`,
          sentAt: new Date().toISOString(),
          changes: [change],
        }),
      });
    },
    async notificationsSettled(): Promise<void> {
      await waitFor(async () => {
        const { notifications } = await stack.sfControl<{ notifications: { outcome: string }[] }>(
          'GET',
          '/notifications',
        );
        return notifications.every((n) => n.outcome !== 'pending');
      });
    },
    /** Sets the org-default settings row and makes the companion re-read it. */
    async settings(values: Record<string, unknown>): Promise<void> {
      await stack.sfControl('POST', '/seed', {
        object: 'Aloware_Sync_Settings__c',
        records: [{ Name: 'org default', SetupOwnerId: stack.sf.orgId, Config_Version__c: 2, ...values }],
      });
      await stack.runtime.deps.store.config.refresh();
    },
    /** Waits until the stack is at rest: queues idle, nothing pending anywhere (`quiescent`). */
    idle: () => quiescent(stack),
  };
  return h;
}
