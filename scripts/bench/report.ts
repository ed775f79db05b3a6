/** One line per figure (value, bound, ratio) and the JSON file. */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  bound: number;
  boundLabel: string;
  /**
   * As the issue's table states it: value ÷ bound for times and counts (1 = at the bound), bound ÷ value for the
   * re-run's rate, value ÷ bound for ingest (its share of `/healthz`).
   */
  ratio: number;
  target: string;
  detail?: Record<string, unknown>;
}

const num = (x: number) =>
  !Number.isFinite(x)
    ? String(x)
    : Math.abs(x) >= 100
      ? Math.round(x).toLocaleString('en-US')
      : Math.abs(x) >= 1
        ? x.toFixed(2)
        : x.toPrecision(2);

export function line(f: Figure): string {
  return `${f.name.padEnd(64)} ${`${num(f.value)} ${f.unit}`.padStart(18)}   bound ${`${num(f.bound)} ${f.unit}`.padStart(18)} (${f.boundLabel})   ratio ${num(f.ratio)}×`;
}

export function writeReport(file: string, figures: Figure[], meta: Record<string, unknown>): void {
  const load = loadavg().map((x) => x.toFixed(2));
  writeFileSync(file, `${JSON.stringify({ ...meta, loadAverage: load, figures }, null, 2)}\n`);
}
