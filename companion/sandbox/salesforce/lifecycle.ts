// Lead conversion and merge — not REST operations, so the emulator exposes them as control routes.
import type { WriteContext } from './dml.js';
import { toId18 } from './ids.js';
import { ApiError } from './http.js';
import type { EmulatorState } from './state.js';
import type { Values } from './store.js';
import { sfDate } from './time.js';

function must<T>(
  result:
    | { ok: true; id: string }
    | { ok: false; errors: { statusCode: string; message: string; fields: string[] }[] },
  then: (id: string) => T,
): T {
  if (!result.ok) {
    const e = result.errors[0];
    throw new ApiError(400, e?.statusCode ?? 'UNKNOWN_EXCEPTION', e?.message ?? 'failed', e?.fields);
  }
  return then(result.id);
}

function liveId(state: EmulatorState, raw: unknown, type: string): string {
  const id = typeof raw === 'string' ? toId18(raw) : undefined;
  const r = id ? state.store.get(id) : undefined;
  if (!id || !r || r.type !== type) throw new ApiError(404, 'NOT_FOUND', `No ${type} with id ${String(raw)}`);
  if (r.values.IsDeleted === true) throw new ApiError(400, 'ENTITY_IS_DELETED', 'entity is deleted');
  return id;
}

/** Points every live Task of `from` (WhoId, or WhatId for accounts) at `to`. */
function reparentTasks(state: EmulatorState, from: string, to: string, ctx: WriteContext): void {
  const task = state.schema.object('Task');
  if (!task) return;
  const field = from.startsWith('001') ? 'WhatId' : 'WhoId';
  for (const id of [...state.store.idsOf('Task')]) {
    const v = state.store.get(id)?.values;
    if (v && v.IsDeleted !== true && v[field] === from)
      state.dml.systemUpdate(task, id, { [field]: to }, ctx);
  }
}

export interface ConvertResult {
  leadId: string;
  contactId: string;
  accountId: string;
}

export function convertLead(
  state: EmulatorState,
  rawLeadId: string,
  body: { contactId?: string; accountId?: string },
  userId: string,
): ConvertResult {
  const leadId = liveId(state, rawLeadId, 'Lead');
  const lead = state.store.get(leadId)?.values as Values;
  if (lead.IsConverted === true)
    throw new ApiError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
  const [leadDef, contactDef, accountDef] = ['Lead', 'Contact', 'Account'].map((n) => state.schema.object(n));
  if (!leadDef || !contactDef || !accountDef)
    throw new ApiError(500, 'UNKNOWN_EXCEPTION', 'schema incomplete');
  return state.write(userId, (ctx) =>
    state.store.transaction(
      () => {
        const accountId = body.accountId
          ? liveId(state, body.accountId, 'Account')
          : must(state.dml.create(accountDef, { Name: lead.Company ?? lead.LastName }, ctx), (id) => id);
        const owner =
          typeof lead.OwnerId === 'string' && lead.OwnerId.startsWith('005') ? lead.OwnerId : userId;
        const contactId = body.contactId
          ? liveId(state, body.contactId, 'Contact')
          : must(state.dml.create(contactDef, contactFromLead(lead, accountId, owner), ctx), (id) => id);
        const converted = {
          IsConverted: true,
          ConvertedContactId: contactId,
          ConvertedAccountId: accountId,
          ConvertedDate: sfDate(Date.now()),
          Status: 'Closed - Converted',
        };
        must(state.dml.systemUpdate(leadDef, leadId, converted, ctx, 'converted'), (id) => id);
        reparentTasks(state, leadId, contactId, ctx);
        return { leadId, contactId, accountId };
      },
      () => true,
    ),
  );
}

function contactFromLead(lead: Values, accountId: string, ownerId: string): Values {
  const copy = [
    'FirstName',
    'LastName',
    'Title',
    'Email',
    'Phone',
    'MobilePhone',
    'Fax',
    'LeadSource',
    'Aloware_Contact_Id__c',
  ];
  const out: Values = { AccountId: accountId, OwnerId: ownerId };
  for (const f of copy) if (lead[f] !== undefined && lead[f] !== null) out[f] = lead[f];
  const address: Record<string, string> = {
    Street: 'MailingStreet',
    City: 'MailingCity',
    State: 'MailingState',
    PostalCode: 'MailingPostalCode',
    Country: 'MailingCountry',
  };
  for (const [from, to] of Object.entries(address)) if (lead[from]) out[to] = lead[from];
  return out;
}

export function mergeRecords(
  state: EmulatorState,
  body: { object?: string; masterId?: string; loserIds?: string[] },
  userId: string,
) {
  const def = state.schema.object(body.object ?? '');
  if (!def || !['Lead', 'Contact', 'Account'].includes(def.name))
    throw new ApiError(400, 'INVALID_TYPE', 'merge supports Lead, Contact and Account');
  const losers = body.loserIds ?? [];
  if (losers.length < 1 || losers.length > 2)
    throw new ApiError(400, 'INVALID_OPERATION', 'A merge needs one master and one or two records to merge');
  const masterId = liveId(state, body.masterId, def.name);
  const loserIds = losers.map((id) => liveId(state, id, def.name));
  if (loserIds.includes(masterId))
    throw new ApiError(400, 'INVALID_OPERATION', 'Cannot merge a record with itself');
  state.write(userId, (ctx) => {
    for (const loser of loserIds) {
      reparentTasks(state, loser, masterId, ctx);
      must(state.dml.delete(def, loser, ctx, masterId), (id) => id);
    }
  });
  return { masterId, mergedIds: loserIds };
}
