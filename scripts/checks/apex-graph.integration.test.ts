import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkApexGraph } from './apex-graph.js';
import { copyFixture, DEFAULT } from './test-fixture.js';

// Each run starts a JVM and walks every path: allow minutes on a loaded machine.
const GRAPH_TIMEOUT = 600_000;

describe('Apex graph analysis (Salesforce Graph Engine)', () => {
  let fixture: ReturnType<typeof copyFixture>;
  let cache: string;
  afterEach(() => {
    fixture?.dispose();
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  it(
    'fails on a planted FLS violation and an undocumented directive, naming the files; caches only a clean run',
    async () => {
      fixture = copyFixture();
      cache = mkdtempSync(join(tmpdir(), 'aloware-graph-cache-'));
      const env = { ...process.env, APEX_GRAPH_CACHE: cache };

      const clean = await checkApexGraph(fixture.forceApp, env);
      expect(clean.cases).toHaveLength(2);
      expect(clean.cases.filter((c) => !c.ok)).toEqual([]);
      const again = await checkApexGraph(fixture.forceApp, env);
      expect(again.check).toMatch(/cached/);
      expect(again.cases).toEqual(clean.cases);

      const classes = join(fixture.root, DEFAULT, 'classes');
      const greeting = join(classes, 'AlowareGreetingService.cls');
      // An @AuraEnabled entry point that inserts without user mode: an FLS (CRUD) violation.
      const risky = join(classes, 'AlowareRiskyController.cls');
      writeFileSync(
        risky,
        [
          'public with sharing class AlowareRiskyController {',
          '    @AuraEnabled',
          '    public static void create(String name) {',
          '        insert new Account(Name = name);',
          '    }',
          '}',
          '',
        ].join('\n'),
      );
      writeFileSync(`${risky}-meta.xml`, readFileSync(`${greeting}-meta.xml`));
      writeFileSync(
        greeting,
        readFileSync(greeting, 'utf8').replace(
          "return 'Hello, ' + name;",
          "/* sfge-disable-stack ApexNullPointerException */\n        return 'Hello, ' + name;",
        ),
      );
      const broken = await checkApexGraph(fixture.forceApp, env);
      const failed = new Map(broken.cases.filter((c) => !c.ok).map((c) => [c.name, c.message ?? '']));
      expect([...failed.keys()].sort()).toEqual([greeting, risky]);
      expect(failed.get(risky)).toMatch(
        /AlowareRiskyController\.cls:\d+:\d+ ApexFlsViolation \(severity 2\)/,
      );
      expect(failed.get(greeting)).toMatch(/undocumented SFGE directive for ApexNullPointerException/);
      // Only the clean run was cached: the failing one will run the engine again.
      expect(readdirSync(cache)).toHaveLength(1);
    },
    GRAPH_TIMEOUT,
  );
});
