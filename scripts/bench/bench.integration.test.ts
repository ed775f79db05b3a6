import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Figure } from './report.js';

const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench (smoke, tiny sizes)', () => {
  it('measures every figure with its bound and ratio, prints one line each and writes the JSON', () => {
    const out = join(dir, 'bench.json');
    const flags = ['--single', '2', '--burst', '20', '--calls', '4', '--ingest-seconds', '1'];
    flags.push('--connections', '4', '--pull', '300', '--core', '1000', '--out', out);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/run.ts', ...flags], {
      encoding: 'utf8',
      env: { ...process.env, REDIS_URL: '' },
      timeout: 240_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { figures: Figure[] };
    const names = report.figures.map((f) => f.name);
    expect(names).toHaveLength(9);
    for (const pattern of [
      /single create/,
      /burst/,
      /calls per record/,
      /Aloware writes/,
      /calls per communication/,
      /webhook ingest/,
      /one-time pull/,
      /re-run/,
      /core planning/,
    ])
      expect(
        names.some((n) => pattern.test(n)),
        String(pattern),
      ).toBe(true);
    for (const f of report.figures) {
      expect(Number.isFinite(f.value), f.name).toBe(true);
      expect(Number.isFinite(f.bound), f.name).toBe(true);
      expect(Number.isFinite(f.ratio), f.name).toBe(true);
      expect(run.stdout).toContain(f.name);
    }
    const edits = report.figures.find((f) => /Aloware writes/.test(f.name))!;
    expect(edits.value).toBe(0);
    const rerun = report.figures.find((f) => /re-run/.test(f.name))!;
    expect(rerun.detail?.alowareRequests).toBe(0);
    const ingest = report.figures.find((f) => /webhook ingest/.test(f.name))!;
    expect(ingest.detail?.lost).toBe(0);
  }, 300_000);
});
