import {
  reduceErrors,
  formatDuration,
  percent,
  labelFor,
  SYNC_DIRECTION_OPTIONS,
  isTerminalStatus,
  toastEvent,
} from 'c/alowareUtils';

describe('alowareUtils', () => {
  it.each([
    [
      'an Apex AuraHandledException',
      { body: { message: 'Region must be two letters' } },
      ['Region must be two letters'],
    ],
    ['a UI API error list', { body: [{ message: 'A' }, { message: 'B' }] }, ['A', 'B']],
    [
      'DML page and field errors',
      { body: { pageErrors: [{ message: 'Page' }], fieldErrors: { Name: [{ message: 'Field' }] } } },
      ['Page', 'Field'],
    ],
    ['a JS error', new Error('boom'), ['boom']],
    ['a plain string', 'Offline', ['Offline']],
    ['a list with duplicates', [{ message: 'x' }, { body: { message: 'x' } }], ['x']],
    ['nothing', undefined, []],
  ])('reduces %s to readable messages', (_name, input, expected) => {
    expect(reduceErrors(input)).toEqual(expected);
  });

  it.each([
    [5, '5s'],
    [65, '1m 05s'],
    [3700, '1h 01m'],
    [null, '—'],
  ])('formats %p seconds as %p', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('computes a bounded whole percent', () => {
    expect(percent(50, 200)).toBe(25);
    expect(percent(10, 0)).toBe(0);
    expect(percent(300, 200)).toBe(100);
  });

  it('spells out what each sync direction means', () => {
    expect(labelFor(SYNC_DIRECTION_OPTIONS, 'both')).toContain('Salesforce and Aloware update each other');
    expect(labelFor(SYNC_DIRECTION_OPTIONS, 'inbound')).toContain(
      'Aloware changes are not written to Salesforce',
    );
  });

  it('knows which operation statuses end polling', () => {
    expect(['queued', 'running', 'completed', 'cancelled', 'failed'].map(isTerminalStatus)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('builds sticky error toasts and dismissible success toasts', () => {
    expect(toastEvent('Saved', 'ok', 'success').detail).toEqual({
      title: 'Saved',
      message: 'ok',
      variant: 'success',
      mode: 'dismissible',
    });
    expect(toastEvent('Failed', 'no', 'error').detail.mode).toBe('sticky');
  });
});
