/** The console page: layout, a little CSS and a little vanilla JS (polling fragments, sending forms). */
import { html, raw, type Html } from './html.js';

export interface PanelsHtml {
  health: Html;
  salesforce: Html;
  tasks: Html;
  aloware: Html;
  log: Html;
  operations: Html;
}

export interface PageLinks {
  salesforceUrl: string;
  alowareUrl: string;
  companionUrl: string;
}

const CSS = `
*{box-sizing:border-box}body{font:13px/1.4 system-ui,sans-serif;margin:0;background:#f4f6f9;color:#1b1f24}
header{display:flex;gap:16px;align-items:center;padding:8px 16px;background:#032d60;color:#fff}
header h1{font-size:16px;margin:0}header a{color:#cfe3ff}.health{padding:2px 8px;border-radius:10px;background:#2e844a}
.health.degraded{background:#dd7a01}.health.down{background:#ba0517}#status{margin-left:auto;max-width:45%}
#status.error{color:#ffb4ae}main{display:grid;grid-template-columns:3fr 2fr;gap:12px;padding:12px}
section{background:#fff;border:1px solid #d8dde6;border-radius:6px;padding:8px 10px;min-width:0;overflow:auto}
section h2{font-size:14px;margin:0 0 6px}table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:3px 5px;border-bottom:1px solid #eef0f3;vertical-align:top}
th{font-weight:600;color:#54698d}tr.converted{color:#888}.badge{font-size:11px;padding:1px 5px;border-radius:8px}
.badge.Lead{background:#fde9c8}.badge.Contact{background:#d8edff}.counts,.empty{color:#54698d;margin:2px 0}
.pager{display:flex;gap:8px;align-items:center;margin-top:4px}.wide{grid-column:1 / span 2}
.forms{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:8px}
form{border:1px solid #eef0f3;border-radius:4px;padding:6px}form h3{font-size:12px;margin:0 0 4px}
label{display:block;margin:2px 0}.email{word-break:break-all}
[data-testid=form-settings],[data-testid=form-logging]{display:grid;grid-template-columns:repeat(4,1fr);gap:4px 12px;margin-top:8px}
[data-testid=form-settings] h3,[data-testid=form-settings] p,[data-testid=form-logging] h3,[data-testid=form-logging] p{grid-column:1 / -1}input:not([type=checkbox]),select{width:100%}
.log{list-style:none;margin:0;padding:0;max-height:760px;overflow:auto;font:12px ui-monospace,monospace}
.log li{padding:2px 0;border-bottom:1px dotted #e5e8ec}.log .src{display:inline-block;width:80px;color:#54698d}
.log .decision{background:#f3f9ef}.log .outcome{float:right;color:#54698d}.search{display:flex;gap:6px;margin-bottom:4px}
`;

// The page script: poll /fragments with the current view, send forms with fetch, fill forms from row buttons.
const SCRIPT = `
const view = new URLSearchParams(location.search);
const status = document.getElementById('status');
let busy = false;
const shown = {}; // last markup per panel: a panel is only replaced when the server's markup changed
async function refresh() {
  if (busy) return; busy = true;
  try {
    const res = await fetch('/fragments?' + view.toString());
    const parts = await res.json();
    for (const [name, markup] of Object.entries(parts)) {
      const el = document.querySelector('[data-panel="' + name + '"]');
      if (el && shown[name] !== markup) { el.innerHTML = markup; shown[name] = markup; }
    }
    document.body.dataset.refreshed = String(Date.now());
  } catch (e) { /* next poll retries */ } finally { busy = false; }
}
function setView(key, value) {
  if (value) view.set(key, value); else view.delete(key);
  history.replaceState(null, '', '?' + view.toString());
  refresh();
}
document.addEventListener('submit', async (ev) => {
  const form = ev.target.closest('form[data-action]'); if (!form) return;
  ev.preventDefault();
  status.textContent = 'working…'; status.className = '';
  const res = await fetch(form.action, { method: 'POST', headers: { accept: 'application/json' },
    body: new URLSearchParams(new FormData(form)) });
  const out = await res.json().catch(() => ({ ok: false, message: 'bad answer (' + res.status + ')' }));
  status.textContent = out.message; status.className = out.ok ? 'ok' : 'error';
  status.dataset.seq = String(Number(status.dataset.seq || 0) + 1);
  if (form.dataset.action === 'settings' || form.dataset.action === 'logging') {
    const panel = document.querySelector('[data-panel="settings"]');
    panel.innerHTML = await (await fetch('/settings-panel')).text();
  }
  refresh();
});
document.addEventListener('click', (ev) => {
  const use = ev.target.closest('[data-fill]');
  if (use) for (const [key, value] of Object.entries(JSON.parse(use.dataset.fill))) {
    const [form, name] = key.split('.');
    const el = document.querySelector('form[data-action="' + form + '"] [name="' + name + '"]');
    if (el) el.value = value;
  }
  const page = ev.target.closest('[data-page]');
  if (page) { const [k, v] = page.dataset.page.split(':'); setView(k, v); }
  const tab = ev.target.closest('[data-obj]');
  if (tab) { view.delete('page'); setView('obj', tab.dataset.obj); }
});
for (const [id, key, pageKey] of [['sf-search', 'q', 'page'], ['aloware-search', 'aq', 'apage']]) {
  document.getElementById(id).addEventListener('input', (ev) => { view.delete(pageKey); setView(key, ev.target.value); });
}
setInterval(refresh, 1500);
`;

export function renderPage(p: PanelsHtml, forms: Html, links: PageLinks, q: { q: string; aq: string }): Html {
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Aloware Sync — sandbox console</title>
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <style>
          ${raw(CSS)}
        </style>
      </head>
      <body>
        <header>
          <h1>Aloware Sync · sandbox console</h1>
          <span data-panel="health">${p.health}</span>
          <a href="${links.salesforceUrl}/__sandbox/info" target="_blank">Salesforce emulator</a>
          <a href="${links.alowareUrl}/__sandbox/contacts" target="_blank">Aloware emulator</a>
          <a href="${links.companionUrl}/healthz" target="_blank">companion</a>
          <span id="status" data-testid="action-status" role="status" aria-live="polite"></span>
        </header>
        <main>
          <section data-testid="salesforce-side">
            <h2>Salesforce — Leads &amp; Contacts</h2>
            <div class="search">
              <button type="button" data-obj="All" data-testid="tab-all">All</button>
              <button type="button" data-obj="Lead" data-testid="tab-lead">Leads</button>
              <button type="button" data-obj="Contact" data-testid="tab-contact">Contacts</button>
              <input
                id="sf-search"
                type="search"
                placeholder="search name, phone, email, id"
                value="${q.q}"
                data-testid="sf-search"
              />
            </div>
            <div data-panel="salesforce">${p.salesforce}</div>
            <h2>Salesforce — Tasks (calls &amp; SMS; newest 12, filtered by the search)</h2>
            <div data-panel="tasks">${p.tasks}</div>
          </section>
          <section data-testid="aloware-side">
            <h2>Aloware — contacts</h2>
            <div class="search">
              <input
                id="aloware-search"
                type="search"
                placeholder="search name, phone, email, id"
                value="${q.aq}"
                data-testid="aloware-search"
              />
            </div>
            <div data-panel="aloware">${p.aloware}</div>
            <h2>One-time operations</h2>
            <div data-panel="operations">${p.operations}</div>
          </section>
          <section data-testid="actions">
            <h2>Try it</h2>
            ${forms}
          </section>
          <section data-testid="sync-log">
            <h2>Live sync log</h2>
            <div data-panel="log">${p.log}</div>
          </section>
        </main>
        <script>
          ${raw(SCRIPT)};
        </script>
      </body>
    </html>`;
}
