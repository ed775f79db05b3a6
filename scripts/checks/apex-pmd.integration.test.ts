import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkApexPmd } from './apex-pmd.js';
import { copyFixture, DEFAULT } from './test-fixture.js';

describe('Apex static analysis (PMD, pmd:Recommended)', () => {
  let fixture: ReturnType<typeof copyFixture>;
  afterEach(() => fixture?.dispose());

  it('passes a valid project: one case per Apex file, low-severity findings only as warnings', async () => {
    fixture = copyFixture();
    const report = await checkApexPmd(fixture.forceApp);
    expect(report.cases).toHaveLength(2);
    expect(report.cases.filter((c) => !c.ok)).toEqual([]);
    for (const w of report.warnings) expect(w).toMatch(/\(severity [45]\)/);
  });

  it('fails on a PMD processing error (unparseable file) and on a severity 1–3 violation, naming the files', async () => {
    fixture = copyFixture();
    const classes = join(fixture.root, DEFAULT, 'classes');
    const cls = join(classes, 'AlowareGreetingService.cls');
    writeFileSync(cls, readFileSync(cls, 'utf8').replace("'Hello, ' + name;", "'Hello, ' + name"));
    const risky = join(classes, 'RiskyQuery.cls');
    writeFileSync(
      risky,
      'public class RiskyQuery {\n    public static List<Contact> all() {\n        return [SELECT Id FROM Contact];\n    }\n}\n',
    );
    writeFileSync(`${risky}-meta.xml`, readFileSync(`${cls}-meta.xml`));
    const report = await checkApexPmd(fixture.forceApp);
    const failed = new Map(report.cases.filter((c) => !c.ok).map((c) => [c.name, c.message ?? '']));
    expect([...failed.keys()].sort()).toEqual([cls, risky]);
    expect(failed.get(cls)).toMatch(/PMD processing error.*AlowareGreetingService\.cls/);
    expect(failed.get(risky)).toMatch(/RiskyQuery\.cls:\d+:\d+ \w+ \(severity [123]\)/);
  });
});
