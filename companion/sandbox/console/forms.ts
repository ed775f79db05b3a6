/** The tester's action forms. Each posts to `/actions/<name>`; the page script sends it with fetch. */
import { LOGGED_DIRECTIONS, LOGGED_OUTCOMES } from './actions.js';
import { html, type Html } from './html.js';

type Json = Record<string, unknown>;

const AGENTS: [number, string][] = [
  [101, 'Alice Agent'],
  [102, 'Bob Agent'],
  [103, 'Carol Agent'],
  [104, 'Dan Admin'],
];

function form(name: string, title: string, body: Html, submit: string): Html {
  return html`<form method="post" action="/actions/${name}" data-action="${name}" data-testid="form-${name}">
    <h3>${title}</h3>
    ${body}<button type="submit" data-testid="submit-${name}">${submit}</button>
  </form>`;
}

const input = (name: string, label: string, extra: Html | string = '') =>
  html`<label
    >${label} <input name="${name}" data-testid="input-${name}" ${extra instanceof Object ? extra : ''}
  /></label>`;

function select(name: string, label: string, options: [string, string][], selected?: string): Html {
  return html`<label
    >${label}
    <select name="${name}" data-testid="input-${name}">
      ${options.map(
        ([value, text]) =>
          html`<option value="${value}" ${value === selected ? 'selected' : ''}>${text}</option>`,
      )}
    </select></label
  >`;
}

const direction = select('direction', 'direction', [
  ['outbound', 'outbound'],
  ['inbound', 'inbound'],
]);

export function actionForms(): Html {
  const fields = ['FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'Company'].map(
    (f) => [f, f] as [string, string],
  );
  return html`<div class="forms">
    ${form(
      'edit-record',
      'Edit a record as the rep',
      html`${input('recordId', 'Lead/Contact id')}
      ${select('field', 'field', fields)}${input('value', 'new value')}`,
      'Save as rep',
    )}
    ${form(
      'create-record',
      'Create a record as the rep',
      html`${select('object', 'object', [
        ['Lead', 'Lead'],
        ['Contact', 'Contact'],
      ])}${input('FirstName', 'first name')}${input('LastName', 'last name')}${input('Phone', 'phone')}
      ${input('Email', 'email')}${input('Company', 'company (Lead)')}`,
      'Create as rep',
    )}
    ${form(
      'aloware-contact',
      'Create or edit a contact in Aloware',
      html`${input('contactId', 'contact id (blank = new)')}
      ${input('phone_number', 'phone')}${input('first_name', 'first name')}${input('last_name', 'last name')}
      ${input('email', 'email')}`,
      'Save in Aloware',
    )}
    ${form(
      'call',
      'Place a call',
      html`${input('phone', 'phone')}${direction}
        ${input('talkTime', 'talk time (s)', html`value="95" inputmode="numeric"`)}
        ${input('disposition', 'disposition', html`value="Interested"`)}
        <label
          ><input type="checkbox" name="recording" value="1" checked data-testid="input-recording" />
          recording</label
        >
        ${select('status', 'result', [
          ['completed', 'completed'],
          ['missed', 'missed'],
          ['failed', 'failed'],
        ])}
        ${select(
          'userId',
          'agent',
          AGENTS.map(([id, n]) => [String(id), n]),
        )}`,
      'Call',
    )}
    ${form(
      'sms',
      'Send an SMS or MMS',
      html`${input('phone', 'phone')}${direction}${input('text', 'text', html`value="Hi from the sandbox"`)}
        ${input('image_url', 'MMS image URL (optional)', html`placeholder="https://…"`)}
        <label
          ><input type="checkbox" name="mediaLater" value="1" data-testid="input-mediaLater" /> media in a
          later delivery</label
        >`,
      'Send',
    )}
    ${form('convert', 'Convert a Lead', input('leadId', 'Lead id'), 'Convert')}
    ${form(
      'merge',
      'Merge two records',
      html`${select('object', 'object', [
        ['Contact', 'Contact'],
        ['Lead', 'Lead'],
      ])}${input('masterId', 'master id')}${input('loserId', 'merged-away id')}`,
      'Merge',
    )}
    ${form(
      'operation',
      'One-time pull',
      html`${select('object', 'object', [
          ['Contact', 'Contacts'],
          ['Lead', 'Leads'],
        ])}<label
          ><input type="checkbox" name="dryRun" value="1" checked data-testid="input-dryRun" /> dry run</label
        >`,
      'Start',
    )}
  </div>`;
}

const DIRECTIONS: [string, string][] = [
  ['both', 'both ways'],
  ['inbound', 'Salesforce → Aloware only'],
];

/** The settings panel: sync settings, then activity logging and the record link (both on the settings row). */
export function settingsForms(settings: Json | undefined): Html {
  return html`${settingsForm(settings)}${loggingForm(settings)}`;
}

const checkbox = (name: string, label: string, on: boolean) =>
  html`<label
    ><input type="checkbox" name="${name}" value="1" data-testid="input-${name}" ${on ? 'checked' : ''} />
    ${label}</label
  >`;

/** A `;` list of the settings row; blank = every value (as the companion reads it). */
const listed = (value: unknown, v: string) =>
  typeof value !== 'string' || !value.trim() || value.split(';').some((s) => s.trim() === v);

function loggingForm(settings: Json | undefined): Html {
  const v = (k: string) => settings?.[k];
  return form(
    'logging',
    'Activity logging and record link',
    html`${checkbox('Log_Calls__c', 'log calls', v('Log_Calls__c') !== false)}
      ${checkbox('Log_Sms__c', 'log SMS', v('Log_Sms__c') !== false)}
      ${checkbox('Store_Recording_Link__c', 'store recording link', v('Store_Recording_Link__c') !== false)}
      ${select(
        'Record_Link_Field__c',
        'record link field',
        [
          ['csf1', 'csf1'],
          ['csf2', 'csf2'],
          ['website', 'website'],
          ['none', 'none'],
        ],
        typeof v('Record_Link_Field__c') === 'string' ? String(v('Record_Link_Field__c')) : 'csf1',
      )}
      <p><small>calls to log (none ticked = all):</small></p>
      ${LOGGED_OUTCOMES.map((o) => checkbox(`outcome_${o}`, o, listed(v('Log_Call_Outcomes__c'), o)))}
      ${LOGGED_DIRECTIONS.map((d) =>
        checkbox(`direction_${d}`, d.toLowerCase(), listed(v('Log_Call_Directions__c'), d)),
      )}
      ${input(
        'Task_Subject_Template__c',
        'Task subject template',
        html`value="${typeof v('Task_Subject_Template__c') === 'string' ? String(v('Task_Subject_Template__c')) : ''}"`,
      )}`,
    'Save logging',
  );
}

function settingsForm(settings: Json | undefined): Html {
  const v = (k: string, d: unknown) => (settings?.[k] ?? d) as unknown;
  const check = (name: string, on: unknown) =>
    html`<label
      ><input
        type="checkbox"
        name="${name}"
        value="1"
        data-testid="input-${name}"
        ${on !== false ? 'checked' : ''}
      />
      ${name.replace(/_/g, ' ').replace(/ c$/, '')}</label
    >`;
  const dir = (k: string) =>
    select(k, k.replace(/_Direction__c$/, '').replace('_', ' '), DIRECTIONS, String(v(k, 'both')));
  return form(
    'settings',
    'Settings (Aloware_Sync_Settings__c)',
    html`${check('Lead_Sync_Enabled__c', v('Lead_Sync_Enabled__c', true))}
      ${check('Contact_Sync_Enabled__c', v('Contact_Sync_Enabled__c', true))}
      ${select(
        'Priority_Object__c',
        'priority',
        [
          ['Contact', 'Contact'],
          ['Lead', 'Lead'],
        ],
        String(v('Priority_Object__c', 'Contact')),
      )}
      ${dir('Lead_Create_Direction__c')}${dir('Lead_Update_Direction__c')}
      ${dir('Contact_Create_Direction__c')}${dir('Contact_Update_Direction__c')}
      <p><small>version ${v('Config_Version__c', 0)}</small></p>`,
    'Save settings',
  );
}
