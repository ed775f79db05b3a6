/**
 * The reference model of the sync rules: plain data, no I/O, written independently of companion/src/sync so
 * it can judge it. Given the settings and the history of what the rep, the admin and the Aloware agent did, it
 * says what the end state must be. The rules, numbered as in the README's "Sync rules" section:
 *
 * R1 Identity: `Phone` when valid, else the first other mapped phone field holding a valid number
 *    (`MobilePhone`); it is the Aloware contact's `phone_number`. No valid mapped phone: not synced.
 * R2 Priority among the live records of the *enabled* objects holding a phone: priority object, then most
 *    recently modified, then lowest Id; a converted Lead never wins. Exactly one record is linked; every other
 *    one carries no stamp (`Aloware_Contact_Id__c`, `Aloware_Last_Synced__c`).
 * R3 A record that is not synced leaves its reason in its sync log.
 * R4 One Aloware contact per phone; Aloware never causes a second Salesforce record for a phone a live record
 *    of an enabled object holds. Without one, an Aloware contact/call/SMS creates a record in the priority
 *    object when enabled with create `both`, else in the other object on the same condition, else nothing.
 * R5 Update `both`: the linked pair converges (three-way merge, `salesforce_wins` by default).
 * R6 Update `inbound`: Salesforce is the source of truth; an Aloware edit is never written to Salesforce, now
 *    or later, and the Aloware contact is brought back to Salesforce's values.
 * R7 Every call/SMS becomes exactly one Task, on the record linked to its phone.
 * R8 Settings and mapping rows take effect without a version bump (the test stack checks every 500 ms) and at
 *    once with one; the locked Phone/Email rows are always part of the mapping.
 */

export type Obj = 'Lead' | 'Contact';
export type UpdateDirection = 'both' | 'inbound';

export interface ModelSettings {
  leadEnabled: boolean;
  contactEnabled: boolean;
  priority: Obj;
  leadCreate: UpdateDirection;
  contactCreate: UpdateDirection;
  leadUpdate: UpdateDirection;
  contactUpdate: UpdateDirection;
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = {
  leadEnabled: true,
  contactEnabled: true,
  priority: 'Contact',
  leadCreate: 'both',
  contactCreate: 'both',
  leadUpdate: 'both',
  contactUpdate: 'both',
};

export interface ModelRecord {
  /** Stable key in the model; the runner maps it to the Salesforce Id. */
  key: number;
  object: Obj;
  /** E.164 of `Phone` when valid, else null. */
  phone: string | null;
  /** E.164 of `MobilePhone` when valid, else null. */
  mobile: string | null;
  lastName: string;
  deleted: boolean;
  /** A converted Lead: the key of its Contact. */
  convertedTo?: number;
  createdBy: 'rep' | 'aloware';
}

export interface ModelCommunication {
  id: number;
  phone: string;
  /** Records that may carry its Task: the phone's linked record at the time (and what it became). */
  expectTask: boolean;
}

export interface ModelState {
  settings: ModelSettings;
  records: ModelRecord[];
  /** Values an Aloware agent typed while the linked record's update direction was `inbound`. */
  blocked: { key: number; lastName: string }[];
  communications: ModelCommunication[];
  nextKey: number;
}

export function initialState(): ModelState {
  return {
    settings: { ...DEFAULT_MODEL_SETTINGS },
    records: [],
    blocked: [],
    communications: [],
    nextKey: 1,
  };
}

const enabled = (s: ModelSettings, o: Obj) => (o === 'Lead' ? s.leadEnabled : s.contactEnabled);
const updateDirection = (s: ModelSettings, o: Obj) => (o === 'Lead' ? s.leadUpdate : s.contactUpdate);
const createDirection = (s: ModelSettings, o: Obj) => (o === 'Lead' ? s.leadCreate : s.contactCreate);

/** R1. */
export function identityOf(r: ModelRecord): string | null {
  return r.phone ?? r.mobile;
}

export function live(r: ModelRecord): boolean {
  return !r.deleted && r.convertedTo === undefined;
}

/** R2: the records competing for `phone`, and those of them that may hold it (ties of equal standing). */
export function competitors(state: ModelState, phone: string): ModelRecord[] {
  return state.records.filter((r) => live(r) && enabled(state.settings, r.object) && identityOf(r) === phone);
}

/**
 * R2: who may hold the phone's link. The priority object first; among records of one object the most
 * recently modified wins, and since the integration user's own stamp writes move LastModifiedDate in
 * Salesforce, the model accepts any record of the winning object (exactly one of them must hold it).
 */
export function eligibleHolders(state: ModelState, phone: string): ModelRecord[] {
  const all = competitors(state, phone);
  const first = all.filter((r) => r.object === state.settings.priority);
  return first.length > 0 ? first : all;
}

/** Every identity phone some competing record holds. */
export function contestedPhones(state: ModelState): string[] {
  const phones = new Set<string>();
  for (const r of state.records) {
    const p = identityOf(r);
    if (p && live(r) && enabled(state.settings, r.object)) phones.add(p);
  }
  return [...phones].sort();
}

/** R4: the object an Aloware-originated record is created in, or null. */
export function createTarget(s: ModelSettings): Obj | null {
  const other: Obj = s.priority === 'Lead' ? 'Contact' : 'Lead';
  for (const o of [s.priority, other]) if (enabled(s, o) && createDirection(s, o) === 'both') return o;
  return null;
}

/** The record an Aloware event for `phone` reaches now (R2 winner under the current settings), if any. */
export function holderNow(state: ModelState, phone: string): ModelRecord[] {
  return eligibleHolders(state, phone);
}

// ----------------------------------------------------------------------------------------- transitions

export function repCreate(state: ModelState, r: Omit<ModelRecord, 'key' | 'deleted' | 'createdBy'>): number {
  const key = state.nextKey++;
  state.records.push({ ...r, key, deleted: false, createdBy: 'rep' });
  return key;
}

export function record(state: ModelState, key: number): ModelRecord {
  const r = state.records.find((x) => x.key === key);
  if (!r) throw new Error(`no record ${key}`);
  return r;
}

/**
 * An Aloware contact created for `phone` (by the agent, or by a call/SMS to a new number): R4. Returns
 * the object the model expects Salesforce to create, or null (a record exists, or creation is not allowed).
 */
export function alowareCreate(state: ModelState, phone: string, lastName: string): Obj | null {
  if (competitors(state, phone).length > 0) return null;
  const target = createTarget(state.settings);
  if (!target) return null;
  const key = state.nextKey++;
  state.records.push({
    key,
    object: target,
    phone,
    mobile: null,
    lastName,
    deleted: false,
    createdBy: 'aloware',
  });
  return target;
}

/** An Aloware agent edits the last name of the contact for `phone` (R5/R6). */
export function alowareEdit(state: ModelState, phone: string, lastName: string): void {
  for (const holder of holderNow(state, phone)) {
    if (updateDirection(state.settings, holder.object) === 'inbound') {
      state.blocked.push({ key: holder.key, lastName });
    }
  }
}

/** A call or SMS with `phone` (R7): a Task is expected when a record holds the phone or one is created. */
export function communicate(state: ModelState, id: number, phone: string): void {
  const before = holderNow(state, phone).length > 0;
  const created = before ? null : alowareCreate(state, phone, '[not provided]');
  state.communications.push({ id, phone, expectTask: before || created !== null });
}

export function convert(state: ModelState, leadKey: number): number {
  const lead = record(state, leadKey);
  const key = state.nextKey++;
  state.records.push({
    key,
    object: 'Contact',
    phone: lead.phone,
    mobile: lead.mobile,
    lastName: lead.lastName,
    deleted: false,
    createdBy: 'rep',
  });
  lead.convertedTo = key;
  return key;
}
