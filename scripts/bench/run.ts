/**
 * `npm run bench [-- --single 20 --burst 1000 --calls 1000 --ingest-seconds 5 --connections 50 --pull 20000
 * --core 100000 --out bench-results.json --cpu-prof DIR --coalesce-ms 250 --built --companion-node-options '…']`:
 * starts the demo wiring on free ports with a private Redis and the companion in its own process (as `npm start`),
 * measures every figure of the performance table with its lower bound in the same run, prints one line per figure
 * and writes a JSON file. The Aloware limiter is set out of the way so the companion itself is measured.
 * `--built` runs `dist/` (after `npm run build`) instead of the sources through tsx; `--companion-node-options`
 * is the companion's NODE_OPTIONS (e.g. `--max-old-space-size=128`).
 */
import { loadavg } from 'node:os';
import { clients } from './clients.js';
import { burst, ingest, quietEdits, singleCreate, taskLogging } from './figures.js';
import { core, pulls } from './pull.js';
import { line, writeReport, type Figure } from './report.js';
import { peakRssMb, startBenchStack } from './stack.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

function text(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const sizes = {
  single: flag('single', 20),
  burst: flag('burst', 1_000),
  calls: flag('calls', 1_000),
  ingestSeconds: flag('ingest-seconds', 5),
  connections: flag('connections', 50),
  pull: flag('pull', 20_000),
  core: flag('core', 100_000),
};
const out = text('out') ?? 'bench-results.json';

async function main(): Promise<void> {
  const started = Date.now();
  const coalesce = text('coalesce-ms');
  const nodeOptions = text('companion-node-options');
  const stack = await startBenchStack({
    cpuProfDir: text('cpu-prof'),
    built: process.argv.includes('--built'),
    env: {
      ...(coalesce ? { SYNC_COALESCE_MS: coalesce } : {}),
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stack.stop().finally(() => process.exit(130)));
  }
  const figures: Figure[] = [];
  const show = (f: Figure) => {
    figures.push(f);
    console.log(line(f));
  };
  try {
    const c = clients(stack);
    console.log(
      `bench: ${JSON.stringify(sizes)}; companion ${process.argv.includes('--built') ? 'dist' : 'tsx'}${nodeOptions ? ` NODE_OPTIONS=${nodeOptions}` : ''}; load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    if (sizes.single > 0) show(await singleCreate(stack, c, sizes.single));
    const b = await burst(stack, c, Math.max(sizes.burst, 1));
    b.figures.forEach(show);
    show(await quietEdits(c, b.ids, b.phones, 60));
    const t = await taskLogging(stack, c, b.phones, Math.max(1, sizes.calls));
    t.figures.forEach(show);
    if (sizes.ingestSeconds > 0 && t.sample) {
      show(
        await ingest(stack, c, t.sample, { connections: sizes.connections, seconds: sizes.ingestSeconds }),
      );
    }
    if (sizes.pull > 0) (await pulls(stack, c, sizes.pull, b.rawRequestsPerSecond)).forEach(show);
    const companionPeak = peakRssMb(stack.companion.pid!);
    if (sizes.core > 0) show(core(sizes.core));
    writeReport(out, figures, {
      at: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
      sizes,
      coalesceMs: stack.config.coalesceMs,
      companion: process.argv.includes('--built') ? 'dist (as npm start)' : 'sources through tsx',
      companionNodeOptions: nodeOptions ?? null,
      companionPeakRssMbSinceReset: companionPeak,
    });
    console.log(
      `bench: ${figures.length} figures in ${Math.round((Date.now() - started) / 1000)} s → ${out}`,
    );
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error('bench failed:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
