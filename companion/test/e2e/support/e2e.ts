/**
 * Acceptance-test harness: the demo wiring (`startDemoStack`) on free ports with a small seed and a unique prefix,
 * plus thin clients for the public interfaces only — Salesforce REST as the rep (so the emulated triggers fire),
 * the emulators' `/__sandbox` control routes, and the companion's `/api/v1`.
 */
import { randomBytes } from 'node:crypto';
import { startDemoStack, type DemoStack, type DemoStackOptions } from '../../../sandbox/demo/stack.js';
import { SandboxClients } from '../../../sandbox/console/clients.js';
import { saveSettings } from '../../../sandbox/console/actions.js';
import { SETTINGS_DEFAULTS } from '../../support/to-salesforce.js';
import { call, quiescent, waitFor } from '../../support/stack.js';

export { waitFor };

export type Json = Record<string, unknown>;

export interface E2E {
  stack: DemoStack;
  /** Console-side clients (REST as the rep, `/__sandbox` of both emulators, companion `/api/v1`). */
  clients: SandboxClients;
  /** SOQL through the REST API as the rep. */
  query(soql: string): Promise<Json[]>;
  /** Creates a record as the rep (fires the trigger); returns its id. */
  createAsRep(object: 'Lead' | 'Contact', values: Json): Promise<string>;
  /** Writes the org-default settings row (bumping Config_Version__c) and has the companion reload. */
  settings(values: Json): Promise<void>;
  /** The Aloware contact with this phone (from the emulator's contact list), if any. */
  alowareContact(e164: string): Promise<Json | undefined>;
  /**
   * Whether `check` holds now and still holds once the stack is at rest (`quiescent`: nothing in flight on
   * either side, the companion's queues idle), for "nothing (else) happens" expectations.
   */
  staysTrue(check: () => Promise<boolean>): Promise<boolean>;
  stop(): Promise<void>;
}

/** What the admin panel saves when nothing was changed (docs/contracts.md §2 defaults). */
const DEFAULT_SETTINGS: Json = SETTINGS_DEFAULTS;

export async function startE2E(opts: Partial<DemoStackOptions> = {}): Promise<E2E> {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error('REDIS_URL is not set (the e2e global setup provides it)');
  const stack = await startDemoStack({
    env: {
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent',
      ALOWARE_REQUESTS_PER_MINUTE: '100000',
      RECONCILE_INTERVAL_SECONDS: '0',
    },
    redisUrl,
    ports: { companion: 0, salesforce: 0, aloware: 0, console: 0, admin: 0 },
    prefix: `e2e${randomBytes(4).toString('hex')}`,
    seed: false,
    console: false,
    adminPreview: false,
    ...opts,
    runtime: {
      coalesceMs: 100,
      configCheckEveryMs: 200,
      parkedSweepMs: 300,
      ...opts.runtime,
    } as DemoStackOptions['runtime'],
  });
  const clients = new SandboxClients({
    salesforceUrl: stack.urls.salesforce,
    alowareUrl: stack.urls.aloware,
    companionUrl: stack.urls.companion,
    syncKey: stack.secrets.syncKey,
    apiVersion: stack.config.salesforce.apiVersion,
  });
  return {
    stack,
    clients,
    async query(soql) {
      const res = (await clients.asRep('GET', `/query?q=${encodeURIComponent(soql)}`)) as { records: Json[] };
      return res.records;
    },
    async createAsRep(object, values) {
      const res = (await clients.asRep('POST', `/sobjects/${object}`, values)) as { id: string };
      return res.id;
    },
    async settings(values) {
      const version = await saveSettings(clients, stack.orgId, { ...DEFAULT_SETTINGS, ...values });
      // The refresh answers once the companion (one runtime: its memo included) holds the saved version.
      const refreshed = (await clients.companion('POST', '/config/refresh')) as { version: number };
      if (refreshed.version !== version)
        throw new Error(`companion refreshed to version ${refreshed.version}, not ${version}`);
    },
    async alowareContact(e164) {
      const { contacts } = (await clients.aloware('GET', '/contacts')) as { contacts: Json[] };
      return contacts.find(
        (c) =>
          c.phone_number === e164 ||
          ((c.other_phone_numbers as Json[] | undefined) ?? []).some((o) => o.phone_number === e164),
      );
    },
    async staysTrue(check) {
      if (!(await check())) return false;
      await quiescent({
        runtime: stack.runtime,
        alowareControl: (method, path, body) => call(stack.urls.aloware, method, `/__sandbox${path}`, body),
        sfControl: (method, path, body) => call(stack.urls.salesforce, method, `/__sandbox${path}`, body),
      });
      return check();
    },
    stop: () => stack.stop(),
  };
}

/** A fresh, valid US number (E.164) per call, unlikely to collide with the seed (exchange 55x, test lines). */
let counter = 0;
export function freshPhone(): { e164: string; typed: string } {
  counter += 1;
  const line = String((Date.now() + counter * 7919) % 10000).padStart(4, '0');
  const exchange = 550 + (counter % 9);
  return { e164: `+1312${exchange}${line}`, typed: `(312) ${exchange}-${line}` };
}
