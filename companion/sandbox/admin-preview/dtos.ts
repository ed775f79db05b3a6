/**
 * The DTOs the Apex controllers hand to the LWC panels (docs/contracts.md §3 and §4), as zod schemas. The preview's
 * Apex adapter passes every answer through these: unknown keys are dropped (as Apex's typed JSON.deserialize
 * does) and null properties are left out (as `JSON.serialize(dto, true)` in AlowareCompanionDtos.toContract does).
 * `dtos.unit.test.ts` compares each schema's keys with the Apex DTO class and with
 * docs/contracts.md, so none of the three can drift from the others.
 */
import { z } from 'zod';

const str = z.string().nullish();
const num = z.number().nullish();
const bool = z.boolean().nullish();

export const SettingsDto = z.object({
  leadSyncEnabled: bool,
  contactSyncEnabled: bool,
  priorityObject: str,
  leadCreateDirection: str,
  leadUpdateDirection: str,
  contactCreateDirection: str,
  contactUpdateDirection: str,
  defaultPhoneRegion: str,
  integrationUserId: str,
  configVersion: num,
  recordLinkField: str,
  logCalls: bool,
  logCallOutcomes: z.array(z.string()).nullish(),
  logCallDirections: z.array(z.string()).nullish(),
  logSms: bool,
  taskSubjectTemplate: str,
  taskStatus: str,
  storeRecordingLink: bool,
  defaultOwnerId: str,
  defaultAccountId: str,
  matchAccountByDomain: bool,
});

export const MappingRowDto = z.object({
  id: str,
  salesforceField: str,
  alowareField: str,
  direction: str,
  locked: bool,
  conflictPolicy: str,
});

export const SalesforceFieldDto = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  createable: bool,
  updateable: bool,
});

export const AlowareField = z.object({ name: z.string(), label: z.string(), type: str });

export const MappingEditorDto = z.object({
  objectName: z.string(),
  rows: z.array(MappingRowDto),
  salesforceFields: z.array(SalesforceFieldDto),
  alowareFields: z.array(AlowareField),
  companionError: str,
});

export const RowError = z.object({ rowIndex: z.number(), field: str, message: z.string() });

export const SaveResultDto = z.object({
  saved: z.boolean(),
  rows: z.array(MappingRowDto),
  errors: z.array(RowError),
});

export const Progress = z.object({
  total: num,
  processed: num,
  created: num,
  updated: num,
  skipped: num,
  failed: num,
  ratePerSecond: num,
  etaSeconds: num,
});

const ApiCalls = z.object({ salesforce: num, aloware: num });

export const Plan = z.object({
  creates: num,
  updates: num,
  skips: num,
  conflicts: num,
  invalidPhones: num,
  ambiguousGroups: num,
  apiCalls: ApiCalls.nullish(),
});

export const PlanSample = z.object({
  outcome: z.string(),
  recordId: z.string(),
  object: str,
  name: str,
  reason: str,
  fields: z.array(z.string()).nullish(),
  sharedWith: z.array(z.string()).nullish(),
  row: num,
});

export const Operation = z.object({
  id: z.string(),
  kind: str,
  object: str,
  dryRun: bool,
  status: z.string(),
  createdAt: str,
  updatedAt: str,
  progress: Progress.nullish(),
  plan: Plan.nullish(),
  samples: z.array(PlanSample).nullish(),
  error: str,
});

export const Health = z.object({
  status: z.string(),
  checkedAt: str,
  redis: z.object({ reachable: bool }).nullish(),
  salesforce: z.object({ reachable: bool, apiUsed: num, apiLimit: num, throttled: bool }).nullish(),
  aloware: z
    .object({ reachable: bool, requestsPerMinute: num, usedLastMinute: num, budgetLimiting: bool })
    .nullish(),
  queues: z.object({ depth: num, waiting: num, active: num, delayed: num }).nullish(),
  latency: z
    .object({ toAlowareP50Ms: num, toAlowareP95Ms: num, toSalesforceP50Ms: num, toSalesforceP95Ms: num })
    .nullish(),
  failedCount: num,
  parkedCount: num,
  recentErrors: z.array(z.object({ at: str, area: str, message: str })).nullish(),
});

export const FailedItem = z.object({
  id: z.string(),
  kind: z.string(),
  object: str,
  recordId: str,
  reason: str,
  attempts: num,
  failedAt: str,
});

export const ParkedActivity = z.object({
  id: z.string(),
  communicationId: str,
  channel: str,
  phoneMasked: str,
  reason: str,
  parkedAt: str,
});

export const IdentityReport = z.object({
  sharedPhones: z.array(
    z.object({
      phoneMasked: str,
      records: z.array(z.object({ id: z.string(), object: str, name: str })),
      linkedId: str,
    }),
  ),
  unparseable: z.array(z.object({ recordId: z.string(), object: str, field: str, reason: str })),
});

export const RecordSync = z.object({
  salesforceId: z.string(),
  object: str,
  alowareContactId: str,
  phoneMasked: str,
  lastSyncedAt: str,
  lastOutcome: str,
  alowareAppUrl: str,
  decisions: z.array(z.object({ at: str, field: str, winner: str, reason: str, direction: str })).nullish(),
});

const SyncLogDecision = z.object({ field: str, winner: str, reason: str, direction: str });

export const SyncLogEntry = z.object({
  at: str,
  salesforceId: z.string(),
  object: str,
  direction: str,
  outcome: str,
  phoneMasked: str,
  decisions: z.array(SyncLogDecision).nullish(),
});

export const ActivityDto = z.object({
  id: z.string(),
  subject: str,
  channel: str,
  direction: str,
  activityDate: str,
  loggedAt: str,
  durationSeconds: num,
  recordingUrl: str,
});

export const RecordCardDto = z.object({
  recordId: z.string(),
  objectName: z.string(),
  alowareContactId: str,
  alowareUrl: str,
  lastSynced: str,
  lastOutcome: str,
  companionError: str,
  activities: z.array(ActivityDto),
});

/** `JSON.serialize(dto, true)`: properties that are null are left out, at every depth. */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
    return out as T;
  }
  return value;
}

/** A companion answer as Apex hands it to a panel: parsed into the DTO, nulls left out. */
export function asDto<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  return withoutNulls(schema.parse(value));
}
