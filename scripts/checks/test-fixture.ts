import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const FIXTURE = resolve(import.meta.dirname, 'fixtures', 'valid-project');
const ROOT = resolve(import.meta.dirname, '..', '..');

export const DEFAULT = join('force-app', 'main', 'default');

/** A fresh temp copy of the valid fixture project; returns its root and a cleanup function. */
export function copyFixture(): { root: string; forceApp: string; dispose: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'aloware-check-fixture-'));
  cpSync(FIXTURE, root, { recursive: true });
  return {
    root,
    forceApp: join(root, 'force-app'),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Runs `npm run <script>`'s underlying check script on a directory, the way a developer would. */
export function runCheckScript(script: string, dir: string): { status: number | null; output: string } {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [join(ROOT, 'scripts', 'checks', script), dir], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
