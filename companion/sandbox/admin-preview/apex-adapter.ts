/**
 * The preview's stand-in for the Apex controllers behind the panels (docs/contracts.md §4): each method does what
 * its Apex counterpart does, against the Salesforce emulator (REST API, as a signed-in user) and the companion
 * (`/api/v1` with the sync key, as the Named Credential does). Thin on purpose: reads, writes and the same checks
 * as the Apex; every answer goes through the DTO schemas of `dtos.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALOWARE_FIELD_NAMES } from '../../src/sync/field-catalog.js';
import { UpstreamError, type SandboxClients } from '../console/clients.js';
import { ROOT } from './build.js';
import * as dto from './dtos.js';

/** An AuraHandledException: the panel gets `{ body: { message } }`. */
export class ApexError extends Error {}

export interface ApexContext {
  clients: SandboxClients;
  orgId: string;
}

type Params = Record<string, unknown>;
type Json = Record<string, unknown>;
type Method = (ctx: ApexContext, params: Params) => Promise<unknown>;

const OBJECTS = ['Lead', 'Contact'];
const SYNC_DIRECTIONS = ['both', 'inbound'];
const FIELD_DIRECTIONS = ['both', 'to_aloware', 'to_salesforce'];
const POLICIES = ['salesforce_wins', 'aloware_wins', 'newest_wins', 'fill_if_blank'];
const UNMAPPABLE_TYPES = [
  'address',
  'location',
  'id',
  'base64',
  'encryptedstring',
  'anytype',
  'complexvalue',
];
const FILTER_OPERATORS = ['=', '!=', '<', '>', '<=', '>=', 'LIKE'];

const SETTINGS_FIELDS: Record<string, string> = {
  leadSyncEnabled: 'Lead_Sync_Enabled__c',
  contactSyncEnabled: 'Contact_Sync_Enabled__c',
  priorityObject: 'Priority_Object__c',
  leadCreateDirection: 'Lead_Create_Direction__c',
  leadUpdateDirection: 'Lead_Update_Direction__c',
  contactCreateDirection: 'Contact_Create_Direction__c',
  contactUpdateDirection: 'Contact_Update_Direction__c',
  defaultPhoneRegion: 'Default_Phone_Region__c',
  integrationUserId: 'Integration_User_Id__c',
  configVersion: 'Config_Version__c',
};

/** The rep-facing settings (AlowareRepSettings): text, flags that default to on, `;`-joined lists. */
const REP_TEXT: Record<string, [string, string | null]> = {
  recordLinkField: ['Record_Link_Field__c', 'csf1'],
  taskSubjectTemplate: ['Task_Subject_Template__c', null],
  taskStatus: ['Task_Status__c', 'Completed'],
  defaultOwnerId: ['Default_Owner_Id__c', null],
  defaultAccountId: ['Default_Account_Id__c', null],
};
const REP_FLAGS: Record<string, string> = {
  logCalls: 'Log_Calls__c',
  logSms: 'Log_Sms__c',
  storeRecordingLink: 'Store_Recording_Link__c',
  matchAccountByDomain: 'Match_Account_By_Domain__c',
};
const REP_LISTS: Record<string, [string, string]> = {
  logCallOutcomes: ['Log_Call_Outcomes__c', 'completed;missed;voicemail;failed;abandoned'],
  logCallDirections: ['Log_Call_Directions__c', 'Inbound;Outbound'],
};
const SETTINGS_COLUMNS = [
  ...Object.values(SETTINGS_FIELDS),
  ...Object.values(REP_TEXT).map(([f]) => f),
  ...Object.values(REP_FLAGS),
  ...Object.values(REP_LISTS).map(([f]) => f),
];

/** AlowareRepSettings.withDefaults + the controller's toDto for the rep settings. */
function repSettingsDto(r: Json): Json {
  const out: Json = {};
  for (const [key, [field, fallback]] of Object.entries(REP_TEXT)) out[key] = text(r[field]) ?? fallback;
  for (const [key, field] of Object.entries(REP_FLAGS)) out[key] = r[field] === true;
  for (const [key, [field, fallback]] of Object.entries(REP_LISTS))
    out[key] = (text(r[field]) ?? fallback).split(';');
  return out;
}

/** SettingsDto.toRecord for the rep settings (flags default to on, lists joined with `;`). */
function repSettingsRecord(s: Json): Json {
  const out: Json = {};
  for (const [key, [field]] of Object.entries(REP_TEXT)) out[field] = text(s[key]);
  for (const [key, field] of Object.entries(REP_FLAGS)) out[field] = s[key] !== false;
  for (const [key, [field]] of Object.entries(REP_LISTS)) {
    const list = Array.isArray(s[key]) ? (s[key] as unknown[]).map(String) : [];
    out[field] = list.length ? list.join(';') : null;
  }
  return out;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

async function query(ctx: ApexContext, soql: string): Promise<Json[]> {
  const body = (await ctx.clients.asRep('GET', `/query?q=${encodeURIComponent(soql)}`)) as {
    records: Json[];
  };
  return body.records;
}

/** AlowareAccess.companionError: the companion's failure becomes a message the admin can act on. */
async function companion<T>(ctx: ApexContext, method: string, path: string, body?: unknown): Promise<T> {
  try {
    return (await ctx.clients.companion(method, path, body)) as T;
  } catch (err) {
    if (err instanceof UpstreamError) throw new ApexError(`Aloware Sync companion: ${err.message}`);
    throw new ApexError(
      `The Aloware Sync companion could not be reached (${(err as Error).message}). Check that it is running.`,
    );
  }
}

function requireSyncedObject(objectName: unknown): string {
  if (typeof objectName !== 'string' || !OBJECTS.includes(objectName))
    throw new ApexError(`Object must be Lead or Contact, not "${String(objectName)}".`);
  return objectName;
}

// ---- AlowareSettingsController / AlowareSettingsService ----

async function storedSettings(ctx: ApexContext): Promise<Json | undefined> {
  const fields = SETTINGS_COLUMNS.join(', ');
  const rows = await query(
    ctx,
    `SELECT Id, ${fields} FROM Aloware_Sync_Settings__c WHERE SetupOwnerId = '${ctx.orgId}'`,
  );
  return rows[0];
}

/** AlowareSettingsService.withDefaults. */
function settingsDto(row: Json | undefined): unknown {
  const r = row ?? {
    Lead_Sync_Enabled__c: true,
    Contact_Sync_Enabled__c: true,
    Log_Calls__c: true,
    Log_Sms__c: true,
    Store_Recording_Link__c: true,
    Match_Account_By_Domain__c: true,
  };
  return dto.asDto(dto.SettingsDto, {
    leadSyncEnabled: r.Lead_Sync_Enabled__c === true,
    contactSyncEnabled: r.Contact_Sync_Enabled__c === true,
    priorityObject: text(r.Priority_Object__c) ?? 'Contact',
    leadCreateDirection: text(r.Lead_Create_Direction__c) ?? 'both',
    leadUpdateDirection: text(r.Lead_Update_Direction__c) ?? 'both',
    contactCreateDirection: text(r.Contact_Create_Direction__c) ?? 'both',
    contactUpdateDirection: text(r.Contact_Update_Direction__c) ?? 'both',
    defaultPhoneRegion: text(r.Default_Phone_Region__c) ?? 'US',
    integrationUserId: text(r.Integration_User_Id__c),
    configVersion: Number(r.Config_Version__c ?? 0),
    ...repSettingsDto(r),
  });
}

/** AlowareSettingsService.validate. */
function settingsErrors(s: Json): string[] {
  const errors: string[] = [];
  const bothOn = s.Lead_Sync_Enabled__c === true && s.Contact_Sync_Enabled__c === true;
  const priority = s.Priority_Object__c as string | null;
  if (bothOn && !OBJECTS.includes(priority ?? ''))
    errors.push(
      'Choose a priority object (Lead or Contact): it is required when both Lead and Contact sync are on.',
    );
  else if (priority && !OBJECTS.includes(priority)) errors.push('Priority object must be Lead or Contact.');
  for (const [label, field] of [
    ['Lead create direction', 'Lead_Create_Direction__c'],
    ['Lead update direction', 'Lead_Update_Direction__c'],
    ['Contact create direction', 'Contact_Create_Direction__c'],
    ['Contact update direction', 'Contact_Update_Direction__c'],
  ] as const)
    if (!SYNC_DIRECTIONS.includes(String(s[field])))
      errors.push(`${label} must be "both" (two-way) or "inbound" (Salesforce to Aloware only).`);
  if (!/^[A-Z]{2}$/.test(String(s.Default_Phone_Region__c ?? '')))
    errors.push('Default phone region must be a two-letter ISO country code such as US or GB.');
  const user = s.Integration_User_Id__c as string | null;
  if (user && !/^005[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(user))
    errors.push('Integration user id must be a Salesforce user id (15 or 18 characters starting with 005).');
  return errors;
}

async function saveSettings(ctx: ApexContext, params: Params): Promise<unknown> {
  const s = params.settings as Json | undefined;
  if (!s) throw new ApexError('No settings were sent: reload the page and try again.');
  const record: Json = {
    Lead_Sync_Enabled__c: s.leadSyncEnabled === true,
    Contact_Sync_Enabled__c: s.contactSyncEnabled === true,
  };
  for (const key of Object.keys(SETTINGS_FIELDS).slice(2, -1)) record[SETTINGS_FIELDS[key]!] = text(s[key]);
  Object.assign(record, repSettingsRecord(s));
  if (typeof record.Default_Phone_Region__c === 'string')
    record.Default_Phone_Region__c = record.Default_Phone_Region__c.toUpperCase();
  const errors = settingsErrors(record);
  if (errors.length) throw new ApexError(errors.join(' '));
  const stored = await storedSettings(ctx);
  record.Config_Version__c = Number(stored?.Config_Version__c ?? 0) + 1;
  if (stored)
    await ctx.clients.asRep('PATCH', `/sobjects/Aloware_Sync_Settings__c/${String(stored.Id)}`, record);
  else
    await ctx.clients.asRep('POST', '/sobjects/Aloware_Sync_Settings__c', {
      ...record,
      SetupOwnerId: ctx.orgId,
      Name: 'Org default',
    });
  return settingsDto(await storedSettings(ctx));
}

// ---- AlowareMappingController / AlowareMappingService / AlowareMappingValidator ----

const MAPPING_SOQL = (objectName: string) =>
  'SELECT Id, Object__c, Salesforce_Field__c, Aloware_Field__c, Direction__c, Locked__c, Conflict_Policy__c, ' +
  `CreatedDate FROM Aloware_Field_Mapping__c WHERE Object__c = '${objectName}'`;

/** ORDER BY Locked__c DESC, CreatedDate ASC. */
async function mappingRows(ctx: ApexContext, objectName: string): Promise<Json[]> {
  const rows = await query(ctx, MAPPING_SOQL(objectName));
  return rows.sort(
    (a, b) =>
      Number(b.Locked__c === true) - Number(a.Locked__c === true) ||
      String(a.CreatedDate).localeCompare(String(b.CreatedDate)),
  );
}

interface DefaultRow {
  object: string;
  salesforceField: string;
  alowareField: string;
  direction: string;
  locked: boolean;
  conflictPolicy: string;
}

function defaultRows(objectName: string): DefaultRow[] {
  const file = join(ROOT, 'force-app/main/default/staticresources/AlowareSyncDefaultMapping.json');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { rows: DefaultRow[] };
  return parsed.rows.filter((r) => r.object === objectName);
}

const rowDto = (r: Json) =>
  dto.asDto(dto.MappingRowDto, {
    id: r.Id,
    salesforceField: r.Salesforce_Field__c,
    alowareField: r.Aloware_Field__c,
    direction: r.Direction__c,
    locked: r.Locked__c === true,
    conflictPolicy: r.Conflict_Policy__c,
  });

async function seedDefaultsIfEmpty(ctx: ApexContext, objectName: string): Promise<Json[]> {
  const rows = await mappingRows(ctx, objectName);
  if (rows.length) return rows;
  for (const r of defaultRows(objectName))
    await ctx.clients.asRep('POST', '/sobjects/Aloware_Field_Mapping__c', {
      Object__c: objectName,
      Salesforce_Field__c: r.salesforceField,
      Aloware_Field__c: r.alowareField,
      Direction__c: r.direction,
      Locked__c: r.locked,
      Conflict_Policy__c: r.conflictPolicy,
    });
  return mappingRows(ctx, objectName);
}

interface DescribedField {
  name: string;
  label: string;
  type: string;
  createable: boolean;
  updateable: boolean;
}

async function describeFields(ctx: ApexContext, objectName: string): Promise<DescribedField[]> {
  const body = (await ctx.clients.asRep('GET', `/sobjects/${objectName}/describe`)) as {
    fields: DescribedField[];
  };
  return body.fields
    .filter((f) => !UNMAPPABLE_TYPES.includes(f.type.toLowerCase()))
    .map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type.toLowerCase(),
      createable: f.createable,
      updateable: f.updateable,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

async function getMappingEditor(ctx: ApexContext, params: Params): Promise<unknown> {
  const objectName = requireSyncedObject(params.objectName);
  let alowareFields: unknown[];
  let companionError: string | undefined;
  try {
    alowareFields = (await companion<{ fields: unknown[] }>(ctx, 'GET', '/aloware-fields')).fields;
  } catch (err) {
    alowareFields = ALOWARE_FIELD_NAMES.map((name) => ({ name, label: name, type: 'string' }));
    companionError = (err as Error).message;
  }
  const rows = await seedDefaultsIfEmpty(ctx, objectName);
  return dto.asDto(dto.MappingEditorDto, {
    objectName,
    rows: rows.map(rowDto),
    salesforceFields: await describeFields(ctx, objectName),
    alowareFields,
    companionError,
  });
}

type RowErrorDto = { rowIndex: number; field: string; message: string };

/** AlowareMappingValidator.validateRows + validateLockedKept. */
function mappingErrors(
  objectName: string,
  rows: Json[],
  stored: Json[],
  fields: DescribedField[],
): RowErrorDto[] {
  const errors: RowErrorDto[] = [];
  const err = (rowIndex: number, field: string, message: string) => errors.push({ rowIndex, field, message });
  const sfSeen = new Set<string>();
  const alSeen = new Set<string>();
  rows.forEach((row, i) => {
    const sf = text(row.salesforceField);
    const al = text(row.alowareField);
    const direction = text(row.direction) ?? 'both';
    if (!sf) err(i, 'salesforceField', 'Choose a Salesforce field.');
    else if (sfSeen.has(sf.toLowerCase()))
      err(i, 'salesforceField', `${sf} is already mapped in another row.`);
    else {
      sfSeen.add(sf.toLowerCase());
      const field = fields.find((f) => f.name.toLowerCase() === sf.toLowerCase());
      if (!field) err(i, 'salesforceField', `${sf} is not a field of ${objectName}.`);
      else if (direction !== 'to_aloware' && !field.updateable && !field.createable)
        err(i, 'direction', `${field.name} is read-only in Salesforce: set the direction to to_aloware.`);
    }
    if (!al) err(i, 'alowareField', 'Choose an Aloware field.');
    else if (alSeen.has(al.toLowerCase())) err(i, 'alowareField', `${al} is already mapped in another row.`);
    else alSeen.add(al.toLowerCase());
    if (!FIELD_DIRECTIONS.includes(direction))
      err(i, 'direction', 'Direction must be both, to_aloware or to_salesforce.');
    if (!POLICIES.includes(text(row.conflictPolicy) ?? 'salesforce_wins'))
      err(
        i,
        'conflictPolicy',
        'Conflict policy must be salesforce_wins, aloware_wins, newest_wins or fill_if_blank.',
      );
  });
  for (const locked of stored.filter((s) => s.Locked__c === true)) {
    const label = `${String(locked.Salesforce_Field__c)} ↔ ${String(locked.Aloware_Field__c)}`;
    const index = rows.findIndex((r) => r.id && r.id === locked.Id);
    const row = rows[index];
    if (!row) err(-1, 'locked', `${label} is locked and cannot be removed.`);
    else if (
      row.salesforceField !== locked.Salesforce_Field__c ||
      row.alowareField !== locked.Aloware_Field__c
    )
      err(index, 'locked', `${label} is locked: its fields cannot be changed.`);
    else if (
      (text(row.direction) ?? 'both') !== locked.Direction__c ||
      (text(row.conflictPolicy) ?? 'salesforce_wins') !== locked.Conflict_Policy__c
    )
      err(index, 'locked', `${label} is locked: its direction and conflict policy cannot be changed.`);
  }
  return errors;
}

async function saveMappings(ctx: ApexContext, params: Params): Promise<unknown> {
  const objectName = requireSyncedObject(params.objectName);
  const rows = ((params.rows as Json[] | undefined) ?? []).map((r) => dto.MappingRowDto.parse(r) as Json);
  const stored = await mappingRows(ctx, objectName);
  const errors = mappingErrors(objectName, rows, stored, await describeFields(ctx, objectName));
  if (errors.length) return dto.asDto(dto.SaveResultDto, { saved: false, rows, errors });
  const storedById = new Map(stored.map((s) => [String(s.Id), s]));
  for (const row of rows) {
    const record = {
      Salesforce_Field__c: text(row.salesforceField),
      Aloware_Field__c: text(row.alowareField),
      Direction__c: text(row.direction) ?? 'both',
      Conflict_Policy__c: text(row.conflictPolicy) ?? 'salesforce_wins',
    };
    const previous = row.id ? storedById.get(String(row.id)) : undefined;
    if (previous) {
      storedById.delete(String(row.id));
      await ctx.clients.asRep('PATCH', `/sobjects/Aloware_Field_Mapping__c/${String(row.id)}`, record);
    } else
      await ctx.clients.asRep('POST', '/sobjects/Aloware_Field_Mapping__c', {
        ...record,
        Object__c: objectName,
        Locked__c: false,
      });
  }
  for (const id of storedById.keys())
    await ctx.clients.asRep('DELETE', `/sobjects/Aloware_Field_Mapping__c/${id}`);
  const saved = await mappingRows(ctx, objectName);
  return dto.asDto(dto.SaveResultDto, { saved: true, rows: saved.map(rowDto), errors: [] });
}

// ---- AlowareOperationsController ----

/** AlowareOperationFilter.parse. */
function parseFilter(filterJson: unknown): unknown[] | undefined {
  if (typeof filterJson !== 'string' || filterJson.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(filterJson);
  } catch (err) {
    throw new ApexError(`The filter is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed))
    throw new ApexError('The filter must be a list of conditions {field, op, value}.');
  for (const c of parsed as Json[]) {
    if (!c || typeof c.field !== 'string' || c.field === '')
      throw new ApexError('Each filter condition needs a field name.');
    if (!FILTER_OPERATORS.includes(String(c.op)))
      throw new ApexError('Filter operator must be one of =, !=, <, >, <=, >=, LIKE.');
  }
  return parsed.length ? parsed : undefined;
}

/** AlowareOperationsController.maxCsvChars (the companion's limit, companion/src/http/routes/api-operations.ts). */
const MAX_PUSH_CSV_CHARS = 4_500_000;
const operation = (value: unknown) => dto.asDto(dto.Operation, value);
const opPath = (id: unknown) => {
  if (typeof id !== 'string' || id === '') throw new ApexError('An id is required for this companion call.');
  return `/operations/${encodeURIComponent(id)}`;
};

// ---- AlowareRecordCardController ----

function objectOf(recordId: unknown): string {
  const id = String(recordId ?? '');
  if (id.startsWith('00Q')) return 'Lead';
  if (id.startsWith('003')) return 'Contact';
  throw new ApexError('The Aloware card works on Lead and Contact pages only.');
}

async function readRecord(ctx: ApexContext, recordId: string, objectName: string): Promise<Json> {
  const rows = await query(
    ctx,
    `SELECT Id, Aloware_Contact_Id__c, Aloware_Last_Synced__c FROM ${objectName} WHERE Id = '${recordId}' LIMIT 1`,
  );
  if (!rows[0]) throw new ApexError('This record was not found or you do not have access to it.');
  return rows[0];
}

async function getRecordCard(ctx: ApexContext, params: Params): Promise<unknown> {
  const recordId = String(params.recordId ?? '');
  const objectName = objectOf(recordId);
  const record = await readRecord(ctx, recordId, objectName);
  const tasks = await query(
    ctx,
    'SELECT Id, Subject, Aloware_Channel__c, Aloware_Direction__c, ActivityDate, CreatedDate, CallDurationInSeconds, ' +
      `Aloware_Recording_Url__c FROM Task WHERE WhoId = '${recordId}' AND Aloware_Channel__c != NULL ` +
      'ORDER BY ActivityDate DESC, CreatedDate DESC LIMIT 10',
  );
  const alowareContactId = text(record.Aloware_Contact_Id__c);
  let lastSynced = text(record.Aloware_Last_Synced__c);
  let lastOutcome: string | null = null;
  let alowareUrl: string | null = null;
  let companionError: string | undefined;
  try {
    const sync = dto.RecordSync.parse(await companion(ctx, 'GET', `/records/${recordId}`));
    lastOutcome = sync.lastOutcome ?? null;
    // AlowareRecordCardController.contactUrl
    if (sync.alowareAppUrl && alowareContactId)
      alowareUrl = `${sync.alowareAppUrl.replace(/\/$/, '')}/contacts/${encodeURIComponent(alowareContactId)}`;
    if (sync.lastSyncedAt && (!lastSynced || Date.parse(sync.lastSyncedAt) > Date.parse(lastSynced)))
      lastSynced = sync.lastSyncedAt;
  } catch (err) {
    companionError = (err as Error).message;
  }
  return dto.asDto(dto.RecordCardDto, {
    recordId,
    objectName,
    alowareContactId,
    alowareUrl,
    lastSynced,
    lastOutcome,
    companionError,
    activities: tasks.map((t) => ({
      id: t.Id,
      subject: t.Subject,
      channel: t.Aloware_Channel__c,
      direction: t.Aloware_Direction__c,
      activityDate: t.ActivityDate,
      loggedAt: t.CreatedDate,
      durationSeconds: t.CallDurationInSeconds,
      recordingUrl: t.Aloware_Recording_Url__c,
    })),
  });
}

/** `Class.method` → what the Apex method does. */
const APEX_METHODS: Record<string, Method> = {
  'AlowareSettingsController.getSettings': async (ctx) => settingsDto(await storedSettings(ctx)),
  'AlowareSettingsController.saveSettings': saveSettings,
  'AlowareSettingsController.refreshCompanionConfig': async (ctx) =>
    (await companion<{ version: number }>(ctx, 'POST', '/config/refresh', {})).version,
  'AlowareMappingController.getMappingEditor': getMappingEditor,
  'AlowareMappingController.saveMappings': saveMappings,
  'AlowareOperationsController.startOperation': async (ctx, p) => {
    const object = requireSyncedObject(p.objectName);
    const filter = parseFilter(p.filterJson);
    const body = { object, dryRun: p.dryRun === true, ...(filter ? { filter } : {}) };
    return operation(await companion(ctx, 'POST', '/operations', body));
  },
  'AlowareOperationsController.startPush': async (ctx, p) => {
    const csv = typeof p.csvText === 'string' ? p.csvText : '';
    if (csv.trim() === '')
      throw new ApexError('Choose the CSV file of contacts exported from Aloware first.');
    if (csv.length > MAX_PUSH_CSV_CHARS) {
      throw new ApexError('The file is larger than 4.5 MB: split it and push each part.');
    }
    return operation(await companion(ctx, 'POST', '/operations/push', { csv, dryRun: p.dryRun === true }));
  },
  'AlowareOperationsController.getOperation': async (ctx, p) =>
    operation(await companion(ctx, 'GET', opPath(p.operationId))),
  'AlowareOperationsController.cancelOperation': async (ctx, p) =>
    operation(await companion(ctx, 'POST', `${opPath(p.operationId)}/cancel`, {})),
  'AlowareOperationsController.listOperations': async (ctx) =>
    (await companion<{ operations: unknown[] }>(ctx, 'GET', '/operations')).operations.map(operation),
  'AlowareHealthController.getHealth': async (ctx) =>
    dto.asDto(dto.Health, await companion(ctx, 'GET', '/health')),
  'AlowareHealthController.getFailedItems': async (ctx) =>
    (await companion<{ items: unknown[] }>(ctx, 'GET', '/failed')).items.map((i) =>
      dto.asDto(dto.FailedItem, i),
    ),
  'AlowareHealthController.retryFailedItem': async (ctx, p) =>
    (await companion<Json>(ctx, 'POST', `/failed/${encodeURIComponent(String(p.itemId))}/retry`, {}))
      .retried === true,
  'AlowareHealthController.dismissFailedItem': async (ctx, p) =>
    (await companion<Json>(ctx, 'DELETE', `/failed/${encodeURIComponent(String(p.itemId))}`)).dismissed ===
    true,
  'AlowareHealthController.getIdentityReport': async (ctx) =>
    dto.asDto(dto.IdentityReport, await companion(ctx, 'GET', '/identity-report')),
  'AlowareSyncLogController.getSyncLog': async (ctx, p) => {
    const limit = Math.max(1, Math.min(200, Number(p.limitCount ?? 50) || 50));
    const { entries } = await companion<{ entries: unknown[] }>(ctx, 'GET', `/sync-log?limit=${limit}`);
    return entries.map((e) => dto.asDto(dto.SyncLogEntry, e));
  },
  'AlowareSyncLogController.getParkedActivities': async (ctx) =>
    (await companion<{ items: unknown[] }>(ctx, 'GET', '/parked')).items.map((i) =>
      dto.asDto(dto.ParkedActivity, i),
    ),
  'AlowareSyncLogController.retryParkedActivity': async (ctx, p) =>
    (await companion<Json>(ctx, 'POST', `/parked/${encodeURIComponent(String(p.itemId))}/retry`, {}))
      .retried === true,
  'AlowareRecordCardController.getRecordCard': getRecordCard,
  'AlowareRecordCardController.syncNow': async (ctx, p) => {
    const recordId = String(p.recordId ?? '');
    await readRecord(ctx, recordId, objectOf(recordId));
    return (await companion<Json>(ctx, 'POST', `/records/${recordId}/sync`, {})).queued === true;
  },
};

/** Runs one method; an unknown name is an error, as a missing @AuraEnabled method is. */
export async function invokeApex(ctx: ApexContext, name: string, params: Params): Promise<unknown> {
  const method = APEX_METHODS[name];
  if (!method) throw new ApexError(`No Apex method ${name} is available to the panels.`);
  return method(ctx, params);
}
