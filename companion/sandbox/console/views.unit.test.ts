import { describe, expect, it } from 'vitest';
import { matches, paginate, parseView, PAGE_SIZE, type Snapshot } from './data.js';
import { alowarePanel, logPanel, salesforcePanel, tasksPanel } from './views.js';

const evil = `<img src=x onerror="alert(1)">`;

function snapshot(): Snapshot {
  const lead = {
    Id: '00Q000000000001AAA',
    Name: evil,
    Phone: '(202) 555-0143',
    Email: 'a@b.example',
    object: 'Lead',
  };
  return {
    people: paginate([lead], 1),
    names: new Map([[lead.Id, evil]]),
    users: new Map(),
    tasks: [{ WhoId: lead.Id, Subject: evil, Aloware_Recording_Url__c: `javascript:"><script>x</script>` }],
    contacts: paginate([{ id: 1, first_name: evil, phone_number: '+12025550143' }], 1),
    alowareTotal: 1,
    settings: undefined,
    counts: { Lead: 1, Contact: 0, Task: 1 },
    cards: new Map([[lead.Id, { alowareContactId: evil, lastOutcome: evil }]]),
  };
}

describe('console views', () => {
  it('escapes record, task, contact and log values (no markup gets through)', () => {
    const s = snapshot();
    const out = [
      salesforcePanel(s, parseView({})),
      tasksPanel(s),
      alowarePanel(s),
      logPanel([
        { at: '2026-11-28T10:00:00Z', source: 'aloware', kind: 'event', summary: evil, outcome: evil },
      ]),
    ]
      .map((h) => h.value)
      .join('\n');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('href="javascript');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('reads the view from the query with safe defaults', () => {
    expect(parseView({})).toEqual({ obj: 'All', q: '', page: 1, aq: '', apage: 1 });
    expect(parseView({ obj: 'Lead', q: 'ann', page: '3', apage: '-2' })).toMatchObject({
      obj: 'Lead',
      q: 'ann',
      page: 3,
      apage: 1,
    });
    expect(parseView({ obj: 'User', page: 'x' })).toMatchObject({ obj: 'All', page: 1 });
  });

  it('searches names case-insensitively and phones by their digits', () => {
    const row = { Name: 'Ava Nguyen', Phone: '(202) 555-0143' };
    expect(matches(row, 'ava', ['Name', 'Phone'])).toBe(true);
    expect(matches(row, '2025550143', ['Name', 'Phone'])).toBe(true);
    expect(matches(row, 'bob', ['Name', 'Phone'])).toBe(false);
    expect(matches(row, '', ['Name'])).toBe(true);
  });

  it('pages rows and clamps the page number', () => {
    const rows = Array.from({ length: PAGE_SIZE * 2 + 1 }, (_, i) => i);
    expect(paginate(rows, 3)).toMatchObject({ rows: [PAGE_SIZE * 2], total: rows.length, page: 3, pages: 3 });
    expect(paginate(rows, 99).page).toBe(3);
  });
  it('shows the link back on the Aloware side and the MMS media link on its Task, web addresses only', () => {
    const s = snapshot();
    const url = 'https://acme.lightning.force.com/lightning/r/Contact/003000000000001AAA/view';
    s.contacts = paginate([{ id: 2, phone_number: '+12025550144', csf1: url }], 1);
    s.tasks = [{ Subject: 'Inbound SMS', Aloware_Media_Url__c: 'https://media.example/a.jpg' }];
    expect(alowarePanel(s).value).toContain(`data-testid="aloware-sf-link" href="${url}"`);
    expect(tasksPanel(s).value).toContain('data-testid="task-media" href="https://media.example/a.jpg"');
    s.tasks = [{ Subject: 'x', Aloware_Media_Url__c: 'javascript:alert(1)' }];
    expect(tasksPanel(s).value).not.toContain('task-media');
  });
});
