import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, SYNC_KEY, waitFor, type Stack } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const server = fileURLToPath(new URL('../../src/server.ts', import.meta.url));
let stack: Stack;
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function start(args: string[], env: Record<string, string>) {
  const child = spawn(tsx, [server, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

beforeAll(async () => {
  // The emulators and a prefix only; the companion runs as real processes started like `npm start`.
  stack = await startStack({ alowareWebhooks: false, startWorkers: false, notify: false });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await stack?.stop();
});

describe('npm start', () => {
  it('refuses to start with a message naming a missing variable', async () => {
    const { exited, output } = start([], { ...stack.env, SALESFORCE_SYNC_KEY: '' });
    expect(await exited).toBe(78);
    expect(output()).toContain('SALESFORCE_SYNC_KEY');
  });

  it('--role web serves HTTP and --role worker processes the jobs; SIGTERM stops both cleanly', async () => {
    const port = await freePort();
    const env = { ...stack.env, PORT: String(port), LOG_LEVEL: 'info' };
    const web = start(['--role', 'web'], env);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/healthz`)).ok, 40_000, 200).catch((err: unknown) => {
      throw new Error(`web did not start: ${String(err)}\n${web.output()}`);
    });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // Nothing processes jobs yet: the web role only stores and queues.
    const { ids } = await helpers(stack).seed('Lead', [
      { LastName: 'Roles', Company: 'R', Phone: '202-555-0230' },
    ]);
    const event = {
      schema: 'aloware-sync.salesforce-change/1',
      orgId: stack.sf.orgId,
      deliveryId: `roles-${Date.now()}`,
      sentAt: new Date().toISOString(),
      changes: [
        { object: 'Lead', id: ids[0], kind: 'created', fields: [], modstamp: new Date().toISOString() },
      ],
    };
    const res = await fetch(`${base}/webhooks/salesforce`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-aloware-sync-key': SYNC_KEY },
      body: JSON.stringify(event),
    });
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect(await helpers(stack).byPhone('+12025550230')).toBeUndefined();

    const worker = start(['--role', 'worker'], { ...env, PORT: '1' });
    await waitFor(() => helpers(stack).byPhone('+12025550230'), 40_000, 200);
    expect(worker.output()).not.toContain('listening');
    expect(worker.output()).not.toContain('2025550230');
    web.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);
    expect(await worker.exited).toBe(0);
  }, 60_000);
});
