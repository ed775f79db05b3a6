import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkMetadata } from './metadata.js';
import { copyFixture, DEFAULT, runCheckScript } from './test-fixture.js';

const failedOf = (report: Awaited<ReturnType<typeof checkMetadata>>) => report.cases.filter((c) => !c.ok);

describe('metadata validation', () => {
  let fixture: ReturnType<typeof copyFixture>;
  afterEach(() => fixture?.dispose());

  it('passes a valid project: XML files, Apex meta files, conversion and component count', async () => {
    fixture = copyFixture();
    const report = await checkMetadata(fixture.forceApp);
    expect(failedOf(report)).toEqual([]);
    const names = report.cases.map((c) => c.name);
    expect(names.filter((n) => n.endsWith('-meta.xml'))).toHaveLength(4);
    expect(names.filter((n) => n.startsWith('meta file for '))).toHaveLength(2);
    expect(names).toContain('SDR conversion to Metadata API format (API 64.0)');
    expect(names).toContain('component count (4)');
  });

  it('fails on a malformed *-meta.xml with file:line:col, and the CLI exits 1', () => {
    fixture = copyFixture();
    const field = join(
      fixture.root,
      DEFAULT,
      'objects',
      'Aloware_Thing__c',
      'fields',
      'Colour__c.field-meta.xml',
    );
    writeFileSync(field, readFileSync(field, 'utf8').replace('</label>', '</labl>'));
    const { status, output } = runCheckScript('metadata.ts', fixture.forceApp);
    expect(status).toBe(1);
    expect(output).toContain(`✘ ${field}:4:18: Expected closing tag 'label'`);
  });

  it('fails when a class has no .cls-meta.xml, naming the class', async () => {
    fixture = copyFixture();
    const cls = join(fixture.root, DEFAULT, 'classes', 'AlowareGreetingService.cls');
    rmSync(`${cls}-meta.xml`);
    const failed = failedOf(await checkMetadata(fixture.forceApp));
    expect(failed.map((c) => c.name)).toContain(`meta file for ${cls}`);
    expect(failed.find((c) => c.name === `meta file for ${cls}`)?.message).toBe(
      `${cls} has no ${cls}-meta.xml`,
    );
  });

  it('fails when a meta file has no source: SDR cannot convert it', async () => {
    fixture = copyFixture();
    const cls = join(fixture.root, DEFAULT, 'classes', 'AlowareGreetingService.cls');
    rmSync(cls);
    const failed = failedOf(await checkMetadata(fixture.forceApp));
    expect(failed.find((c) => c.name === `source for ${cls}-meta.xml`)?.message).toContain(
      'has no source file',
    );
    expect(failed.find((c) => c.name.startsWith('SDR conversion'))?.message).toContain(
      'AlowareGreetingService.cls-meta.xml',
    );
  });

  it('fails the component count when SDR takes a folder without a meta file as a component', async () => {
    fixture = copyFixture();
    const stray = join(fixture.root, DEFAULT, 'lwc', 'helpers');
    mkdirSync(stray, { recursive: true });
    writeFileSync(join(stray, 'helpers.js'), 'export const x = 1;\n');
    const failed = failedOf(await checkMetadata(fixture.forceApp));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.message).toContain('package.xml lists 5 components, source has 4 -meta.xml files');
    expect(failed[0]?.message).toContain('LightningComponentBundle helpers');
  });
});
