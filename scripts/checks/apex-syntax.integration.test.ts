import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkApexSyntax } from './apex-syntax.js';
import { copyFixture, DEFAULT, runCheckScript } from './test-fixture.js';

describe('Apex syntax check', () => {
  let fixture: ReturnType<typeof copyFixture>;
  afterEach(() => fixture?.dispose());

  it('passes a valid project with one case per class and trigger', async () => {
    fixture = copyFixture();
    const report = await checkApexSyntax(fixture.forceApp);
    expect(report.skipped).toBeUndefined();
    expect(report.cases.map((c) => c.ok)).toEqual([true, true]);
  });

  it('fails on a class with a syntax error and names the file and the parser message', async () => {
    fixture = copyFixture();
    const cls = join(fixture.root, DEFAULT, 'classes', 'AlowareGreetingService.cls');
    writeFileSync(cls, readFileSync(cls, 'utf8').replace("'Hello, ' + name;", "'Hello, ' + name"));
    const report = await checkApexSyntax(fixture.forceApp);
    const failed = report.cases.filter((c) => !c.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.name).toBe(cls);
    expect(failed[0]?.message).toMatch(/^Apex parse error: Missing ';' at '}'/);
  });

  it('fails on a broken trigger too, and the CLI exits 1 naming the file', () => {
    fixture = copyFixture();
    const trigger = join(fixture.root, DEFAULT, 'triggers', 'AlowareThingTrigger.trigger');
    writeFileSync(trigger, 'trigger AlowareThingTrigger on Aloware_Thing__c(after insert {\n}\n');
    const { status, output } = runCheckScript('apex-syntax.ts', fixture.forceApp);
    expect(status).toBe(1);
    expect(output).toContain(`✘ ${trigger}: Apex parse error`);
    expect(output).toContain('1 passed, 1 failed');
  });

  it('says there is nothing to check when there is no Apex, and counts nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'aloware-empty-'));
    try {
      const report = await checkApexSyntax(empty);
      expect(report.skipped).toBe('no Apex classes yet');
      expect(report.cases).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
