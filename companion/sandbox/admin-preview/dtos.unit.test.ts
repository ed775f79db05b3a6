// The preview's Apex adapter must hand the panels exactly what the Apex controllers do: each DTO schema has the
// same properties as its Apex class and as its shape in docs/contracts.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ROOT } from './build.js';
import * as dto from './dtos.js';

const CLASSES = join(ROOT, 'force-app/main/default/classes');
const CONTRACTS = readFileSync(join(ROOT, 'docs/contracts.md'), 'utf8');

/** The properties of `class <name>` in an Apex file (`objectName` is `object` in the contract shape). */
function apexProperties(file: string, name: string): string[] {
  const source = readFileSync(join(CLASSES, file), 'utf8');
  const start = source.search(new RegExp(`class ${name}\\b`));
  if (start < 0) throw new Error(`class ${name} not found in ${file}`);
  const rest = source.slice(start + 1);
  const body = rest.slice(0, rest.search(/\bclass \w+/) >>> 0 || undefined);
  return [...body.matchAll(/public\s+[\w<>.,]+\s+(\w+)\s*(?:;|\{\s*get)/g)].map((m) => m[1]!);
}

/** Top-level keys of the `{ … }` that follows `anchor` in docs/contracts.md. */
function contractKeys(anchor: RegExp): string[] {
  const found = anchor.exec(CONTRACTS);
  if (!found) throw new Error(`${anchor} not found in docs/contracts.md`);
  const open = CONTRACTS.indexOf('{', found.index + found[0].length - 1);
  let depth = 0;
  let top = '';
  for (const ch of CONTRACTS.slice(open)) {
    if (ch === '{' || ch === '[' || ch === '(') depth += 1;
    if (ch === '}' || ch === ']' || ch === ')') depth -= 1;
    if (depth === 0) break;
    top += depth === 1 && ch !== '{' ? ch : depth === 1 ? '' : ' ';
  }
  return top
    .split(',')
    .map((part) => /^\s*(\w+)/.exec(part.replace(/\n/g, ' '))?.[1])
    .filter((k): k is string => Boolean(k));
}

const keys = (schema: z.ZodObject) => Object.keys(schema.shape).sort();
/** AlowareCompanionDtos.toContract renames `objectName` back to `object`; the controllers' own DTOs keep it. */
const contract = (names: string[], file = '') =>
  names.map((n) => (n === 'objectName' && file === 'AlowareCompanionDtos.cls' ? 'object' : n)).sort();
const row = (method: string) => new RegExp(`${method}\`[^|]*\\|[^|]*\\|\\s*\``);

const CASES: [string, z.ZodObject, string, string, RegExp | undefined][] = [
  ['SettingsDto', dto.SettingsDto, 'AlowareSettingsController.cls', 'SettingsDto', /SettingsDto \{/],
  ['MappingRowDto', dto.MappingRowDto, 'AlowareMappingController.cls', 'MappingRowDto', /MappingRowDto = /],
  [
    'SalesforceFieldDto',
    dto.SalesforceFieldDto,
    'AlowareMappingController.cls',
    'SalesforceFieldDto',
    /salesforceFields: \[/,
  ],
  [
    'MappingEditorDto',
    dto.MappingEditorDto,
    'AlowareMappingController.cls',
    'MappingEditorDto',
    row('getMappingEditor'),
  ],
  ['SaveResultDto', dto.SaveResultDto, 'AlowareMappingController.cls', 'SaveResultDto', row('saveMappings')],
  ['RowError', dto.RowError, 'AlowareMappingService.cls', 'RowError', /errors: \[/],
  ['AlowareField', dto.AlowareField, 'AlowareCompanionDtos.cls', 'AlowareField', /fields: \[/],
  ['Operation', dto.Operation, 'AlowareCompanionDtos.cls', 'Operation', /Operation = /],
  ['Progress', dto.Progress, 'AlowareCompanionDtos.cls', 'Progress', /progress: /],
  ['Plan', dto.Plan, 'AlowareCompanionDtos.cls', 'Plan', /plan\?: /],
  ['PlanSample', dto.PlanSample, 'AlowareCompanionDtos.cls', 'PlanSample', /PlanSample = /],
  ['Health', dto.Health, 'AlowareCompanionDtos.cls', 'Health', /Health = /],
  ['FailedItem', dto.FailedItem, 'AlowareCompanionDtos.cls', 'FailedItem', /FailedItem = /],
  ['ParkedActivity', dto.ParkedActivity, 'AlowareCompanionDtos.cls', 'ParkedActivity', /ParkedActivity = /],
  [
    'IdentityReport',
    dto.IdentityReport,
    'AlowareCompanionDtos.cls',
    'IdentityReport',
    row('GET /api/v1/identity-report'),
  ],
  [
    'RecordSync',
    dto.RecordSync,
    'AlowareCompanionDtos.cls',
    'RecordSync',
    row('GET /api/v1/records/:salesforceId'),
  ],
  [
    'RecordCardDto',
    dto.RecordCardDto,
    'AlowareRecordCardController.cls',
    'RecordCardDto',
    row('getRecordCard'),
  ],
  ['ActivityDto', dto.ActivityDto, 'AlowareRecordCardController.cls', 'ActivityDto', /activities: \[/],
];

describe('admin preview DTOs', () => {
  it.each(CASES)(
    '%s has the properties of its Apex class and of docs/contracts.md',
    (_n, schema, file, cls, anchor) => {
      expect(keys(schema)).toEqual(contract(apexProperties(file, cls), file));
      if (anchor) expect(keys(schema)).toEqual(contract(contractKeys(anchor)));
    },
  );

  it('leaves out null properties and unknown keys, as the Apex DTOs do', () => {
    const op = dto.asDto(dto.Operation, {
      id: 'op1',
      status: 'queued',
      plan: null,
      extra: 1,
      progress: { total: 3 },
    });
    expect(op).toEqual({ id: 'op1', status: 'queued', progress: { total: 3 } });
  });
});
