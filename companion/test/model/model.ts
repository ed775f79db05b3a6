/**
 * The reference model of the sync rules: plain data, no I/O, written independently of companion/src/sync so
 * it can judge it. Given the settings and the history of what the rep, the admin and the Aloware agent did, it
 * says what the end state must be. The rules, numbered as in the README's "Sync rules" section:
 *
 * R1 Identity: `Phone` when valid, else the first other mapped phone field holding a valid number
 *    (`MobilePhone`); it is the Aloware contact's `phone_number`. No valid mapped phone: not synced. A number
 *    is competed for only by the records whose identity it is (`competitors`): a record holding it as another
 *    number (a mobile next to its own `Phone`) never outranks them. A number Aloware already has on one
 *    contact stays there: a record's mobile already on another contact is not added to its own (nor cleared
 *    in Salesforce for that), and a record whose identity is another contact's other number waits, not
 *    linked, with `phone_on_other_contact` (a record of its number that another one outranks says
 *    `not_priority`; when that contact is the record's own, it keeps its link: R9).
 * R2 Priority among the live records of the *enabled* objects whose identity a phone is: priority object,
 *    then most recently modified, then lowest Id; a converted Lead never wins. Exactly one record is linked;
 *    every other one carries no stamp (`Aloware_Contact_Id__c`, `Aloware_Last_Synced__c`), also one whose
 *    phone moved onto a number it does not win (it gives up the link of its old phone).
 * R3 A record that is not synced leaves its reason in its sync log.
 * R4 One Aloware contact per phone; Aloware never causes a second Salesforce record for a phone that is the
 *    identity of a live record of an enabled object, nor for one whose contact is still linked to a live
 *    record of an object whose sync was turned off (Aloware's calls, SMS and edits for it reach that record: no
 *    duplicate person). Without one, an Aloware contact/call/SMS creates a record in the priority object when
 *    enabled with create `both`, else in the other object on the same condition, else nothing.
 * R5 Update `both`: the linked pair converges (three-way merge against that pair's last synced values, a
 *    record linked to another contact starting afresh; `salesforce_wins` by default).
 * R6 Update `inbound`: Salesforce is the source of truth; an Aloware edit is never written to Salesforce, now
 *    or later, and the Aloware contact is brought back to Salesforce's values. On a first link (also a record
 *    taking back a link it lost: its baseline went with it) a blank Salesforce value does not erase what
 *    Aloware holds; where Salesforce may not be written, the two then differ in that field.
 * R7 Every call/SMS becomes exactly one Task, on the record linked to its phone.
 * R8 Settings and mapping rows take effect without a version bump (the test stack checks every 500 ms) and at
 *    once with one; the locked Phone/Email rows are always part of the mapping.
 * R9 Lifecycle. Delete: the record is unlinked, its Aloware contact stays, and that contact's own events
 *    (the echo of blanking the record link, a late delivery, an agent's edit) create no record until it is
 *    linked again (a record holding its phone, an undelete, or a call/SMS creating one). Merge: the loser is
 *    deleted (R2 decides each phone among the rest); the master keeps its own values (or takes the loser's
 *    phone when the rep picks it). A master with a link of its own keeps it and the loser's contact is left
 *    as after a delete (whichever the companion sees first: the merge or an event of the loser's contact);
 *    a master without one takes the loser's (a phone-less one whose update direction is `both` gets the
 *    contact's number as its `Phone` from the first merge with it, R5, and holds the phone). A linked
 *    record left holding no phone (such a master with update `inbound`, a record whose phone the rep
 *    cleared) keeps its link while no record holds that phone: Aloware's calls, SMS and edits for it reach
 *    that record. So does a linked record whose identity moves (the rep cleared its `Phone`) onto a number
 *    its own contact already holds as another number (its `MobilePhone`): that number stays on the contact
 *    (R1), the record waits with `phone_on_other_contact` and keeps its link to the contact, and Aloware's
 *    calls, SMS and edits for its old number reach it while no other record holds that number (the same
 *    person: no duplicate record for the old number). An edit blocked on the loser is never applied to the master either (R6); the Tasks follow
 *    the master (R7).
 * R10 A worker restart changes nothing: every rule above holds whatever was in flight (the stopping worker
 *    finishes its jobs within the grace period, queued and delayed ones go to the next worker).
 */

export type Obj = 'Lead' | 'Contact';
type UpdateDirection = 'both' | 'inbound';

export interface ModelSettings {
  leadEnabled: boolean;
  contactEnabled: boolean;
  priority: Obj;
  leadCreate: UpdateDirection;
  contactCreate: UpdateDirection;
  leadUpdate: UpdateDirection;
  contactUpdate: UpdateDirection;
}

const DEFAULT_MODEL_SETTINGS: ModelSettings = {
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
  /**
   * R9: the phone whose link this record keeps though it holds no phone itself (it was linked and the rep
   * cleared its phone, or it is a phone-less merge master that took the loser's link), until a record holding
   * that phone takes the link (`settle`).
   */
  kept?: string;
  /**
   * R9: the identity the record had when it began to keep `kept` while holding a phone (its identity moved
   * onto a number its own contact holds as another number); it keeps the link while its identity stays that.
   */
  keptWith?: string;
}

interface ModelCommunication {
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
  /** R9: phones whose Aloware contact lost its record to a delete or a merge, until it is linked again. */
  orphaned: string[];
  nextKey: number;
}

export function initialState(): ModelState {
  return {
    settings: { ...DEFAULT_MODEL_SETTINGS },
    records: [],
    blocked: [],
    communications: [],
    orphaned: [],
    nextKey: 1,
  };
}

const enabled = (s: ModelSettings, o: Obj) => (o === 'Lead' ? s.leadEnabled : s.contactEnabled);
const updateDirection = (s: ModelSettings, o: Obj) => (o === 'Lead' ? s.leadUpdate : s.contactUpdate);
const createDirection = (s: ModelSettings, o: Obj) => (o === 'Lead' ? s.leadCreate : s.contactCreate);

/**
 * R9: the rep sets a record's `Phone`; a linked record left without any phone keeps its link, and so does one
 * whose new identity its own contact already holds as another number (`linked`: the runner read whether it
 * was linked just before; `ownNumbers`: the other numbers of the contact it was linked to).
 */
export function setPhone(
  r: ModelRecord,
  phone: string | null,
  linked: boolean,
  ownNumbers: readonly string[] = [],
): void {
  const before = identityOf(r);
  r.phone = phone;
  const after = identityOf(r);
  if (!linked || before === null || after === before) return;
  if (after === null) r.kept = before;
  else if (ownNumbers.includes(after)) {
    r.kept = before;
    r.keptWith = after;
  }
}

/** R9: the record still has the identity it kept its link with (none, or the number its contact holds). */
const keepsWith = (r: ModelRecord) => identityOf(r) === (r.keptWith ?? null);

function dropKept(r: ModelRecord): void {
  delete r.kept;
  delete r.keptWith;
}

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
function createTarget(s: ModelSettings): Obj | null {
  const other: Obj = s.priority === 'Lead' ? 'Contact' : 'Lead';
  for (const o of [s.priority, other]) if (enabled(s, o) && createDirection(s, o) === 'both') return o;
  return null;
}

/** R9: the record of an enabled object still linked to `phone` when no record holds it as its identity. */
export function keeperOf(state: ModelState, phone: string): ModelRecord | undefined {
  if (competitors(state, phone).length > 0) return undefined;
  return state.records.find(
    (r) => live(r) && enabled(state.settings, r.object) && keepsWith(r) && r.kept === phone,
  );
}

/** The record an Aloware event for `phone` reaches now (R2 winner, else R9 keeper), if any. */
export function holderNow(state: ModelState, phone: string): ModelRecord[] {
  const holders = eligibleHolders(state, phone);
  if (holders.length > 0) return holders;
  const keeper = keeperOf(state, phone);
  return keeper ? [keeper] : [];
}

/**
 * R9, after every step has settled: a live record that holds a phone again no longer keeps another one's
 * link, and a kept link passes to the record that holds the phone once there is one.
 */
export function settle(state: ModelState): void {
  for (const r of state.records) {
    if (r.kept === undefined || !live(r)) continue;
    if (!keepsWith(r) || competitors(state, r.kept).length > 0) dropKept(r);
  }
  state.orphaned = state.orphaned.filter((phone) => holderNow(state, phone).length === 0);
}

/** The phone of a record's link (the phone it keeps, else its identity). */
export const linkPhone = (r: ModelRecord) => r.kept ?? identityOf(r) ?? undefined;

/** R9: the rep deletes a record; `linked`: whether it was linked just before (the runner reads it). */
export function remove(state: ModelState, r: ModelRecord, linked: boolean): void {
  r.deleted = true;
  const phone = linkPhone(r);
  if (linked && phone) state.orphaned.push(phone);
}

// ----------------------------------------------------------------------------------------- transitions

export function repCreate(state: ModelState, r: Omit<ModelRecord, 'key' | 'deleted' | 'createdBy'>): number {
  const key = state.nextKey++;
  state.records.push({ ...r, key, deleted: false, createdBy: 'rep' });
  return key;
}

function record(state: ModelState, key: number): ModelRecord {
  const r = state.records.find((x) => x.key === key);
  if (!r) throw new Error(`no record ${key}`);
  return r;
}

/**
 * An Aloware contact created for `phone` (by the agent, or by a call/SMS to a new number): R4. Returns
 * the object the model expects Salesforce to create, or null (a record exists, or creation is not allowed).
 */
export function alowareCreate(state: ModelState, phone: string, lastName: string): Obj | null {
  if (holderNow(state, phone).length > 0) return null;
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

/**
 * An Aloware agent edits the last name of the contact for `phone` (R5/R6); a contact no record holds is
 * treated as new (R4). Returns the object the model expects Salesforce to create, or null.
 */
export function alowareEdit(state: ModelState, phone: string, lastName: string, heldOff = false): Obj | null {
  const holders = holderNow(state, phone);
  if (holders.length === 0)
    return heldOff || state.orphaned.includes(phone) ? null : alowareCreate(state, phone, lastName);
  for (const holder of holders) {
    if (updateDirection(state.settings, holder.object) === 'inbound') {
      state.blocked.push({ key: holder.key, lastName });
    } else {
      // The same value typed again while the edit may flow is a new edit, not the blocked one.
      state.blocked = state.blocked.filter((b) => b.key !== holder.key || b.lastName !== lastName);
    }
  }
  return null;
}

/**
 * A call or SMS with `phone` (R7): a Task is expected when a record holds the phone or one is created.
 * `heldOff` (R4): a live record of an object whose sync is off is still linked to the phone's contact.
 */
export function communicate(state: ModelState, id: number, phone: string, heldOff = false): void {
  const before = heldOff || holderNow(state, phone).length > 0;
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

/**
 * R9: `loserKey` merged into `masterKey` (same object); `takePhone`: the master took the loser's `Phone`.
 * `linked` is whether each was linked just before (the runner reads it: among records of equal standing the
 * model does not say which one holds the link).
 */
export function merge(
  state: ModelState,
  masterKey: number,
  loserKey: number,
  takePhone: boolean,
  linked: { master: boolean; loser: boolean },
): void {
  const master = record(state, masterKey);
  const loser = record(state, loserKey);
  if (takePhone) master.phone = loser.phone;
  if (identityOf(master) !== null) {
    if (!keepsWith(master)) dropKept(master);
  } else if (!linked.master && linked.loser) {
    master.kept = linkPhone(loser);
    // R5: a first link fills a blank Salesforce value from Aloware where Salesforce may be written, so the
    // contact's first merge into the phone-less master gives it the contact's number: it holds the phone.
    if (master.kept && updateDirection(state.settings, master.object) === 'both') {
      master.phone = master.kept;
      delete master.kept;
    }
  }
  // A master with a link of its own keeps it; the loser's contact lost its record as to a delete.
  const phone = linkPhone(loser);
  if (linked.master && linked.loser && phone) state.orphaned.push(phone);
  loser.deleted = true;
  for (const b of state.blocked.filter((x) => x.key === loserKey))
    state.blocked.push({ key: masterKey, lastName: b.lastName });
}
