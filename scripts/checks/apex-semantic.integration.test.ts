import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { classFileMajor, classVersionOverlay, withClassMajor } from '../lib/class-version-overlay.js';
import { findJavaRuntimes } from '../lib/java.js';
import { checkApexSemantic, NATIVE_JAVA, OLDEST_JAVA } from './apex-semantic.js';
import { copyFixture, DEFAULT, runCheckScript } from './test-fixture.js';

const JARS = join(import.meta.dirname, '..', '..', 'node_modules', '@flxbl-io', 'apexlink', 'jars');
const APEX_LS = join(JARS, readdirSync(JARS).find((f) => f.startsWith('apex-ls_')) ?? 'apex-ls.jar');

/** One runtime per way of running ApexLink that this machine has: as shipped (>= 21) and via the overlay. */
const runtimes = (() => {
  const all = findJavaRuntimes();
  const native = all.find((j) => j.major >= NATIVE_JAVA);
  const overlay = all.find((j) => j.major >= OLDEST_JAVA && j.major < NATIVE_JAVA);
  return [native, overlay].filter((j) => j !== undefined);
})();

describe('Apex semantic check (ApexLink)', () => {
  let fixture: ReturnType<typeof copyFixture>;
  let cache: string | undefined;
  afterEach(() => {
    fixture?.dispose();
    if (cache) rmSync(cache, { recursive: true, force: true });
    cache = undefined;
  });

  it('finds a Java runtime it can use', () => {
    expect(runtimes.length).toBeGreaterThan(0);
  });

  for (const java of runtimes) {
    const how = java.major >= NATIVE_JAVA ? 'as shipped' : 'through the class-version overlay';
    it(`Java ${java.major} (${how}): passes the valid project, one case per Apex file`, async () => {
      fixture = copyFixture();
      cache = mkdtempSync(join(tmpdir(), 'aloware-apexlink-cache-'));
      const env = { ...process.env, APEXLINK_JAVA: java.path, APEXLINK_CACHE: cache };
      const report = await checkApexSemantic(fixture.forceApp, env);
      expect(report.check).toContain(`Java ${java.major}`);
      if (java.major < NATIVE_JAVA) expect(report.check).toMatch(/class-version overlay of \d+ classes/);
      expect(report.cases).toHaveLength(2);
      expect(report.cases.filter((c) => !c.ok)).toEqual([]);
    });
  }

  it('fails a shadowed static, a call to a missing method and a wrong field type, naming each file', async () => {
    fixture = copyFixture();
    const classes = join(fixture.root, DEFAULT, 'classes');
    const meta = readFileSync(join(classes, 'AlowareGreetingService.cls-meta.xml'));
    const add = (name: string, body: string): string => {
      const file = join(classes, `${name}.cls`);
      writeFileSync(file, body);
      writeFileSync(`${file}-meta.xml`, meta);
      return file;
    };
    const shadow = add(
      'ShadowedList',
      "public with sharing class ShadowedList {\n    private static final List<String> NAMES = new List<String>{ 'a' };\n" +
        '    public static List<Integer> sizes() {\n        List<Integer> names = new List<Integer>();\n' +
        '        for (String n : NAMES) {\n            names.add(n.length());\n        }\n        return names;\n    }\n}\n',
    );
    const missing = add(
      'MissingMethod',
      "public with sharing class MissingMethod {\n    public static String hello() {\n        return AlowareGreetingService.greeting('x');\n    }\n}\n",
    );
    const wrongType = add(
      'WrongFieldType',
      'public with sharing class WrongFieldType {\n    public static Integer colour(Aloware_Thing__c thing) {\n' +
        '        Integer colour = thing.Colour__c;\n        return colour;\n    }\n}\n',
    );
    const report = await checkApexSemantic(fixture.forceApp);
    const failed = new Map(report.cases.filter((c) => !c.ok).map((c) => [c.name, c.message ?? '']));
    expect([...failed.keys()].sort()).toEqual([missing, shadow, wrongType]);
    expect(failed.get(shadow)).toMatch(
      /ShadowedList\.cls:4:\d+ Warning: Local variable is hiding class field/,
    );
    expect(failed.get(missing)).toMatch(/MissingMethod\.cls:3:\d+ Missing: .*greeting/);
    expect(failed.get(wrongType)).toMatch(
      /WrongFieldType\.cls:3:\d+ Error: Incompatible types.*String.*Integer/,
    );
  });

  it('the CLI exits 1 and names the file when a trigger calls a missing method', () => {
    fixture = copyFixture();
    const trigger = join(fixture.root, DEFAULT, 'triggers', 'AlowareThingTrigger.trigger');
    writeFileSync(
      trigger,
      readFileSync(trigger, 'utf8').replace('AlowareGreetingService.count', 'AlowareGreetingService.counted'),
    );
    const { status, output } = runCheckScript('apex-semantic.ts', fixture.forceApp);
    expect(status).toBe(1);
    expect(output).toMatch(/✘ .*AlowareThingTrigger\.trigger:2:\d+ Missing: .*counted/);
    expect(output).toMatch(/1 passed, 1 failed/);
  });
});

describe('class-version overlay', () => {
  let cache: string | undefined;
  afterEach(() => {
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  it('rewrites only the major version of exactly the classes newer than the target, and refuses unknown ones', async () => {
    cache = mkdtempSync(join(tmpdir(), 'aloware-overlay-'));
    const overlay = await classVersionOverlay(APEX_LS, 17, cache);
    const zip = await JSZip.loadAsync(readFileSync(APEX_LS));
    const newer: string[] = [];
    for (const entry of Object.values(zip.files)) {
      if (!entry.name.endsWith('.class')) continue;
      if (classFileMajor(await entry.async('uint8array')) > 61) newer.push(entry.name);
    }
    expect(overlay.classes).toEqual(newer.sort());
    expect(overlay.classes.length).toBeGreaterThan(0);
    for (const name of overlay.classes) {
      const original = await zip.file(name)?.async('uint8array');
      const patched = readFileSync(join(overlay.dir, name));
      expect(classFileMajor(patched)).toBe(61);
      // Every byte but the two of the major version is the original's.
      expect(Buffer.from(patched.subarray(8))).toEqual(Buffer.from(original?.subarray(8) ?? []));
      expect(Buffer.from(patched.subarray(0, 6))).toEqual(Buffer.from(original?.subarray(0, 6) ?? []));
    }
    // A second call reuses the finished directory.
    expect((await classVersionOverlay(APEX_LS, 17, cache)).dir).toBe(overlay.dir);
    const java22 = Uint8Array.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 66]);
    expect(() => withClassMajor(java22, 61, 'Future.class')).toThrow(/newer than Java 21/);
    expect(() => withClassMajor(Uint8Array.from([1, 2, 3, 4, 0, 0, 0, 65]), 61, 'x')).toThrow(
      /not a class file/,
    );
  });
});
