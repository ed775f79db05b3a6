/** The tester's actions, each through a public interface of the system a person would use. */
import type { SandboxClients } from './clients.js';

type Body = Record<string, string | undefined>;
type Json = Record<string, unknown>;
export type Action = (clients: SandboxClients, body: Body, orgId: string) => Promise<string>;

export class ActionError extends Error {}

const need = (body: Body, key: string): string => {
  const v = body[key]?.trim();
  if (!v) throw new ActionError(`${key} is required`);
  return v;
};

const objectOf = (id: string): 'Lead' | 'Contact' => {
  if (id.startsWith('00Q')) return 'Lead';
  if (id.startsWith('003')) return 'Contact';
  throw new ActionError(`${id} is not a Lead (00Q…) or Contact (003…) id`);
};

/** Only the fields the tester filled in. */
function filled(body: Body, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (body[k]?.trim()) out[k] = body[k]!.trim();
  return out;
}

const editRecord: Action = async (c, b) => {
  const id = need(b, 'recordId');
  const field = need(b, 'field');
  await c.asRep('PATCH', `/sobjects/${objectOf(id)}/${id}`, { [field]: b.value?.trim() || null });
  return `Rep saved ${field} on ${objectOf(id)} ${id}`;
};

const createRecord: Action = async (c, b) => {
  const object = b.object === 'Contact' ? 'Contact' : 'Lead';
  const values = filled(b, [
    'FirstName',
    'LastName',
    'Phone',
    'Email',
    ...(object === 'Lead' ? ['Company'] : []),
  ]);
  const res = (await c.asRep('POST', `/sobjects/${object}`, values)) as { id: string };
  return `Rep created ${object} ${res.id}`;
};

const alowareContact: Action = async (c, b) => {
  const fields = filled(b, ['phone_number', 'first_name', 'last_name', 'email']);
  const id = b.contactId?.trim();
  if (id) {
    const res = (await c.aloware('PATCH', `/contacts/${encodeURIComponent(id)}`, fields)) as {
      changed?: string[];
    };
    return `Aloware contact ${id} edited (${(res.changed ?? []).join(', ') || 'no change'})`;
  }
  need(b, 'phone_number');
  const res = (await c.aloware('POST', '/contacts', fields)) as { id: number };
  return `Aloware contact ${res.id} created`;
};

const call: Action = async (c, b) => {
  const res = (await c.aloware('POST', '/calls', {
    phone: need(b, 'phone'),
    direction: b.direction === 'inbound' ? 'inbound' : 'outbound',
    talkTime: Number(b.talkTime) || 0,
    disposition: b.disposition?.trim() || undefined,
    recording: b.recording === '1',
    status: CALL_STATUSES.find((st) => st === b.status) ?? 'completed',
    userId: b.userId ? Number(b.userId) : undefined,
  })) as { communicationId: number; events: unknown[] };
  return `Call ${res.communicationId} placed (${res.events.length} webhooks)`;
};

const CALL_STATUSES = ['completed', 'missed', 'failed'] as const;

const sms: Action = async (c, b) => {
  const image = b.image_url?.trim();
  if (image && !/^https?:\/\/\S+$/i.test(image)) throw new ActionError('image URL must be a web address');
  const res = (await c.aloware('POST', '/sms', {
    phone: need(b, 'phone'),
    direction: b.direction === 'inbound' ? 'inbound' : 'outbound',
    text: need(b, 'text'),
    media: image ? [image] : [],
    mediaLater: Boolean(image) && b.mediaLater === '1',
  })) as { communicationId: number };
  return `${image ? 'MMS' : 'SMS'} ${res.communicationId} sent${image && b.mediaLater === '1' ? ' (media in a later delivery)' : ''}`;
};

const convert: Action = async (c, b) => {
  const id = need(b, 'leadId');
  const res = (await c.sfControl('POST', `/leads/${encodeURIComponent(id)}/convert`, {})) as {
    contactId: string;
  };
  return `Lead ${id} converted to Contact ${res.contactId}`;
};

const merge: Action = async (c, b) => {
  const masterId = need(b, 'masterId');
  const loserId = need(b, 'loserId');
  await c.sfControl('POST', '/merge', { object: objectOf(masterId), masterId, loserIds: [loserId] });
  return `${loserId} merged into ${masterId}`;
};

const DIRECTION_FIELDS = [
  'Lead_Create_Direction__c',
  'Lead_Update_Direction__c',
  'Contact_Create_Direction__c',
  'Contact_Update_Direction__c',
];

/** Writes the org-default settings row as an admin would (bumping Config_Version__c), then asks the companion to reload. */
const settings: Action = async (c, b, orgId) => {
  const values: Json = {
    Lead_Sync_Enabled__c: b.Lead_Sync_Enabled__c === '1',
    Contact_Sync_Enabled__c: b.Contact_Sync_Enabled__c === '1',
    Priority_Object__c: b.Priority_Object__c === 'Lead' ? 'Lead' : 'Contact',
  };
  for (const f of DIRECTION_FIELDS) values[f] = b[f] === 'inbound' ? 'inbound' : 'both';
  const version = await saveSettings(c, orgId, values);
  let note = '';
  try {
    await c.companion('POST', '/config/refresh');
  } catch (err) {
    note = ` (companion refresh failed: ${(err as Error).message}; it picks the version up on its next check)`;
  }
  return `Settings saved (version ${version})${note}`;
};

export async function saveSettings(c: SandboxClients, orgId: string, values: Json): Promise<number> {
  const row = (await c.records('Aloware_Sync_Settings__c')).find((s) => s.SetupOwnerId === orgId);
  const version = Number(row?.Config_Version__c ?? 0) + 1;
  const full = { ...values, Config_Version__c: version };
  if (row) await c.asRep('PATCH', `/sobjects/Aloware_Sync_Settings__c/${String(row.Id)}`, full);
  else
    await c.asRep('POST', '/sobjects/Aloware_Sync_Settings__c', {
      ...full,
      SetupOwnerId: orgId,
      Name: 'Org default',
    });
  return version;
}

export const LOGGED_OUTCOMES = ['completed', 'missed', 'voicemail', 'failed', 'abandoned'] as const;
export const LOGGED_DIRECTIONS = ['Inbound', 'Outbound'] as const;

/** The activity logging policy and the record link field, written as an admin would in the settings panel. */
const logging: Action = async (c, b, orgId) => {
  const picked = (prefix: string, all: readonly string[]) => all.filter((v) => b[`${prefix}${v}`] === '1');
  const link = ['csf1', 'csf2', 'website', 'none'].find((f) => f === b.Record_Link_Field__c) ?? 'csf1';
  const version = await saveSettings(c, orgId, {
    Log_Calls__c: b.Log_Calls__c === '1',
    Log_Call_Outcomes__c: picked('outcome_', LOGGED_OUTCOMES).join(';'),
    Log_Call_Directions__c: picked('direction_', LOGGED_DIRECTIONS).join(';'),
    Log_Sms__c: b.Log_Sms__c === '1',
    Store_Recording_Link__c: b.Store_Recording_Link__c === '1',
    Task_Subject_Template__c: b.Task_Subject_Template__c?.trim() || null,
    Record_Link_Field__c: link,
  });
  let note = '';
  try {
    await c.companion('POST', '/config/refresh');
  } catch (err) {
    note = ` (companion refresh failed: ${(err as Error).message}; it picks the version up on its next check)`;
  }
  return `Activity logging saved (version ${version})${note}`;
};

const operation: Action = async (c, b) => {
  const object = b.object === 'Lead' ? 'Lead' : 'Contact';
  const dryRun = b.dryRun === '1';
  const op = (await c.companion('POST', '/operations', { object, dryRun })) as { id: string; status: string };
  return `${dryRun ? 'Dry run' : 'Pull'} of ${object}s ${op.status} (${op.id})`;
};

export const ACTIONS: Record<string, Action> = {
  'edit-record': editRecord,
  'create-record': createRecord,
  'aloware-contact': alowareContact,
  call,
  sms,
  convert,
  merge,
  settings,
  logging,
  operation,
};
