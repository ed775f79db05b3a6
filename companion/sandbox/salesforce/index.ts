// In-process entry point (docs/contracts.md §5): start a Salesforce REST emulator on a port, get its URL, stop it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulatorApp } from './app.js';
import { EmulatorState, INTEGRATION_USER, REP_USER } from './state.js';
import { TriggerDispatcher } from './triggers.js';

export { signSandboxJwt, TEST_ONLY_PRIVATE_KEY_FILE } from './jwt.js';

export interface SalesforceEmulatorOptions {
  port?: number;
  host?: string;
  notifyUrl?: string;
  notifyKey?: string;
  dailyApiLimit?: number;
  /** Where the package's object metadata lives (default: force-app/main/default/objects of this repo). */
  metadataDir?: string;
  /** Trigger emulation: delay before a change event is sent, and retries/backoff of failed posts. */
  notifyDelayMs?: number;
  notifyRetries?: number;
  notifyBackoffMs?: number;
}

export interface SalesforceEmulator {
  url: string;
  orgId: string;
  integrationUserId: string;
  repUserId: string;
  stop(): Promise<void>;
}

export async function startSalesforceEmulator(
  opts: SalesforceEmulatorOptions = {},
): Promise<SalesforceEmulator> {
  const state = new EmulatorState(opts);
  const triggers = new TriggerDispatcher(state, {
    delayMs: opts.notifyDelayMs,
    retries: opts.notifyRetries,
    backoffMs: opts.notifyBackoffMs,
  });
  state.onCommit = (changes, userId) => triggers.handle(changes, userId);
  const app = createEmulatorApp(state, triggers);
  const host = opts.host ?? '127.0.0.1';
  // Headers up to 64 KiB, so that an over-long URI gets Salesforce's 414 rather than Node's 431.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  state.url = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;
  return {
    url: state.url,
    orgId: state.orgId,
    integrationUserId: INTEGRATION_USER.id,
    repUserId: REP_USER.id,
    async stop() {
      await triggers.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
