/**
 * What reps get from the settings (`Aloware_Sync_Settings__c`, docs/contracts.md §2): the record link written
 * to an Aloware field, which calls and SMS are logged as Tasks and how, and who owns records created from
 * Aloware. Pure data plus the pure decision "is this communication logged?".
 */

/** The Aloware contact fields that may hold the Lightning link of the linked record (see companion/sandbox/aloware/README.md). */
const RECORD_LINK_FIELDS = ['csf1', 'csf2', 'website'] as const;
type RecordLinkField = (typeof RECORD_LINK_FIELDS)[number];

const CALL_OUTCOMES = ['completed', 'missed', 'voicemail', 'failed', 'abandoned'] as const;
type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface ActivityPolicy {
  logCalls: boolean;
  callOutcomes: CallOutcome[];
  callDirections: ('Inbound' | 'Outbound')[];
  logSms: boolean;
  /** `{direction} {channel} · {duration} · {outcome}` style; null = the default subject. */
  subjectTemplate: string | null;
  taskStatus: string;
  storeRecordingLink: boolean;
}

interface RecordRules {
  /** null = no link is written. */
  linkField: RecordLinkField | null;
  /** User (005) or queue (00G, Leads only) owning records created from Aloware when the agent has no user. */
  defaultOwnerId: string | null;
  defaultAccountId: string | null;
  matchAccountByDomain: boolean;
}

export interface RepPolicy {
  activity: ActivityPolicy;
  records: RecordRules;
}

export const DEFAULT_REP_POLICY: Readonly<RepPolicy> = Object.freeze({
  activity: Object.freeze({
    logCalls: true,
    callOutcomes: [...CALL_OUTCOMES],
    callDirections: ['Inbound', 'Outbound'] as ('Inbound' | 'Outbound')[],
    logSms: true,
    subjectTemplate: null,
    taskStatus: 'Completed',
    storeRecordingLink: true,
  }),
  records: Object.freeze({
    linkField: 'csf1' as RecordLinkField,
    defaultOwnerId: null,
    defaultAccountId: null,
    matchAccountByDomain: true,
  }),
});

const SF_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const idWithPrefix = (v: unknown, prefixes: string[]): string | null => {
  const id = text(v);
  return id && SF_ID.test(id) && prefixes.some((p) => id.startsWith(p)) ? id : null;
};
const list = <T extends string>(v: unknown, allowed: readonly T[], fallback: T[]): T[] => {
  const raw = text(v);
  if (!raw) return [...fallback];
  const byLower = new Map(allowed.map((a) => [a.toLowerCase(), a]));
  const picked = raw.split(';').flatMap((s) => byLower.get(s.trim().toLowerCase()) ?? []);
  return [...new Set(picked)];
};

/** The settings row → policy; blanks and invalid values take the defaults (checkboxes default to on). */
export function parseRepPolicy(row: Record<string, unknown> | undefined): RepPolicy {
  if (!row) return structuredClone(DEFAULT_REP_POLICY) as RepPolicy;
  const d = DEFAULT_REP_POLICY;
  const link = text(row.Record_Link_Field__c)?.toLowerCase() ?? d.records.linkField;
  return {
    activity: {
      logCalls: row.Log_Calls__c !== false,
      callOutcomes: list(row.Log_Call_Outcomes__c, CALL_OUTCOMES, d.activity.callOutcomes),
      callDirections: list(row.Log_Call_Directions__c, ['Inbound', 'Outbound'], d.activity.callDirections),
      logSms: row.Log_Sms__c !== false,
      subjectTemplate: text(row.Task_Subject_Template__c),
      taskStatus: text(row.Task_Status__c) ?? d.activity.taskStatus,
      storeRecordingLink: row.Store_Recording_Link__c !== false,
    },
    records: {
      linkField: RECORD_LINK_FIELDS.includes(link as RecordLinkField) ? (link as RecordLinkField) : null,
      defaultOwnerId: idWithPrefix(row.Default_Owner_Id__c, ['005', '00G']),
      defaultAccountId: idWithPrefix(row.Default_Account_Id__c, ['001']),
      matchAccountByDomain: row.Match_Account_By_Domain__c !== false,
    },
  };
}

/** What a communication needs for the decision (a subset of the folded state). */
export interface LoggableCommunication {
  channel: 'Call' | 'SMS';
  direction: 'Inbound' | 'Outbound' | null;
  /** Lower-case disposition (`completed`, `missed`, …); null while only the init event arrived. */
  disposition: string | null;
}

/**
 * Why a communication is not logged, or null when it is. A call whose outcome is not known yet is held back
 * (`outcome_pending`) only when some outcomes are excluded: the disposition event decides.
 */
export function notLoggedReason(c: LoggableCommunication, policy: ActivityPolicy): string | null {
  if (c.channel === 'SMS') return policy.logSms ? null : 'sms_not_logged';
  if (!policy.logCalls) return 'calls_not_logged';
  if (c.direction && !policy.callDirections.includes(c.direction))
    return `${c.direction.toLowerCase()}_calls_not_logged`;
  const everyOutcome = CALL_OUTCOMES.every((o) => policy.callOutcomes.includes(o));
  if (!c.disposition) return everyOutcome ? null : 'outcome_pending';
  if (!everyOutcome && !policy.callOutcomes.includes(c.disposition as CallOutcome))
    return `${c.disposition}_calls_not_logged`;
  return null;
}
