/** Server-rendered panels of the console. Every value goes through `html` (escaped). */
import type { LogEntry } from './activity-log.js';
import type { Page, Snapshot, View } from './data.js';
import { html, type Html } from './html.js';

type Json = Record<string, unknown>;

const fill = (values: Record<string, unknown>) => JSON.stringify(values);

function pager(p: Page<unknown>, param: 'page' | 'apage', testid: string): Html {
  return html`<div class="pager" data-testid="${testid}">
    <button type="button" data-page="${param}:${p.page - 1}" ${p.page <= 1 ? 'disabled' : ''}>‹</button>
    <span>page ${p.page} / ${p.pages} · ${p.total} rows</span>
    <button type="button" data-page="${param}:${p.page + 1}" ${p.page >= p.pages ? 'disabled' : ''}>›</button>
  </div>`;
}

function personRow(r: Json & { object: string }, s: Snapshot): Html {
  const converted = r.IsConverted === true;
  const id = String(r.Id);
  const phone = String(r.Phone ?? r.MobilePhone ?? '');
  const use = fill({
    'edit-record.recordId': id,
    'convert.leadId': r.object === 'Lead' ? id : undefined,
    'call.phone': phone,
    'sms.phone': phone,
    'merge.masterId': id,
  });
  const convertedTo = converted ? (s.names.get(String(r.ConvertedContactId)) ?? r.ConvertedContactId) : '';
  return html`<tr
    data-testid="sf-row"
    data-id="${id}"
    data-object="${r.object}"
    class="${converted ? 'converted' : ''}"
  >
    <td><span class="badge ${r.object}">${r.object}</span></td>
    <td>
      <span data-testid="sf-name">${r.Name}</span
      >${converted ? html` <em>converted → ${convertedTo}</em>` : ''} <br /><small
        >${id}${r.Company ? html` · ${r.Company}` : ''}</small
      >
    </td>
    <td>${r.Phone}${r.MobilePhone ? html`<br /><small>m: ${r.MobilePhone}</small>` : ''}</td>
    <td>${r.Email}</td>
    <td>${s.users.get(String(r.OwnerId)) ?? r.OwnerId}</td>
    <td data-testid="sf-aloware-id">${linkCell(r, s.cards.get(id))}</td>
    <td><button type="button" data-fill="${use}" data-testid="sf-use">use</button></td>
  </tr>`;
}

/** The Aloware id the record carries, else the companion's link; with the companion's last outcome. */
function linkCell(r: Json, card: Json | undefined): Html {
  const id = r.Aloware_Contact_Id__c ?? card?.alowareContactId;
  const outcome = card?.lastOutcome ? html`<br /><small>${card.lastOutcome}</small>` : '';
  return html`${id ?? '—'}${outcome}`;
}

export function salesforcePanel(s: Snapshot, view: View): Html {
  return html`<p class="counts">
      ${s.counts.Lead} Leads · ${s.counts.Contact} Contacts · ${s.counts.Task} Tasks
    </p>
    <table data-testid="sf-table">
      <thead>
        <tr>
          <th></th>
          <th>Name</th>
          <th>Phone</th>
          <th>Email</th>
          <th>Owner</th>
          <th>Aloware id</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${s.people.rows.map((r) => personRow(r, s))}
      </tbody>
    </table>
    ${s.people.rows.length === 0 ? html`<p class="empty">No ${view.obj === 'All' ? 'records' : view.obj + 's'} match.</p>` : ''}
    ${pager(s.people, 'page', 'sf-pager')}`;
}

/** A web address, else '' (the console links only to http(s) addresses). */
const webUrl = (value: unknown): string =>
  typeof value === 'string' && /^https?:\/\//i.test(value) ? value : '';

export function tasksPanel(s: Snapshot): Html {
  const rows = s.tasks.map((t) => {
    const who = String(t.WhoId ?? '');
    const whoObject = who.startsWith('00Q') ? 'Lead' : who.startsWith('003') ? 'Contact' : '';
    const url = typeof t.Aloware_Recording_Url__c === 'string' ? t.Aloware_Recording_Url__c : '';
    const recording = /^https?:\/\//i.test(url) ? url : ''; // links only to web addresses
    const media = webUrl(t.Aloware_Media_Url__c);
    return html`<tr
      data-testid="task-row"
      data-who="${who}"
      data-communication="${t.Aloware_Communication_Id__c}"
    >
      <td data-testid="task-subject">${t.Subject}</td>
      <td data-testid="task-who">${s.names.get(who) ?? who} <small>${whoObject}</small></td>
      <td>${t.Aloware_Channel__c} ${t.CallType ?? t.Aloware_Direction__c ?? ''}</td>
      <td>${t.CallDisposition ?? ''}</td>
      <td>
        ${recording ? html`<a data-testid="task-recording" href="${recording}" target="_blank" rel="noopener">recording</a>` : '—'}
        ${media ? html`<a data-testid="task-media" href="${media}" target="_blank" rel="noopener">media</a>` : ''}
      </td>
      <td><small>${t.LastModifiedDate}</small></td>
    </tr>`;
  });
  return html`<table data-testid="task-table">
      <thead>
        <tr>
          <th>Subject</th>
          <th>On</th>
          <th>Channel</th>
          <th>Result</th>
          <th>Recording / media</th>
          <th>Modified</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p class="empty">No Tasks yet: place a call or send an SMS.</p>` : ''}`;
}

export function alowarePanel(s: Snapshot): Html {
  const rows = s.contacts.rows.map((c) => {
    const name = [c.first_name, c.last_name].filter(Boolean).join(' ') || c.name;
    const use = fill({
      'aloware-contact.contactId': c.id,
      'call.phone': c.phone_number,
      'sms.phone': c.phone_number,
    });
    const link = [c.csf1, c.csf2, c.website].map(webUrl).find((u) => u.includes('/lightning/r/'));
    return html`<tr data-testid="aloware-row" data-id="${c.id}" data-phone="${c.phone_number}">
      <td><span data-testid="aloware-name">${name}</span><br /><small>${c.id} · ${c.updated_at}</small></td>
      <td>${c.phone_number}</td>
      <td class="email">${c.email}</td>
      <td>${c.user_id ?? ''}</td>
      <td>
        ${link ? html`<a data-testid="aloware-sf-link" href="${link}" target="_blank" rel="noopener">Salesforce record</a>` : '—'}
      </td>
      <td><button type="button" data-fill="${use}" data-testid="aloware-use">use</button></td>
    </tr>`;
  });
  return html`<p class="counts">${s.alowareTotal} contacts</p>
    <table data-testid="aloware-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Phone</th>
          <th>Email</th>
          <th>Agent</th>
          <th>Link back (csf1)</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p class="empty">No contacts match.</p>` : ''}
    ${pager(s.contacts, 'apage', 'aloware-pager')}`;
}

export function logPanel(entries: LogEntry[]): Html {
  const rows = entries.map(
    (e) =>
      html`<li data-testid="log-entry" class="${e.source} ${e.kind}">
        <time>${e.at.slice(11, 19)}</time> <span class="src">${e.source}</span> ${e.summary}
        <span class="outcome">${e.outcome}</span>
      </li>`,
  );
  return html`<ol class="log">
      ${rows}
    </ol>
    ${rows.length === 0 ? html`<p class="empty">Nothing has synced yet.</p>` : ''}`;
}

export function operationsPanel(operations: Json[]): Html {
  const rows = operations.slice(0, 5).map((o) => {
    const p = (o.progress ?? {}) as Json;
    const plan = o.plan as Json | undefined;
    return html`<li data-testid="operation" data-status="${o.status}">
      ${o.dryRun ? 'Dry run' : 'Pull'} ${o.object}s — <b>${o.status}</b> ${p.processed}/${p.total} (created
      ${p.created}, updated ${p.updated}, skipped ${p.skipped}, failed
      ${p.failed})${plan ? html` · plan: ${plan.creates} creates, ${plan.updates} updates, ${plan.skips} skips` : ''}
    </li>`;
  });
  return html`<ul class="ops">
      ${rows}
    </ul>
    ${rows.length === 0 ? html`<p class="empty">No operations yet.</p>` : ''}`;
}

export function healthBadge(health: Json | undefined, error: string | undefined): Html {
  if (!health)
    return html`<span class="health down" data-testid="companion-health"
      >companion unreachable: ${error}</span
    >`;
  const q = (health.queues ?? {}) as Json;
  return html`<span class="health ${health.status}" data-testid="companion-health"
    >companion ${health.status}
    ${q.depth !== undefined ? html` · queue ${q.depth}` : ''}${health.failedCount !== undefined ? html` · failed ${health.failedCount}` : ''}</span
  >`;
}
