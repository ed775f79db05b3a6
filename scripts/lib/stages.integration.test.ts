// Runs single stages of `npm test` on small temp projects (node_modules linked from this repo) to show that a
// broken type, a failing LWC test, a failing companion test and an unused export fail the right stage and point at
// the file, and that an import against the layers or a cycle fails the dependency rules.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STAGES } from './stages.js';
import type { StageContext } from './stage.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function project(files: Record<string, string>, copied: string[]): StageContext {
  const cwd = mkdtempSync(join(tmpdir(), 'aloware-stage-'));
  dirs.push(cwd);
  symlinkSync(join(ROOT, 'node_modules'), join(cwd, 'node_modules'));
  for (const f of copied) {
    mkdirSync(dirname(join(cwd, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(cwd, f));
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(cwd, path)), { recursive: true });
    writeFileSync(join(cwd, path), text);
  }
  return { cwd, env: { ...process.env, FORCE_COLOR: '0' }, tmp: cwd };
}

const stage = (name: string) => {
  const s = STAGES.find((x) => x.name === name);
  if (!s) throw new Error(`no stage ${name}`);
  return s;
};

const LWC = 'force-app/main/default/lwc/greeting';
const lwcFiles = (expected: string): Record<string, string> => ({
  [`${LWC}/greeting.js`]:
    "import { LightningElement } from 'lwc';\nexport default class Greeting extends LightningElement {}\n",
  [`${LWC}/greeting.html`]: '<template><p>Hello, world</p></template>\n',
  [`${LWC}/greeting.js-meta.xml`]:
    '<?xml version="1.0" encoding="UTF-8"?>\n<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
    '    <apiVersion>64.0</apiVersion>\n    <isExposed>false</isExposed>\n</LightningComponentBundle>\n',
  [`${LWC}/__tests__/greeting.test.js`]:
    "import { createElement } from 'lwc';\nimport Greeting from 'c/greeting';\n" +
    "it('greets the world', () => {\n  const el = createElement('c-greeting', { is: Greeting });\n" +
    `  document.body.appendChild(el);\n  expect(el.shadowRoot.querySelector('p').textContent).toBe('${expected}');\n});\n`,
});

describe('npm test stages', () => {
  it('type check: a broken type fails the stage and names the file; fixed, it passes as one case', async () => {
    const ctx = project({ 'scripts/broken.ts': "export const n: number = 'one';\n" }, ['tsconfig.json']);
    const broken = await stage('type check').run(ctx);
    expect(broken).toMatchObject({ status: 'fail', passed: 0, failed: 1, note: '1 error' });
    expect(broken.output).toContain('scripts/broken.ts(1,14): error TS2322');
    writeFileSync(join(ctx.cwd ?? '', 'scripts/broken.ts'), 'export const n: number = 1;\n');
    expect(await stage('type check').run(ctx)).toMatchObject({ status: 'pass', passed: 1, failed: 0 });
  });

  it('LWC jest: a failing component test fails the stage with the test file; counts cases from the JSON report', async () => {
    const failing = project(lwcFiles('Hello, World'), [
      'jest.config.js',
      'jest.setup.js',
      'sfdx-project.json',
    ]);
    const broken = await stage('LWC jest').run(failing);
    expect(broken).toMatchObject({ status: 'fail', passed: 0, failed: 1, note: '1 of 1 tests failed' });
    expect(broken.output).toContain('greeting.test.js');
    const passing = project(lwcFiles('Hello, world'), [
      'jest.config.js',
      'jest.setup.js',
      'sfdx-project.json',
    ]);
    expect(await stage('LWC jest').run(passing)).toMatchObject({ status: 'pass', passed: 1, failed: 0 });
  });

  it('LWC jest: no components is said plainly and counts nothing', async () => {
    const ctx = project({ 'force-app/main/default/classes/.keep': '' }, ['sfdx-project.json']);
    expect(await stage('LWC jest').run(ctx)).toEqual({
      status: 'skip',
      passed: 0,
      failed: 0,
      note: 'no components yet',
    });
  });

  it('vitest: no test files is "no tests yet"; a failing test fails the stage and is counted', async () => {
    const ctx = project({ 'companion/src/.keep': '' }, ['vitest.config.ts']);
    const unit = stage('companion unit tests');
    expect(await unit.run(ctx)).toEqual({ status: 'skip', passed: 0, failed: 0, note: 'no tests yet' });
    writeFileSync(
      join(ctx.cwd ?? '', 'companion/src/sum.unit.test.ts'),
      "import { expect, it } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\nit('breaks', () => expect(1 + 1).toBe(3));\n",
    );
    const r = await unit.run(ctx);
    expect(r).toMatchObject({ status: 'fail', passed: 1, failed: 1, note: '1 of 2 tests failed' });
    expect(r.output).toContain('companion/src/sum.unit.test.ts');
  });

  it('Apex semantic and metadata schema: each fails on its own broken file, named in the output', async () => {
    const cls = 'force-app/main/default/classes/AlowareBroken.cls';
    const app = 'force-app/main/default/applications/Aloware_Demo.app-meta.xml';
    const ctx = project(
      {
        [cls]:
          'public with sharing class AlowareBroken {\n    public static String hi() {\n        return AlowareBroken.missing();\n    }\n}\n',
        [`${cls}-meta.xml`]:
          '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
          '    <apiVersion>64.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n',
        [app]:
          '<?xml version="1.0" encoding="UTF-8"?>\n<CustomApplication xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
          '    <formFactors>Large</formFactors>\n    <isNavAutomaticRefreshDisabled>false</isNavAutomaticRefreshDisabled>\n' +
          '    <label>Demo</label>\n</CustomApplication>\n',
      },
      ['sfdx-project.json'],
    );
    const semantic = await stage('Apex semantic').run(ctx);
    expect(semantic).toMatchObject({ status: 'fail', passed: 0, failed: 1 });
    expect(semantic.output).toMatch(/AlowareBroken\.cls:3:\d+ Missing: .*missing/);
    const schema = await stage('metadata schema').run(ctx);
    expect(schema).toMatchObject({ status: 'fail', passed: 1, failed: 1 });
    expect(schema.output).toMatch(
      /Aloware_Demo\.app-meta\.xml:4 <isNavAutomaticRefreshDisabled> is not a CustomApplication element/,
    );
  });

  it('unused code (knip): an unused export fails the stage and names the file; removed, it passes as one case', async () => {
    const repo = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const manifest = {
      name: 'knip-stage',
      private: true,
      type: 'module',
      scripts: { 'check:knip': repo.scripts['check:knip'] },
      devDependencies: { knip: repo.devDependencies.knip },
    };
    const ctx = project(
      {
        'package.json': JSON.stringify(manifest),
        'companion/src/server.ts': "import { used } from './lib.js';\nconsole.error(used);\n",
        'companion/src/lib.ts': 'export const used = 1;\nexport const unused = 2;\n',
      },
      ['knip.ts', 'tsconfig.json'],
    );
    const broken = await stage('unused code (knip)').run(ctx);
    expect(broken).toMatchObject({ status: 'fail', passed: 0, failed: 1, note: '1 finding' });
    expect(broken.output).toMatch(/unused\s+companion\/src\/lib\.ts:2/);
    writeFileSync(join(ctx.cwd ?? '', 'companion/src/lib.ts'), 'export const used = 1;\n');
    expect(await stage('unused code (knip)').run(ctx)).toMatchObject({
      status: 'pass',
      passed: 1,
      failed: 0,
    });
  });

  it('dependency rules: an import against the layers and a cycle fail the stage and name the files; removed, it passes', async () => {
    const repo = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const manifest = {
      name: 'deps-stage',
      private: true,
      type: 'module',
      scripts: { 'check:deps': repo.scripts['check:deps'] },
    };
    const layered = {
      'package.json': JSON.stringify(manifest),
      'companion/src/sync/phone.ts': 'export const e164 = (s: string): string => s;\n',
      'companion/src/queue/names.ts':
        "import { e164 } from '../sync/phone.js';\nexport const key = e164('+1');\n",
      'companion/src/to-aloware/flush.ts':
        "import { key } from '../queue/names.js';\nexport const job = key;\n",
    };
    const planted = {
      // The pure core reaching up into queue/ (two rules, and a folder cycle sync ↔ queue).
      'companion/src/sync/bad.ts': "import { key } from '../queue/names.js';\nexport const k = key;\n",
      // Two files importing each other.
      'companion/src/queue/a.ts': "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
      'companion/src/queue/b.ts': "import { a } from './a.js';\nexport const b = (): number => a() - 1;\n",
    };
    const ctx = project({ ...layered, ...planted }, [
      '.dependency-cruiser.cjs',
      'tsconfig.json',
      'scripts/checks/deps.ts',
      'scripts/lib/check-report.ts',
    ]);
    const broken = await stage('dependency rules').run(ctx);
    expect(broken).toMatchObject({ status: 'fail', passed: 0, failed: 1, note: '4 dependency problems' });
    expect(broken.output).toMatch(
      /sync-is-pure: companion\/src\/sync\/bad\.ts → companion\/src\/queue\/names\.ts/,
    );
    expect(broken.output).toMatch(
      /not-to-queue: companion\/src\/sync\/bad\.ts → companion\/src\/queue\/names\.ts/,
    );
    expect(broken.output).toMatch(/no-circular: companion\/src\/queue\/a\.ts → companion\/src\/queue\/b\.ts/);
    expect(broken.output).toMatch(/folder-cycle: companion\/src\/\{queue\/, sync\/\}/);
    for (const f of Object.keys(planted)) rmSync(join(ctx.cwd ?? '', f));
    expect(await stage('dependency rules').run(ctx)).toMatchObject({ status: 'pass', passed: 1, failed: 0 });
  });
});
