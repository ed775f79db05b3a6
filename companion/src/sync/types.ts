/**
 * Public types of the sync core. Plain data only: the core never performs I/O, so every input the
 * adapters gather (records, describe results, settings, the identity index) arrives through these shapes.
 */

export type SfObject = 'Lead' | 'Contact';
/** The system a value lives in (or is written to). */
export type Side = 'salesforce' | 'aloware';
export type FieldDirection = 'both' | 'to_aloware' | 'to_salesforce';
export type ConflictPolicy = 'salesforce_wins' | 'aloware_wins' | 'newest_wins' | 'fill_if_blank';
/** Per object and operation: `both` or `inbound` (Salesforce → Aloware only). */
export type ObjectDirection = 'both' | 'inbound';
export type Operation = 'create' | 'update';

/** One row of `Aloware_Field_Mapping__c` (docs/contracts.md §2, §6). */
export interface MappingRow {
  object: SfObject;
  salesforceField: string;
  alowareField: string;
  direction: FieldDirection;
  locked: boolean;
  conflictPolicy: ConflictPolicy;
}

/** `Aloware_Sync_Settings__c` as the core needs it (docs/contracts.md §2). */
export interface SyncSettings {
  leadSyncEnabled: boolean;
  contactSyncEnabled: boolean;
  priorityObject: SfObject;
  lead: { create: ObjectDirection; update: ObjectDirection };
  contact: { create: ObjectDirection; update: ObjectDirection };
  /** ISO 3166-1 alpha-2 region used for numbers typed without a country code. */
  defaultRegion: string;
}

// ---------------------------------------------------------------------------------------------- phone

export type PhoneRejectReason = 'empty' | 'too_short' | 'too_long' | 'invalid_for_region' | 'not_a_number';

export type PhoneResult =
  { ok: true; e164: string; country?: string; extension?: string } | { ok: false; reason: PhoneRejectReason };

// ---------------------------------------------------------------------------------------- describe

interface PicklistValue {
  value: string;
  active: boolean;
}

/** The subset of a Salesforce describe field the core uses (jsforce `DescribeSObjectResult.fields[]`). */
export interface FieldDescribe {
  name: string;
  /** `string`, `textarea`, `phone`, `email`, `url`, `picklist`, `boolean`, `date`, `datetime`, `reference`, … */
  type: string;
  length?: number;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  picklistValues?: PicklistValue[];
  restrictedPicklist?: boolean;
}

export type DescribeByObject = Partial<Record<SfObject, readonly FieldDescribe[]>>;

/** An Aloware field as listed by `GET /api/v1/aloware-fields` (docs/contracts.md §3). */
export interface AlowareField {
  name: string;
  label?: string;
  type: 'string' | 'phone' | 'email' | 'date' | 'user';
}

// ------------------------------------------------------------------------------------------ values

export type SfValue = string | number | boolean | null;
/** A Salesforce record as returned by a query (extra fields such as `attributes` are ignored). */
export interface SfRecord {
  Id: string;
  [field: string]: unknown;
}
/**
 * Aloware contact values keyed by Aloware field name (docs/contracts.md §6).
 * `other_phone_numbers.mobile|home|other` are flat virtual keys; the Aloware client turns them into `{label,
 * phone_number}` entries.
 */
export type AlowareValues = Record<string, string | null | undefined>;

/** Aloware user ↔ Salesforce user pairs, matched by email (see `matchUsers`). */
export interface UserTable {
  alowareToSalesforce: ReadonlyMap<string, string>;
  salesforceToAloware: ReadonlyMap<string, string>;
}

/** Everything value conversion needs besides the row itself. */
export interface ConversionContext {
  region: string;
  users: UserTable;
  /** Salesforce describe of the row's object, when known: enables truncation, picklist and type checks. */
  describe?: readonly FieldDescribe[];
}

type IssueCode =
  | 'truncated'
  | 'picklist_value_not_allowed'
  | 'invalid_email'
  | 'invalid_boolean'
  | 'invalid_date'
  | 'invalid_datetime'
  | 'invalid_number'
  | 'invalid_phone'
  | 'required_value_missing'
  | 'owner_not_matched'
  | 'queue_owned'
  | 'field_not_writable';

export interface ConversionIssue {
  field: string;
  code: IssueCode;
  message: string;
}

// ---------------------------------------------------------------------------------- mapping errors

type MappingErrorCode =
  | 'duplicate_salesforce_field'
  | 'duplicate_aloware_field'
  | 'locked_row_missing'
  | 'locked_row_changed'
  | 'unknown_salesforce_field'
  | 'unknown_aloware_field'
  | 'wrong_object'
  | 'not_writable_in_salesforce'
  | 'invalid_value';

export interface MappingError {
  /** Index into the rows given; -1 for a missing locked row. */
  rowIndex: number;
  object: SfObject;
  field: 'salesforceField' | 'alowareField' | 'direction' | 'conflictPolicy' | 'object';
  code: MappingErrorCode;
  message: string;
}

// ------------------------------------------------------------------------------------------ identity

export interface IdentityCandidate {
  id: string;
  object: SfObject;
  lastModifiedDate?: string | null;
  systemModstamp?: string | null;
  isConverted?: boolean;
  convertedContactId?: string | null;
  /** Display name, for the identity report only. */
  name?: string | null;
  /**
   * The record's identity (R1: its primary phone, E.164; null when it has none) when known. It competes only
   * for that number (see `competesFor`); a candidate without it (not read with its phone fields) competes.
   */
  identityPhone?: string | null;
}

export interface LinkTarget {
  id: string;
  object: SfObject;
}

export interface LinkResolution {
  linked: LinkTarget | null;
  reason:
    'priority_object' | 'most_recent' | 'lowest_id' | 'only_candidate' | 'converted_lead_contact' | 'none';
  /** Several records of the same object share the phone. */
  ambiguous: boolean;
}

export interface AmbiguousGroup {
  phone: string;
  object: SfObject;
  recordIds: string[];
}

export interface UnparseablePhone {
  recordId: string;
  object: SfObject;
  field: string;
  reason: PhoneRejectReason;
}

// ---------------------------------------------------------------------------------------------- merge

/** Normalised mapped values at the last successful sync, keyed by `fieldKey(row)`. */
export type Fingerprint = Record<string, string | null>;

export interface Decision {
  /** The Salesforce field API name of the mapping row. */
  field: string;
  winner: 'salesforce' | 'aloware' | 'none';
  reason: string;
  direction: 'to_aloware' | 'to_salesforce' | 'none';
}

export interface MergeInput {
  object: SfObject;
  salesforce: SfRecord | Record<string, unknown>;
  aloware: AlowareValues;
  /** Absent on a first sync. */
  fingerprint?: Fingerprint | null;
  /** Record modstamps (ISO-8601) for `newest_wins`. */
  salesforceModstamp?: string | null;
  alowareModstamp?: string | null;
  rows: readonly MappingRow[];
  settings: SyncSettings;
  context: ConversionContext;
}

export interface MergeResult {
  toSalesforce: Record<string, SfValue>;
  toAloware: AlowareValues;
  decisions: Decision[];
  issues: ConversionIssue[];
  /** Store this after the writes succeed. */
  fingerprint: Fingerprint;
  /** At least one field was changed on both sides and decided by policy. */
  conflict: boolean;
}

// ----------------------------------------------------------------------------------------------- plan

export interface IndexedLink {
  alowareContactId: string;
  fingerprint?: Fingerprint | null;
}

export interface AlowareContactSnapshot {
  id: string;
  values: AlowareValues;
  updatedAt?: string | null;
}

/** Read-only view of the companion's identity index for one page (Map-backed: see `mapPlanIndex`). */
export interface PlanIndex {
  linkOf(recordId: string): IndexedLink | undefined;
  contactByPhone(e164: string): AlowareContactSnapshot | undefined;
  /** Other Salesforce records known to share this phone (across pages); optional. */
  recordsForPhone?(e164: string): readonly IdentityCandidate[];
}

export interface FieldDiff {
  field: string;
  from: string | null;
  to: string | null;
  direction: 'to_aloware' | 'to_salesforce';
}

export interface PlannedCreate {
  recordId: string;
  object: SfObject;
  phone: string;
  toAloware: AlowareValues;
  /** Store with the new link once the contact is created. */
  fingerprint: Fingerprint;
}

export interface PlannedUpdate {
  recordId: string;
  object: SfObject;
  alowareContactId: string;
  phone: string;
  /** The record is not linked yet: the link (and fingerprint) must be stored even without diffs. */
  newLink: boolean;
  diffs: FieldDiff[];
  toAloware: AlowareValues;
  toSalesforce: Record<string, SfValue>;
  fingerprint: Fingerprint;
  /** The merge's decision per field that is not equal on both sides (what the sync log records). */
  decisions: Decision[];
}

type SkipReason =
  | 'in_sync'
  | 'sync_disabled'
  | 'create_not_allowed'
  | 'no_phone'
  | 'invalid_phone'
  | 'converted_lead'
  | 'not_priority'
  | 'phone_on_other_contact';

export interface PlannedSkip {
  recordId: string;
  object: SfObject;
  reason: SkipReason;
  linkedTo?: string;
  /** `not_priority`: the phone the record competed for (its identity). */
  phone?: string;
}

interface PlannedConflict {
  recordId: string;
  object: SfObject;
  decisions: Decision[];
}

export interface Plan {
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  skips: PlannedSkip[];
  conflicts: PlannedConflict[];
  invalidPhones: UnparseablePhone[];
  ambiguousGroups: AmbiguousGroup[];
  apiCalls: { salesforce: number; aloware: number };
}

/** Counts as in the contract's `Operation.plan` (docs/contracts.md §3); sums page by page. */
export interface PlanSummary {
  creates: number;
  updates: number;
  skips: number;
  conflicts: number;
  invalidPhones: number;
  ambiguousGroups: number;
  apiCalls: { salesforce: number; aloware: number };
}

export interface PlanContext {
  object: SfObject;
  rows: readonly MappingRow[];
  settings: SyncSettings;
  context: ConversionContext;
  index: PlanIndex;
}
