import { afterEach, describe, expect, it } from 'vitest';
import { spawnWorker, startStack, waitFor, type Stack, type WorkerProcess } from '../support/stack.js';
import { helpers } from '../support/to-aloware-helpers.js';

let stack: Stack | undefined;
const workers: WorkerProcess[] = [];

afterEach(async () => {
  for (const w of workers.splice(0)) {
    w.kill('SIGKILL');
    await w.exited;
  }
  await stack?.stop();
  stack = undefined;
});

const phone = (n: number) => `+1202555${String(n).padStart(4, '0')}`;
const lead = (n: number) => ({ LastName: `Fault ${n}`, Company: 'F', Phone: phone(n) });

/** Every phone has exactly one Aloware contact, carrying the record's name; every record is linked. */
async function deliveredOnce(h: ReturnType<typeof helpers>, s: Stack, ids: string[], numbers: number[]) {
  await waitFor(async () => {
    const all = await h.contacts();
    return numbers.every((n) => all.filter((c) => c.phone_number === phone(n)).length === 1);
  }, 20_000);
  await h.idle();
  const all = await h.contacts();
  for (const n of numbers) {
    const matching = all.filter((c) => c.phone_number === phone(n));
    expect(matching, `one contact for ${n}`).toHaveLength(1);
    expect(matching[0]!.last_name).toBe(`Fault ${n}`);
  }
  for (const id of ids) expect(await s.runtime.deps.store.links.get(id), `link of ${id}`).not.toBeNull();
  expect(await s.runtime.deps.store.failed.count()).toBe(0);
}

describe('faults end with every change delivered once', () => {
  it('an expired Salesforce session: one token request for concurrent failures, nothing lost', async () => {
    stack = await startStack({ alowareWebhooks: false });
    const h = helpers(stack);
    const first = (await h.seed('Lead', [lead(170)])).ids;
    await h.link(first[0]!);
    const tokenRequests = async () => {
      const log = await stack!.sfControl<{ requests: { route: string }[] }>('GET', '/requests');
      return log.requests.filter((r) => r.route.includes('oauth2/token')).length;
    };
    const before = await tokenRequests();
    await stack.sfControl('POST', '/expire-tokens', {});
    const [leads, contacts] = await Promise.all([
      h.seed('Lead', [lead(171), lead(172)]),
      h.seed('Contact', [{ LastName: 'Fault 173', Phone: phone(173) }]),
    ]);
    await deliveredOnce(h, stack, [...leads.ids, ...contacts.ids], [171, 172, 173]);
    expect((await tokenRequests()) - before).toBe(1);
  });

  it('Aloware 429 (Retry-After) and 503: retried, delivered once', async () => {
    stack = await startStack({ alowareWebhooks: false });
    const h = helpers(stack);
    await stack.alowareControl('POST', '/faults', {
      kind: 'throttle',
      retryAfterSeconds: 1,
      count: 2,
      route: 'forms',
    });
    await stack.alowareControl('POST', '/faults', { kind: 'error', status: 503, count: 3, route: 'forms' });
    const { ids } = await h.seed('Lead', [lead(180), lead(181), lead(182)]);
    await deliveredOnce(h, stack, ids, [180, 181, 182]);
    const forms = await h.alowareWrites();
    expect(forms).toBeGreaterThanOrEqual(3 + 5);
  });

  it('a worker killed mid-job (SIGKILL): another worker finishes it, no duplicate, nothing missing', async () => {
    const fast = { lockDurationMs: 1_000, stalledIntervalMs: 500 };
    // JOB_LOCK_SECONDS=5 (workers inherit the stack's environment): the per-phone locks the killed worker held
    // lapse within 5 s, not the default 30 s, well inside deliveredOnce's 20 s.
    stack = await startStack({
      alowareWebhooks: false,
      startWorkers: false,
      runtime: fast,
      env: { JOB_LOCK_SECONDS: '5' },
    });
    const h = helpers(stack);
    const victim = await spawnWorker(stack, fast);
    workers.push(victim);
    await stack.alowareControl('POST', '/faults', { kind: 'latency', ms: 1_500, route: 'forms' });
    const { ids } = await h.seed('Lead', [lead(190), lead(191), lead(192)]);
    await waitFor(
      async () => (await stack!.runtime.deps.queues.sfChanges.getJobCounts('active')).active! > 0,
      10_000,
      20,
    );
    victim.kill('SIGKILL');
    await victim.exited;
    expect(
      () => process.kill(victim.pid, 0),
      'the worker itself is gone, not left running orphaned',
    ).toThrow();
    await stack.alowareControl('DELETE', '/faults');
    workers.push(await spawnWorker(stack, fast));
    await deliveredOnce(h, stack, ids, [190, 191, 192]);
  });
});
