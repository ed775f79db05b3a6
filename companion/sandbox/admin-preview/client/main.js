// The admin preview shell: an SLDS page with one tab per panel, as the Aloware Sync Lightning app lays them out.
// The panels are the real LWC components of force-app; the shell itself is plain DOM.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import SyncSettings from 'c/alowareSyncSettings';
import PropertyMapping from 'c/alowarePropertyMapping';
import OneTimeOperations from 'c/alowareOneTimeOperations';
import SyncHealth from 'c/alowareSyncHealth';
import RecordCard from 'c/alowareRecordCard';

const config = JSON.parse(document.getElementById('preview-config').textContent);

const TABS = [
  { id: 'settings', label: 'Settings', tag: 'c-aloware-sync-settings', ctor: SyncSettings },
  {
    id: 'lead-mapping',
    label: 'Lead Mapping',
    tag: 'c-aloware-property-mapping',
    ctor: PropertyMapping,
    props: { objectName: 'Lead' },
  },
  {
    id: 'contact-mapping',
    label: 'Contact Mapping',
    tag: 'c-aloware-property-mapping',
    ctor: PropertyMapping,
    props: { objectName: 'Contact' },
  },
  {
    id: 'operations',
    label: 'One-time Pull & Push',
    tag: 'c-aloware-one-time-operations',
    ctor: OneTimeOperations,
  },
  { id: 'health', label: 'Sync Health', tag: 'c-aloware-sync-health', ctor: SyncHealth },
  {
    id: 'record-card',
    label: 'Record Card',
    tag: 'c-aloware-record-card',
    ctor: RecordCard,
    props: { recordId: config.recordId },
  },
];

const nav = document.getElementById('tabs');
const main = document.getElementById('panel');
let current;

function tabFromHash() {
  const id = location.hash.replace('#', '');
  return TABS.find((t) => t.id === id) || TABS[0];
}

function show(tab) {
  if (current) current.el.remove();
  const el = createElement(tab.tag, { is: tab.ctor });
  Object.assign(el, tab.props || {});
  main.appendChild(el);
  current = { tab, el };
  for (const li of nav.querySelectorAll('li')) {
    const active = li.dataset.tab === tab.id;
    li.classList.toggle('slds-is-active', active);
    li.querySelector('a').setAttribute('aria-selected', String(active));
  }
  document.title = `${tab.label} · Aloware Sync (preview)`;
}

for (const tab of TABS) {
  const li = document.createElement('li');
  li.className = 'slds-context-bar__item';
  li.dataset.tab = tab.id;
  const a = document.createElement('a');
  a.className = 'slds-context-bar__label-action';
  a.href = `#${tab.id}`;
  a.setAttribute('role', 'tab');
  a.dataset.testid = `tab-${tab.id}`;
  a.textContent = tab.label;
  li.appendChild(a);
  nav.appendChild(li);
}
window.addEventListener('hashchange', () => show(tabFromHash()));

// Toasts (lightning/platformShowToastEvent).
const toasts = document.getElementById('toasts');
document.addEventListener('lightning__showtoast', (event) => {
  const { title, message, variant = 'info' } = event.detail || {};
  const div = document.createElement('div');
  div.className = `slds-notify slds-notify_toast slds-theme_${variant === 'warning' ? 'warning' : variant}`;
  div.setAttribute('role', 'status');
  div.dataset.variant = variant;
  div.dataset.testid = 'toast';
  const h = document.createElement('h2');
  h.className = 'slds-text-heading_small';
  h.textContent = title || '';
  const p = document.createElement('p');
  p.textContent = message || '';
  const body = document.createElement('div');
  body.className = 'slds-notify__content';
  body.append(h, p);
  div.appendChild(body);
  toasts.appendChild(div);
  setTimeout(() => div.remove(), variant === 'error' ? 15000 : 6000);
});

show(tabFromHash());
