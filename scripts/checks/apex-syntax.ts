// Apex syntax check: parses every .cls and .trigger under a directory (default force-app) with
// prettier-plugin-apex, i.e. Salesforce's own jorje parser through its native binary (no Java needed).
// This is the check `prettier --check` exits 2 for; formatting differences are the format stage's job.
// One case per Apex file. Usage: npm run check:apex-syntax [-- <dir>]
import { readFile } from 'node:fs/promises';
import * as prettier from 'prettier';
import { isMain, runCheckCli, type CheckCase, type CheckReport } from '../lib/check-report.js';
import { displayPath, isApexSource, listFiles, mapLimit } from '../lib/files.js';

async function parseOne(file: string): Promise<CheckCase> {
  const name = displayPath(file);
  try {
    const source = await readFile(file, 'utf8');
    await prettier.format(source, { parser: 'apex', plugins: ['prettier-plugin-apex'], filepath: file });
    return { name, ok: true };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      name,
      ok: false,
      message: `Apex parse error: ${message.replace(/\s+/g, ' ').trim().replace(/\.\.$/, '.')}`,
    };
  }
}

export async function checkApexSyntax(dir = 'force-app'): Promise<CheckReport> {
  const files = listFiles(dir, isApexSource);
  if (files.length === 0)
    return { check: 'Apex syntax', cases: [], warnings: [], skipped: 'no Apex classes yet' };
  const cases = await mapLimit(files, 4, parseOne);
  return { check: 'Apex syntax', cases, warnings: [] };
}

if (isMain(import.meta.url)) await runCheckCli(checkApexSyntax);
