// The console's action endpoints (what its buttons post), checked through the systems they act on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPhone, startE2E, waitFor, type E2E, type Json } from './support/e2e.js';

describe('console actions', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ console: true });
  });
  afterAll(async () => e2e?.stop());

  async function act(name: string, body: Record<string, string>): Promise<{ ok: boolean; message: string }> {
    const res = await fetch(`${e2e.stack.urls.console}/actions/${name}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
    return (await res.json()) as { ok: boolean; message: string };
  }

  async function createAsRep(object: string, fields: Record<string, string>): Promise<string> {
    const out = await act('create-record', { object, ...fields });
    expect(out.ok, out.message).toBe(true);
    return /(00Q|003)\w{15}/.exec(out.message)![0];
  }

  it('edit as the rep fires the trigger: the Aloware contact follows', async () => {
    const phone = freshPhone();
    const id = await createAsRep('Contact', { FirstName: 'Ed', LastName: 'Rep', Phone: phone.typed });
    await waitFor(() => e2e.alowareContact(phone.e164), 15_000);
    expect(await act('edit-record', { recordId: id, field: 'LastName', value: 'Repped' })).toMatchObject({
      ok: true,
    });
    await waitFor(async () => (await e2e.alowareContact(phone.e164))?.last_name === 'Repped', 15_000);
    // the live log shows the event, the companion's Aloware write and its decision for that record
    const log = await waitFor(async () => {
      const { entries } = (await (await fetch(`${e2e.stack.urls.console}/log.json`)).json()) as {
        entries: { summary: string; kind: string }[];
      };
      const lines = entries.map((e) => `${e.kind} ${e.summary}`);
      const seen = [
        (l: string) => l.startsWith('event') && l.includes(`Contact ${id} updated [LastName]`),
        (l: string) => l.startsWith('write') && l.includes('companion → Aloware: POST'),
        (l: string) => l.startsWith('decision') && l.includes(`${id} LastName: salesforce wins`),
      ].every((test) => lines.some(test));
      return seen ? lines : undefined;
    }, 15_000);
    expect(log.length).toBeGreaterThan(2);
  });

  it('merge: the link moves from the merged-away record to the master, and the next call lands there', async () => {
    const phone = freshPhone();
    const a = await createAsRep('Contact', { FirstName: 'Mara', LastName: 'One', Phone: phone.typed });
    const b = await createAsRep('Contact', {
      FirstName: 'Mara',
      LastName: 'Two',
      Phone: `1${phone.e164.slice(2)}`,
    });
    const contact = await waitFor(() => e2e.alowareContact(phone.e164), 15_000);
    const linkOf = async (id: string) =>
      ((await e2e.clients.companion('GET', `/records/${id}`)) as Json).alowareContactId;
    // merge away the record that holds the link, so the master has to take it over
    const holder = await waitFor(async () => {
      for (const id of [a, b]) if ((await linkOf(id)) === String(contact.id)) return id;
      return undefined;
    }, 15_000);
    const master = holder === a ? b : a;
    expect(await act('merge', { masterId: master, loserId: holder })).toMatchObject({ ok: true });
    expect(await e2e.query(`SELECT Id FROM Contact WHERE Id = '${holder}'`)).toHaveLength(0);
    await waitFor(async () => (await linkOf(master)) === String(contact.id), 15_000);
    const call = (await e2e.clients.aloware('POST', '/calls', {
      phone: phone.e164,
      direction: 'inbound',
      talkTime: 30,
    })) as {
      communicationId: number;
    };
    const task = await waitFor(async () => {
      const [t] = await e2e.query(
        `SELECT WhoId FROM Task WHERE Aloware_Communication_Id__c = '${call.communicationId}'`,
      );
      return t as Json | undefined;
    }, 15_000);
    expect(task.WhoId).toBe(master);
    expect((await e2e.alowareContact(phone.e164))?.id).toBe(contact.id);
  });

  it('settings: writes the org-default row with a new version and the companion applies it', async () => {
    const out = await act('settings', {
      Lead_Sync_Enabled__c: '1',
      Contact_Sync_Enabled__c: '1',
      Priority_Object__c: 'Lead',
      Lead_Create_Direction__c: 'both',
      Lead_Update_Direction__c: 'both',
      Contact_Create_Direction__c: 'both',
      Contact_Update_Direction__c: 'inbound',
    });
    expect(out).toMatchObject({ ok: true });
    expect(out.message).toMatch(/version \d+/);
    const [row] = await e2e.query(
      `SELECT Priority_Object__c, Contact_Update_Direction__c, Config_Version__c FROM Aloware_Sync_Settings__c WHERE SetupOwnerId = '${e2e.stack.orgId}'`,
    );
    expect(row).toMatchObject({ Priority_Object__c: 'Lead', Contact_Update_Direction__c: 'inbound' });
    // The action answers after the companion's refresh (one runtime, memo included): it applies the new version now.
    expect(out.message).not.toMatch(/refresh failed/);
    const phone = freshPhone();
    const created = (await e2e.clients.aloware('POST', '/contacts', {
      phone_number: phone.typed,
      last_name: 'Prio',
    })) as { id: number };
    await waitFor(
      async () =>
        (await e2e.query(`SELECT Id FROM Lead WHERE Aloware_Contact_Id__c = '${created.id}'`)).length === 1,
      15_000,
    );
  });

  /** The console page (server-rendered panels) filtered as a tester would. */
  async function page(query: Record<string, string>): Promise<string> {
    return (await fetch(`${e2e.stack.urls.console}/?${new URLSearchParams(query).toString()}`)).text();
  }

  async function taskOf(communicationId: string, fields: string): Promise<Json> {
    return waitFor(async () => {
      const [t] = await e2e.query(
        `SELECT ${fields} FROM Task WHERE Aloware_Communication_Id__c = '${communicationId}'`,
      );
      return t as Json | undefined;
    }, 15_000);
  }

  it('MMS: the media of a later delivery lands once on the Task; the console shows it and the link back', async () => {
    const phone = freshPhone();
    const id = await createAsRep('Contact', { FirstName: 'Mimi', LastName: 'Mms', Phone: phone.typed });
    const lightning = `/lightning/r/Contact/${id}/view`;
    await waitFor(
      async () => String((await e2e.alowareContact(phone.e164))?.csf1 ?? '').endsWith(lightning),
      15_000,
    );
    const image = `https://media.example/console-${phone.e164.slice(-4)}.jpg`;
    const out = await act('sms', {
      phone: phone.e164,
      direction: 'inbound',
      text: 'see the photo',
      image_url: image,
      mediaLater: '1',
    });
    expect(out, out.message).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^MMS \d+ sent \(media in a later delivery\)$/),
    });
    const communicationId = /MMS (\d+)/.exec(out.message)![1]!;
    const task = await waitFor(async () => {
      const t = await taskOf(communicationId, 'WhoId, Description, Aloware_Media_Url__c');
      return t.Aloware_Media_Url__c ? t : undefined;
    }, 15_000);
    expect(task).toMatchObject({ WhoId: id, Aloware_Media_Url__c: image });
    expect(String(task.Description).split(image)).toHaveLength(2); // the link once
    const html = await page({ q: 'Mimi', aq: phone.e164.slice(-7) });
    expect(html).toContain(`data-testid="task-media" href="${image}"`);
    expect(html).toMatch(new RegExp(`data-testid="aloware-sf-link" href="[^"]*${lightning}"`));
    expect(await act('sms', { phone: phone.e164, text: 'x', image_url: 'javascript:alert(1)' })).toEqual({
      ok: false,
      message: 'image URL must be a web address',
    });
  });

  it('activity logging: a missed call is not logged per the settings, and the live log says why', async () => {
    const phone = freshPhone();
    const id = await createAsRep('Contact', { FirstName: 'Pol', LastName: 'Icy', Phone: phone.typed });
    await waitFor(() => e2e.alowareContact(phone.e164), 15_000);
    const everything = {
      Log_Calls__c: '1',
      Log_Sms__c: '1',
      Store_Recording_Link__c: '1',
      Record_Link_Field__c: 'csf1',
      direction_Inbound: '1',
      direction_Outbound: '1',
    };
    const saved = await act('logging', { ...everything, outcome_completed: '1' });
    expect(saved, saved.message).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Activity logging saved \(version \d+\)$/),
    });
    try {
      const [row] = await e2e.query(
        `SELECT Log_Call_Outcomes__c, Log_Call_Directions__c FROM Aloware_Sync_Settings__c WHERE SetupOwnerId = '${e2e.stack.orgId}'`,
      );
      expect(row).toMatchObject({
        Log_Call_Outcomes__c: 'completed',
        Log_Call_Directions__c: 'Inbound;Outbound',
      });
      const missed = await act('call', {
        phone: phone.e164,
        direction: 'inbound',
        talkTime: '0',
        status: 'missed',
      });
      const answered = await act('call', { phone: phone.e164, direction: 'inbound', talkTime: '40' });
      const [missedId, answeredId] = [missed, answered].map((o) => /Call (\d+)/.exec(o.message)![1]!);
      expect((await taskOf(answeredId!, 'WhoId')).WhoId).toBe(id);
      await waitFor(async () => {
        const { entries } = (await (await fetch(`${e2e.stack.urls.console}/log.json`)).json()) as {
          entries: { summary: string }[];
        };
        return entries.some((e) => e.summary.includes(`${id} Task: none wins (missed_calls_not_logged`));
      }, 15_000);
      expect(
        await e2e.query(`SELECT Id FROM Task WHERE Aloware_Communication_Id__c = '${missedId}'`),
      ).toEqual([]);
      const panel = await (await fetch(`${e2e.stack.urls.console}/settings-panel`)).text();
      expect(panel).toMatch(/name="outcome_completed"[^>]*checked/);
      expect(panel).not.toMatch(/name="outcome_missed"[^>]*checked/);
    } finally {
      const all = Object.fromEntries(
        ['completed', 'missed', 'voicemail', 'failed', 'abandoned'].map((o) => [`outcome_${o}`, '1']),
      );
      expect(await act('logging', { ...everything, ...all })).toMatchObject({ ok: true });
    }
  });

  it('reports a failure in the status line instead of failing silently', async () => {
    expect(await act('convert', { leadId: '00Q000000000000AAA' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Salesforce answered 404/),
    });
    expect(await act('call', {})).toMatchObject({ ok: false, message: 'phone is required' });
    const foreign = await fetch(`${e2e.stack.urls.console}/actions/sms`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'phone=%2B13125550100&text=hi',
    });
    expect(foreign.status).toBe(403);
  });
});
