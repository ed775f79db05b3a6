import { describe, expect, it } from 'vitest';
import { judge, runSoak } from '../soak/soak.js';

// The soak of `npm run soak` at smoke size: two workers (one killed with SIGKILL mid-run), every fault kind,
// a saturated budget; the verifier must find nothing lost, duplicated, diverged or failed, and the budget held.
describe('fault soak (smoke size)', () => {
  it('loses, duplicates and diverges nothing under faults, a worker kill -9 and a saturated budget', async () => {
    const report = judge(
      await runSoak({
        events: 120,
        durationMs: 25_000,
        workers: 2,
        budget: 240,
        faults: 1,
        kills: 1,
        seed: 7,
        // The bound on waiting for quiescence (idle: about 10 s); a loaded machine needs longer, and the
        // verdict still requires everything drained.
        drainTimeoutMs: 120_000,
      }),
    );
    expect({ ...report, events: undefined, faults: undefined }).toMatchObject({
      lost: [],
      duplicatedRecords: [],
      duplicatedContacts: [],
      duplicatedTasks: [],
      diverged: {},
      failed: {},
      drained: true,
      problems: [],
    });
    expect(report.maxInAnyWindow).toBeLessThanOrEqual(report.budget);
  }, 180_000);
});
