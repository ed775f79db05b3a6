import { silentLogger } from '../../src/logging/index.js';
import { buildRuntime, type Runtime } from '../../src/app/runtime.js';
import type { ActiveConfig } from '../../src/store/index.js';
import { NOT_PROVIDED } from '../../src/sync/index.js';
import { actors, type Row } from '../support/actors.js';
import { startStack, waitFor, type Stack } from '../support/stack.js';
import * as M from './model.js';
import { describeOp, typed, type MappingVariant, type Op } from './ops.js';

/**
 * Runs one sequence against a fresh real stack (companion on Redis + both emulators over HTTP), keeps the
 * model in step, waits for quiescence after every operation, then checks the model's end state and the
 * invariants. Throws with the readable script and the broken rules when they disagree.
 */

let sequenceNo = 0;

const SETTINGS_FIELDS: Record<keyof M.ModelSettings, string> = {
  leadEnabled: 'Lead_Sync_Enabled__c',
  contactEnabled: 'Contact_Sync_Enabled__c',
  priority: 'Priority_Object__c',
  leadCreate: 'Lead_Create_Direction__c',
  contactCreate: 'Contact_Create_Direction__c',
  leadUpdate: 'Lead_Update_Direction__c',
  contactUpdate: 'Contact_Update_Direction__c',
};

export async function runSequence(ops: readonly Op[]): Promise<void> {
  const base = 2000 + (sequenceNo++ % 700) * 10;
  const phone = (slot: number) => `+1202555${String(base + slot).padStart(4, '0')}`;
  const stack = await startStack();
  const run = new Run(stack, phone);
  try {
    for (const [i, op] of ops.entries()) {
      run.script.push(describeOp(op, phone));
      await run.apply(op);
      // R10: a restart lands while the step before it is still in flight.
      if (ops[i + 1]?.kind === 'restart') continue;
      await run.a.quiescent().catch(() => {
        throw new Error('the system did not become quiet within 30 s');
      });
      M.settle(run.state);
    }
    await run.check();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message}\n  script:\n${run.script.map((l, i) => `    ${i + 1}. ${l}`).join('\n')}`);
  } finally {
    await run.stopWorker();
    await stack.stop();
  }
}

class Run {
  readonly state = M.initialState();
  readonly a: ReturnType<typeof actors>;
  readonly script: string[] = [];
  /** Model key → Salesforce Id. */
  private readonly ids = new Map<number, string>();
  /** After a restart: the worker-role runtime doing the work (the stack's own keeps serving HTTP). */
  private worker: Runtime | undefined;

  constructor(
    private readonly stack: Stack,
    private readonly phone: (slot: number) => string,
  ) {
    this.a = actors(() => stack);
  }

  private id(key: number): string {
    const id = this.ids.get(key);
    if (!id) throw new Error(`model record ${key} has no Salesforce id`);
    return id;
  }

  /** `target` picks a record of the model by position (operations on an empty model do nothing). */
  private pick(target: number, ok: (r: M.ModelRecord) => boolean): M.ModelRecord | undefined {
    const candidates = this.state.records.filter(ok);
    const r = candidates.length ? candidates[target % candidates.length] : undefined;
    const last = this.script.length - 1;
    this.script[last] += r
      ? ` → ${r.object} ${r.lastName} (${this.ids.get(r.key)})`
      : ' → no such record: nothing';
    return r;
  }

  async apply(op: Op): Promise<void> {
    const { rep, agent } = this.a;
    const s = this.state;
    switch (op.kind) {
      case 'repCreate': {
        const phone = op.phone === null ? null : this.phone(op.phone);
        const mobile = op.mobile === null ? null : this.phone(op.mobile);
        const values: Record<string, unknown> = { LastName: op.lastName };
        if (phone) values.Phone = typed(phone, op.format);
        if (mobile) values.MobilePhone = typed(mobile, op.format + 1);
        const id = await rep.create(op.object, values);
        const key = M.repCreate(s, { object: op.object, phone, mobile, lastName: op.lastName });
        this.ids.set(key, id);
        return;
      }
      case 'repEdit': {
        const r = this.pick(op.target, M.live);
        if (!r) return;
        await rep.update(r.object, this.id(r.key), { LastName: op.lastName });
        r.lastName = op.lastName;
        return;
      }
      case 'repEditPhone': {
        const r = this.pick(op.target, M.live);
        if (!r) return;
        const phone = op.phone === null ? null : this.phone(op.phone);
        const contactId = (await this.a.operator.record(this.id(r.key)))?.alowareContactId;
        // R9: the other numbers of the contact it is linked to (its new identity may be one of them).
        const own = contactId
          ? ((await this.a.agent.contacts())
              .find((c) => String(c.id) === String(contactId))
              ?.other_phone_numbers.map((o) => o.phone_number) ?? [])
          : [];
        await rep.update(r.object, this.id(r.key), { Phone: phone ? typed(phone, op.format) : null });
        M.setPhone(r, phone, Boolean(contactId), own);
        return;
      }
      case 'repUnmapped': {
        const r = this.pick(op.target, M.live);
        if (r) await rep.update(r.object, this.id(r.key), { Fax: '202-555-9999' });
        return;
      }
      case 'repDelete': {
        const r = this.pick(op.target, M.live);
        if (!r) return;
        const linked = await this.linked(r);
        await rep.remove(r.object, this.id(r.key));
        M.remove(s, r, linked);
        return;
      }
      case 'repUndelete': {
        const r = this.pick(op.target, (x) => x.deleted);
        if (!r) return;
        await rep.undelete(this.id(r.key));
        r.deleted = false;
        return;
      }
      case 'repConvert': {
        const r = this.pick(op.target, (x) => M.live(x) && x.object === 'Lead');
        if (!r) return;
        const { contactId } = await rep.convert(this.id(r.key));
        this.ids.set(M.convert(s, r.key), contactId);
        return;
      }
      case 'repMerge': {
        const master = this.pick(op.target, M.live);
        if (!master) return;
        const loser = this.pick(op.other, (x) => M.live(x) && x.object === master.object && x !== master);
        if (!loser) return;
        const takePhone = op.takePhone && loser.phone !== null && loser.phone !== master.phone;
        const linked = { master: await this.linked(master), loser: await this.linked(loser) };
        // Salesforce's merge writes the values the rep picked to the master, then deletes the loser.
        if (takePhone)
          await rep.update(master.object, this.id(master.key), { Phone: typed(loser.phone!, op.format) });
        await rep.merge(master.object, this.id(master.key), this.id(loser.key));
        M.merge(s, master.key, loser.key, takePhone, linked);
        return;
      }
      case 'restart':
        await this.restartWorker();
        return;
      case 'agentCreate': {
        const phone = this.phone(op.phone);
        const existing = await agent.contact(phone);
        if (existing) return;
        await agent.create({ phone_number: phone, last_name: op.lastName });
        await this.expectCreated(phone, M.alowareCreate(s, phone, op.lastName));
        return;
      }
      case 'agentEdit': {
        const phone = this.phone(op.phone);
        const contact = await agent.contact(phone);
        if (!contact || contact.last_name === `Aw${op.lastName}`) return;
        const heldOff = await this.heldOff(phone);
        const held = heldOff || M.holderNow(s, phone).length > 0;
        await agent.edit(contact.id, { last_name: `Aw${op.lastName}` });
        const created = M.alowareEdit(s, phone, `Aw${op.lastName}`, heldOff);
        if (!held) await this.expectCreated(phone, created);
        return;
      }
      case 'call':
      case 'sms': {
        const phone = this.phone(op.phone);
        const heldOff = await this.heldOff(phone);
        const before = heldOff ? 1 : M.holderNow(s, phone).length;
        const { communicationId } =
          op.kind === 'call'
            ? await agent.call({ phone, direction: 'outbound', talkTime: 30, shuffle: op.shuffle })
            : await agent.sms({ phone, direction: 'inbound', text: 'hi' });
        if (op.kind === 'call' && op.repeat) await agent.replay(communicationId, true);
        const countBefore = s.records.length;
        M.communicate(s, communicationId, phone, heldOff);
        const created = s.records.length > countBefore ? s.records.at(-1)!.object : null;
        if (before === 0) await this.expectCreated(phone, created);
        return;
      }
      case 'settings': {
        Object.assign(s.settings, op.patch);
        await this.a.admin.settings(this.settingsRow(), op.bump);
        await this.configIsActive();
        return;
      }
      case 'mapping': {
        await this.a.admin.mapping(op.object, mappingRows(this.a.admin.defaultRows(op.object), op.variant));
        await this.configIsActive(op.object, op.variant);
        return;
      }
    }
  }

  /**
   * R10: a graceful restart, as a deploy does it: the running workers stop (their jobs in flight finish), a
   * new worker process — here a worker-role runtime on the same Redis prefix, with nothing in memory — takes
   * over the queues. The stack's runtime keeps serving HTTP, as a separate web process would.
   */
  private async restartWorker(): Promise<void> {
    if (this.worker) await this.worker.stop();
    else await this.stack.runtime.stopWorkers();
    this.worker = await buildRuntime(this.stack.config, silentLogger, 'worker', {
      prefix: this.stack.prefix,
      coalesceMs: 150,
      configCheckEveryMs: 500,
    });
    await this.worker.start();
  }

  async stopWorker(): Promise<void> {
    await this.worker?.stop();
  }

  /** Whether the companion has `r` linked now (read where the model leaves the choice open). */
  private async linked(r: M.ModelRecord): Promise<boolean> {
    const seen = await this.a.operator.record(this.id(r.key));
    return Boolean(seen?.alowareContactId);
  }

  /**
   * R4: no record of an enabled object holds `phone`, but a live record of an object whose sync is off is still
   * linked to its contact (read from the companion: the model does not say which one kept it).
   */
  private async heldOff(phone: string): Promise<boolean> {
    if (M.holderNow(this.state, phone).length > 0) return false;
    const s = this.state.settings;
    for (const r of this.state.records) {
      const off = r.object === 'Lead' ? !s.leadEnabled : !s.contactEnabled;
      if (off && M.live(r) && M.linkPhone(r) === phone && (await this.linked(r))) return true;
    }
    return false;
  }

  /** The last few decisions of a record's sync log, for a failure message. */
  private async lastDecisions(id: string): Promise<string> {
    const seen = await this.a.operator.record(id);
    const last = (seen?.decisions ?? []).slice(0, 3).map((d) => `${d.field} ${d.reason}`);
    return `${id}: link ${seen?.alowareContactId ?? 'none'} [${last.join(', ')}]`;
  }

  private settingsRow(): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(this.state.settings).map(([k, v]) => [SETTINGS_FIELDS[k as keyof M.ModelSettings], v]),
    );
  }

  /**
   * R8: waits (≤ 5 s) until the companion uses what the admin saved. Reads the companion's active
   * configuration only to know when to go on; the rule itself is judged by what the sync then does.
   */
  private async configIsActive(object?: M.Obj, variant?: MappingVariant): Promise<void> {
    const want = this.state.settings;
    await waitFor(
      async () => {
        for (const runtime of [this.stack.runtime, this.worker]) {
          if (runtime && !active(await runtime.deps.store.config.get())) return false;
        }
        return true;
      },
      5_000,
      100,
    ).catch(() => {
      throw new Error('R8: the companion did not take the saved configuration within 5 s');
    });
    function active(c: ActiveConfig): boolean {
      const s = c.settings;
      const settingsOk =
        s.leadSyncEnabled === want.leadEnabled &&
        s.contactSyncEnabled === want.contactEnabled &&
        s.priorityObject === want.priority &&
        s.lead.create === want.leadCreate &&
        s.lead.update === want.leadUpdate &&
        s.contact.create === want.contactCreate &&
        s.contact.update === want.contactUpdate;
      if (!object || !variant) return settingsOk;
      const hasTitle = c.mappings[object].some((r) => r.salesforceField === 'Title');
      return settingsOk && hasTitle === (variant === 'with_title');
    }
  }

  /**
   * R6: a blank Salesforce LastName (the placeholder) on a first link does not erase Aloware's; where the
   * object's update direction is `inbound` it is not filled either, and the sync log says so.
   */
  private async keptOnFirstLink(holder: Row): Promise<boolean> {
    const object = String(holder.Id).startsWith('00Q') ? 'Lead' : 'Contact';
    const inbound =
      (object === 'Lead' ? this.state.settings.leadUpdate : this.state.settings.contactUpdate) === 'inbound';
    if (!inbound || (holder.LastName !== NOT_PROVIDED && holder.LastName !== undefined)) return false;
    const decision = (await this.a.operator.record(String(holder.Id)))?.decisions.find(
      (d) => d.field === 'LastName',
    );
    return decision?.reason.startsWith('first_sync_salesforce_blank') === true;
  }

  /** R4: after an Aloware create for a phone, Salesforce holds the record the model expects (or none). */
  private async expectCreated(phone: string, object: M.Obj | null): Promise<void> {
    await this.a.quiescent();
    const integrationUser = this.stack.sf.integrationUserId;
    const created: { object: M.Obj; row: Row }[] = [];
    for (const o of ['Lead', 'Contact'] as const) {
      for (const row of await this.a.salesforce.records(o)) {
        if (row.CreatedById !== integrationUser || [...this.ids.values()].includes(row.Id)) continue;
        if (row.Phone === phone) created.push({ object: o, row });
      }
    }
    const got = created.map((c) => c.object);
    if (JSON.stringify(got) !== JSON.stringify(object ? [object] : [])) {
      throw new Error(
        `R4: for ${phone} Salesforce created [${got}] from Aloware; the model expects [${object ?? ''}]`,
      );
    }
    if (object) this.ids.set(this.state.records.at(-1)!.key, created[0]!.row.Id);
  }

  /** End of a sequence: every record of an enabled object synced once more, then the checks. */
  async check(): Promise<void> {
    const { operator, salesforce, agent } = this.a;
    const s = this.state;
    for (const r of s.records) {
      if (M.live(r) && (r.object === 'Lead' ? s.settings.leadEnabled : s.settings.contactEnabled))
        await operator.api('POST', `/records/${this.id(r.key)}/sync`);
    }
    await this.a.quiescent();
    const rows = new Map<string, Row>();
    for (const o of ['Lead', 'Contact'] as const)
      for (const row of await salesforce.records(o)) rows.set(row.Id, row);
    const contacts = await agent.contacts();
    const problems: string[] = [];

    // R4: Salesforce holds no Lead or Contact the model does not know of (none created from Aloware unasked).
    const known = new Set(this.ids.values());
    const unknown = [...rows.values()].filter((r) => !known.has(r.Id) && r.IsDeleted !== true);
    for (const row of unknown)
      problems.push(
        `R4: Salesforce holds ${row.Id} (${String(row.LastName)}, ${String(row.Phone)}), which nothing asked for`,
      );

    // R4: one Aloware contact per phone (primary and other numbers together).
    const numbers = contacts.flatMap((c) => [
      c.phone_number,
      ...c.other_phone_numbers.map((o) => o.phone_number),
    ]);
    const twice = numbers.filter((n, i) => numbers.indexOf(n) !== i);
    if (twice.length) problems.push(`R4: numbers on two Aloware contacts: ${twice.join(', ')}`);

    const linkedIds = new Set<string>();
    for (const phone of M.contestedPhones(s)) {
      const contact = contacts.find((c) => c.phone_number === phone);
      const eligible = M.eligibleHolders(s, phone).map((r) => this.id(r.key));
      // R1: a number already on another contact as one of its other numbers stays there; the records whose
      // primary phone it is are not linked, each with its reason (R3 below).
      const elsewhere = contacts.some((c) => c.other_phone_numbers.some((o) => o.phone_number === phone));
      if (!contact && elsewhere) {
        for (const id of eligible) {
          const last = (await operator.record(id))?.decisions[0]?.reason; // newest first
          // Never linked to that contact (which would overwrite it): waiting, for the number's holder.
          if (last !== 'phone_on_other_contact' && last !== 'not_priority')
            problems.push(
              `R1: ${id}'s phone ${phone} is another contact's other number; its log says ${last}`,
            );
        }
        continue;
      }
      const holders = M.competitors(s, phone).filter((r) => rows.get(this.id(r.key))?.Aloware_Contact_Id__c);
      if (!contact) {
        const logs = await Promise.all(eligible.map((id) => this.lastDecisions(id)));
        problems.push(
          `R2: no Aloware contact for ${phone}, held by ${eligible.join('/')}; sync logs: ${logs.join('; ')}`,
        );
        continue;
      }
      const stamped = holders.map((r) => this.id(r.key));
      if (stamped.length !== 1 || !eligible.includes(stamped[0]!)) {
        const logs = await Promise.all(eligible.map((id) => this.lastDecisions(id)));
        problems.push(
          `R2: ${phone} must be linked to one of [${eligible}], stamped on [${stamped}]; their sync logs: ${logs.join('; ')}`,
        );
        continue;
      }
      const holder = rows.get(stamped[0]!)!;
      linkedIds.add(holder.Id);
      if (holder.Aloware_Contact_Id__c !== String(contact.id))
        problems.push(
          `R2: ${holder.Id} is stamped ${String(holder.Aloware_Contact_Id__c)}, contact is ${contact.id}`,
        );
      // R5: the linked pair agrees (Salesforce wins unless Aloware's edit was allowed through).
      // A record created from a nameless Aloware contact carries Salesforce's required-field placeholder.
      const name = (v: unknown) => (v === NOT_PROVIDED || v === undefined ? null : v);
      if (name(holder.LastName) !== name(contact.last_name) && !(await this.keptOnFirstLink(holder))) {
        problems.push(`R5: ${holder.Id} LastName ${String(holder.LastName)} ≠ Aloware ${contact.last_name}`);
      }
    }

    // R9: a phone-less record keeping a link holds the phone's contact while no record holds the phone.
    for (const r of s.records) {
      if (r.kept === undefined || M.keeperOf(s, r.kept) !== r) continue;
      const contact = contacts.find((c) => c.phone_number === r.kept);
      const stamp = rows.get(this.id(r.key))?.Aloware_Contact_Id__c;
      if (!contact || stamp !== String(contact.id))
        problems.push(
          `R9: ${this.id(r.key)} keeps the link of ${r.kept} (contact ${contact?.id}), stamped ${stamp}`,
        );
    }

    for (const r of s.records) {
      const row = rows.get(this.id(r.key));
      if (!row || !M.live(r)) continue;
      const enabled = r.object === 'Lead' ? s.settings.leadEnabled : s.settings.contactEnabled;
      // R2: a record that is not linked carries no stamp, a linked one carries its contact's id (a record
      // that lost its phone, like a merge's phone-less master, keeps its link).
      const seen = await operator.record(row.Id);
      const stamp = (row.Aloware_Contact_Id__c as string | null | undefined) ?? null;
      if (enabled && stamp !== (seen?.alowareContactId ?? null))
        problems.push(`R2: ${row.Id} is stamped ${stamp}, linked to ${seen?.alowareContactId ?? 'nothing'}`);
      if (enabled && !stamp && row.Aloware_Last_Synced__c)
        problems.push(`R2: ${row.Id} is not linked but carries Aloware_Last_Synced__c`);
      // R3: a record of an enabled object with a phone that is not linked says why.
      if (enabled && M.identityOf(r) && !linkedIds.has(row.Id)) {
        if (!seen || seen.decisions.length === 0)
          problems.push(`R3: ${row.Id} (${r.object}) is skipped without a visible reason`);
      }
    }

    // R6: an edit blocked by `inbound` is never applied later.
    for (const b of s.blocked) {
      const row = rows.get(this.id(b.key));
      if (row && row.LastName === b.lastName)
        problems.push(`R6: the blocked Aloware edit ${b.lastName} reached ${row.Id}`);
    }

    // R7: exactly one Task per communication (none while parked), never two.
    const tasks = (await salesforce.records('Task')) as Row[];
    for (const c of s.communications) {
      const mine = tasks.filter((t) => t.Aloware_Communication_Id__c === String(c.id));
      if (mine.length > 1) problems.push(`R7: communication ${c.id} has ${mine.length} Tasks`);
      if (c.expectTask && mine.length !== 1)
        problems.push(`R7: communication ${c.id} with ${c.phone} has ${mine.length} Tasks, expected 1`);
    }
    if (problems.length) throw new Error(problems.join('\n'));
  }
}

function mappingRows<T extends { locked: boolean; salesforceField: string; alowareField: string }>(
  rows: T[],
  variant: MappingVariant,
): T[] {
  if (variant === 'without_locked_rows') return rows.filter((r) => !r.locked);
  if (variant === 'with_title')
    return [...rows, { ...rows[3]!, salesforceField: 'Title', alowareField: 'notes' }];
  return rows;
}
