// `npm run demo` as a user runs it: the script brings everything up, prints the URLs, and Ctrl-C leaves nothing running.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from './support/e2e.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm run demo', () => {
  let child: ChildProcess | undefined;
  let output = '';
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts Redis, both emulators, the companion and the console, seeded and pulled; Ctrl-C stops all of it', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      SANDBOX_SF_PORT: '0',
      SANDBOX_ALOWARE_PORT: '0',
      SANDBOX_CONSOLE_PORT: '0',
      SANDBOX_ADMIN_PORT: '0',
      SANDBOX_SEED_PER_OBJECT: '15',
      LOG_LEVEL: 'silent',
      ALOWARE_SKIP_INSTALL: '1',
    };
    delete env.REDIS_URL; // the demo starts its own private redis-server
    child = spawn('bash', ['scripts/demo'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor(async () => output.includes('Press Ctrl-C'), 100_000, 100).catch(() => {
      throw new Error(`demo did not come up:\n${output}`);
    });

    expect(output).toMatch(/seeded 15 Leads, 15 Contacts/);
    expect(output).toMatch(/Contacts pull: +completed/);
    expect(output).toMatch(/Leads pull: +completed/);
    const url = (label: string) => new RegExp(`${label}\\s+(http://[\\d.]+:\\d+)`).exec(output)?.[1] ?? '';
    const urls = [
      url('Console'),
      url('Salesforce emulator'),
      url('Aloware emulator'),
      url('Companion'),
      url('Admin app \\(preview\\)'),
    ];
    const redisUrl = /Redis\s+(redis:\/\/[\d.]+:\d+)/.exec(output)?.[1] ?? '';
    expect(urls.every(Boolean), output).toBe(true);
    const page = await (await fetch(urls[0]!)).text();
    expect(page).toContain('data-testid="salesforce-side"');
    const admin = await (await fetch(urls[4]!)).text();
    expect(admin).toContain('<script type="module" src="/app.js">');
    const bundle = await fetch(`${urls[4]}/app.js`);
    expect(bundle.status).toBe(200);
    expect(await bundle.text()).toContain('c-aloware-sync-settings');
    expect(((await (await fetch(`${urls[3]}/healthz`)).json()) as { status: string }).status).toBe('ok');
    expect(await listening(redisUrl.replace('redis:', 'http:'))).toBe(true);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const u of [...urls, redisUrl.replace('redis:', 'http:')]) expect(await listening(u), u).toBe(false);
    expect(output).toContain('Stopped.');
  }, 150_000);
});
