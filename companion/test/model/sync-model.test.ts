import fc from 'fast-check';
import { describe, it } from 'vitest';
import { sequenceArb, type Op } from './ops.js';
import { runSequence } from './runner.js';

// The model-based test of the whole system (companion/test/model/model.ts states the rules): random
// sequences of rep, agent and admin operations against the real stack, each checked against the model.
// `npm test` runs a fixed seed and budget; `npm run test:model -- --runs N --seed S` runs more.
const runs = Number(process.env.MODEL_RUNS ?? 30);
const seed = Number(process.env.MODEL_SEED ?? 20261201);

const replay = process.env.MODEL_REPLAY;

/** Long runs say how far they got (a run stopped before its end still tells how many sequences passed). */
let passed = 0;
const started = Date.now();
async function counted(ops: Op[]): Promise<void> {
  await runSequence(ops);
  passed += 1;
  if (passed % 25 === 0)
    console.log(`model: ${passed} sequences passed in ${Math.round((Date.now() - started) / 1000)} s`);
}

describe('the sync rules hold for random sequences on the real stack', () => {
  it.runIf(replay)(
    'replays one sequence (MODEL_REPLAY, the JSON a failure prints)',
    { timeout: 0 },
    async () => {
      await runSequence(JSON.parse(replay!) as Op[]);
    },
  );

  it.skipIf(replay)(`${runs} sequences (seed ${seed})`, { timeout: 0 }, async () => {
    await fc.assert(fc.asyncProperty(sequenceArb, counted), {
      numRuns: runs,
      seed,
      endOnFailure: process.env.MODEL_SHRINK === '0',
      interruptAfterTimeLimit: Number(process.env.MODEL_TIME_LIMIT_MS ?? 0) || undefined,
    });
  });
});
