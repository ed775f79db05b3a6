import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlowareApp } from './app.js';
import { EmulatorState, SANDBOX_API_TOKEN, type AlowareEmulatorOptions } from './state.js';

export type { AlowareEmulatorOptions } from './state.js';
export { SANDBOX_API_TOKEN } from './state.js';
export * as alowareEvents from './events/names.js';

export interface AlowareEmulator {
  /** Base URL, e.g. `http://127.0.0.1:4020` (the public API is under `/api/v1/webhook/`). */
  url: string;
  /** The only accepted `api_token`: `sandbox-token`. */
  apiToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the Aloware emulator in-process (docs/contracts.md §5). Port 0 picks a free port. Everything else —
 * seeding, agent actions, webhooks, faults — goes through its HTTP routes (`/__sandbox/...`).
 */
export async function startAlowareEmulator(opts: AlowareEmulatorOptions = {}): Promise<AlowareEmulator> {
  const state = new EmulatorState(opts);
  const server = createServer(createAlowareApp(state));
  const host = opts.host ?? '127.0.0.1';
  await listen(server, opts.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  state.baseUrl = `http://${urlHost}:${port}`;
  return {
    url: state.baseUrl,
    apiToken: SANDBOX_API_TOKEN,
    stop: async () => {
      state.dispatcher.cancelPending();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
