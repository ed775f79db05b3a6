import { DEFAULT_MAPPING, type MappingRow, type SfObject } from '../../src/sync/index.js';
import { SETTINGS_DEFAULTS } from './to-salesforce.js';
import { call, repToken, SYNC_KEY, waitFor, type Stack } from './stack.js';

/**
 * The people around the system, each through the interface they use: the rep and the admin through
 * Salesforce's REST API (the rep's edits fire the emulated triggers; the admin's settings and mapping rows are
 * saved the way the panel or Data Loader saves them), the Aloware agent through the Aloware app (emulator
 * agent routes), the operator through the companion's `/api/v1`. Nothing here reaches into the companion.
 */

export type Row = Record<string, unknown> & { Id: string };

export interface AwContact {
  id: number;
  phone_number: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  other_phone_numbers: { label: string; phone_number: string }[];
}

export function actors(stack: () => Stack) {
  let token: string | undefined;
  let settingsId: string | undefined;
  let version = 1;
  const rest = async (method: string, path: string, body?: unknown): Promise<Response> => {
    token ??= await repToken(stack().sf.url);
    return fetch(`${stack().sf.url}/services/data/v64.0${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  const ok = async (res: Response, what: string) => {
    if (!res.ok) throw new Error(`${what} → ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>);
  };
  const records = async (object: string) =>
    (await stack().sfControl<{ records: Row[] }>('GET', `/records/${object}`)).records;

  const rep = {
    async create(object: SfObject, values: Record<string, unknown>): Promise<string> {
      const body = object === 'Lead' ? { Company: 'Acme', ...values } : values;
      return String((await ok(await rest('POST', `/sobjects/${object}`, body), 'create'))!.id);
    },
    async update(object: SfObject, id: string, values: Record<string, unknown>): Promise<void> {
      await ok(await rest('PATCH', `/sobjects/${object}/${id}`, values), 'update');
    },
    async remove(object: SfObject, id: string): Promise<void> {
      await ok(await rest('DELETE', `/sobjects/${object}/${id}`), 'delete');
    },
    undelete: (id: string) => stack().sfControl('POST', `/undelete/${id}`, {}),
    convert: (leadId: string) =>
      stack().sfControl<{ contactId: string }>('POST', `/leads/${leadId}/convert`, {}),
    merge: (object: SfObject, masterId: string, loserId: string) =>
      stack().sfControl('POST', '/merge', { object, masterId, loserIds: [loserId] }),
  };

  const admin = {
    /**
     * Saves the org-default settings row through the REST API. `bump` also raises `Config_Version__c` and
     * calls `POST /api/v1/config/refresh`, as the settings panel does; without it the change is made the way
     * Data Loader would make it.
     */
    async settings(values: Record<string, unknown>, bump = true): Promise<void> {
      const row = { ...SETTINGS_DEFAULTS, ...values, ...(bump ? { Config_Version__c: ++version } : {}) };
      if (!settingsId) {
        const info = await stack().sfControl<{ orgId: string }>('GET', '/info');
        const created = await ok(
          await rest('POST', '/sobjects/Aloware_Sync_Settings__c', {
            Name: 'org default',
            SetupOwnerId: info.orgId,
            Config_Version__c: version,
            ...row,
          }),
          'settings',
        );
        settingsId = String(created!.id);
      } else {
        await ok(await rest('PATCH', `/sobjects/Aloware_Sync_Settings__c/${settingsId}`, row), 'settings');
      }
      if (bump) await operator.api('POST', '/config/refresh');
    },
    /** Replaces every mapping row of `object` with `rows` (the panel saves the whole set), no version bump. */
    async mapping(object: SfObject, rows: readonly MappingRow[]): Promise<void> {
      const existing = (await records('Aloware_Field_Mapping__c')).filter((r) => r.Object__c === object);
      for (const r of existing)
        await ok(await rest('DELETE', `/sobjects/Aloware_Field_Mapping__c/${r.Id}`), 'mapping delete');
      for (const r of rows) {
        await ok(
          await rest('POST', '/sobjects/Aloware_Field_Mapping__c', {
            Object__c: r.object,
            Salesforce_Field__c: r.salesforceField,
            Aloware_Field__c: r.alowareField,
            Direction__c: r.direction,
            Locked__c: r.locked,
            Conflict_Policy__c: r.conflictPolicy,
          }),
          'mapping create',
        );
      }
    },
    defaultRows: (object: SfObject): MappingRow[] =>
      DEFAULT_MAPPING.filter((r) => r.object === object).map((r) => ({ ...r })),
  };

  const agent = {
    contacts: async () =>
      (await stack().alowareControl<{ contacts: AwContact[] }>('GET', '/contacts')).contacts,
    async contact(phone: string): Promise<AwContact | undefined> {
      return (await agent.contacts()).find((c) => c.phone_number === phone);
    },
    create: (body: Record<string, unknown>) => stack().alowareControl<AwContact>('POST', '/contacts', body),
    edit: (id: number, body: Record<string, unknown>) =>
      stack().alowareControl<AwContact>('PATCH', `/contacts/${id}`, body),
    call: (body: Record<string, unknown>) =>
      stack().alowareControl<{ communicationId: number }>('POST', '/calls', body),
    sms: (body: Record<string, unknown>) =>
      stack().alowareControl<{ communicationId: number }>('POST', '/sms', body),
    replay: (communicationId: number, shuffle: boolean) =>
      stack().alowareControl('POST', `/replay/${communicationId}`, { shuffle }),
  };

  const operator = {
    api: <T = unknown>(method: string, path: string, body?: unknown) =>
      call<T>(stack().url, method, `/api/v1${path}`, body, { 'x-aloware-sync-key': SYNC_KEY }),
    /** `GET /api/v1/records/:id`, or null on 404 (the companion knows nothing of the record). */
    async record(id: string): Promise<{
      alowareContactId: string | null;
      decisions: { field: string; reason: string; direction: string }[];
    } | null> {
      try {
        return await operator.api('GET', `/records/${id}`);
      } catch (err) {
        if (String(err).includes('→ 404')) return null;
        throw err;
      }
    },
  };

  const salesforce = {
    records,
    async record(object: string, id: string): Promise<Row | undefined> {
      return (await records(object)).find((r) => r.Id === id);
    },
  };

  /**
   * Quiet: every trigger notification answered, every Aloware webhook delivered, the companion's inboxes,
   * change buffers and queues empty (the same condition twice in a row, so a job that schedules another
   * is seen).
   */
  async function quiescent(timeoutMs = 30_000): Promise<void> {
    const { queues, store, buffer } = stack().runtime.deps;
    const quiet = async () => {
      const { notifications } = await stack().sfControl<{ notifications: { outcome: string }[] }>(
        'GET',
        '/notifications',
      );
      if (notifications.some((n) => n.outcome === 'pending')) return false;
      const { pending } = await stack().alowareControl<{ pending: number }>('GET', '/deliveries?waitMs=5000');
      if (pending > 0) return false;
      if ((await store.inbox.pendingCount('aloware')) > 0) return false;
      if ((await store.inbox.pendingCount('salesforce')) > 0) return false;
      if ((await buffer.pendingCount('Lead')) + (await buffer.pendingCount('Contact')) > 0) return false;
      for (const q of [queues.sfChanges, queues.alowareEvents, queues.activities]) {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if ((c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) > 0) return false;
      }
      return true;
    };
    await waitFor(async () => (await quiet()) && (await quiet()), timeoutMs, 40);
  }

  return { rep, admin, agent, operator, salesforce, quiescent };
}
