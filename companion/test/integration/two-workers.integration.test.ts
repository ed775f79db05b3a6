import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../support/poll.js';
import { spawnWorker, startStack, waitFor, type Stack, type WorkerProcess } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

const BUDGET_PER_SECOND = 10;
const fast = { alowareWindowMs: 1_000 };
let stack: Stack;
let h: ReturnType<typeof helpers>;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  stack = await startStack({
    alowareWebhooks: false,
    startWorkers: false,
    env: { ALOWARE_REQUESTS_PER_MINUTE: String(BUDGET_PER_SECOND * 60) },
    runtime: fast,
  });
  h = helpers(stack);
  workers.push(await spawnWorker(stack, fast), await spawnWorker(stack, fast));
}, 60_000);
afterAll(async () => {
  for (const w of workers) {
    w.kill('SIGTERM');
    await w.exited;
  }
  await stack?.stop();
});

const phone = (n: number) => `+1202555${String(n).padStart(4, '0')}`;

describe('two worker processes on one Redis', () => {
  it('do the work without duplicates and never exceed the Aloware budget together', async () => {
    const all: { object: string; id: string; n: number }[] = [];
    for (let g = 0; g < 6; g++) {
      const object = g % 2 === 0 ? 'Lead' : 'Contact';
      const numbers = Array.from({ length: 8 }, (_, i) => 300 + g * 8 + i);
      const { ids } = await h.seed(
        object,
        numbers.map((n) => ({ LastName: `Two ${n}`, Company: 'T', Phone: phone(n) })),
      );
      ids.forEach((id, i) => all.push({ object, id, n: numbers[i]! }));
      // The same changes delivered again (a retried Queueable): both workers may see them.
      await h.postEvent({
        object,
        id: ids[0]!,
        kind: 'updated',
        fields: ['Phone'],
        modstamp: new Date().toISOString(),
      });
      // Pacing, not a wait: each group lands in its own coalescing window (150 ms), so both workers get flushes.
      await sleep(200);
    }
    // Polls Redis, not the emulator, so the emulator's clock readings stay undisturbed.
    await waitFor(async () => (await stack.runtime.deps.store.links.count()) === all.length, 30_000, 250);
    await h.idle();
    const contacts = await h.contacts();
    for (const { n } of all)
      expect(
        contacts.filter((c) => c.phone_number === phone(n)),
        `phone ${n}`,
      ).toHaveLength(1);
    for (const { id } of all) expect(await stack.runtime.deps.store.links.get(id)).not.toBeNull();

    // The limiter's own record of grants (Redis clock, shared by both processes): at most BUDGET in any second.
    const grants = (await stack.runtime.deps.limiter.recentGrants()).sort((a, b) => a - b);
    const { log } = await stack.alowareControl<{ log: { status: number }[] }>('GET', '/requests');
    expect(grants.length).toBe(log.length);
    expect(grants.length).toBeGreaterThan(BUDGET_PER_SECOND * 2);
    let busiest = 0;
    for (let i = 0; i < grants.length; i++) {
      let j = i;
      while (j < grants.length && grants[j]! - grants[i]! < 1_000) j++;
      busiest = Math.max(busiest, j - i);
    }
    expect(busiest).toBeLessThanOrEqual(BUDGET_PER_SECOND);
    expect(log.every((r) => r.status !== 429)).toBe(true);
  }, 60_000);
});
