// `npm run test:model -- --runs N --seed S [--no-shrink] [--replay '<json>']`: the model-based test
// (companion/test/model) with more sequences than the fixed budget `npm test` runs. The vitest project's global
// setup provides Redis (REDIS_URL, else a private redis-server).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    'no-shrink': { type: 'boolean', default: false },
    replay: { type: 'string' },
  },
});
const env = {
  ...process.env,
  MODEL_RUNS: values.runs,
  MODEL_SEED: values.seed,
  ...(values['no-shrink'] ? { MODEL_SHRINK: '0' } : {}),
  ...(values.replay ? { MODEL_REPLAY: values.replay } : {}),
};
console.log(`model-based test: ${values.runs} sequences, seed ${values.seed}`);
const result = spawnSync('npx', ['vitest', 'run', '--project', 'model'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
