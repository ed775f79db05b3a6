import { describe, expect, it } from 'vitest';
import { DEFAULT_REP_POLICY, notLoggedReason, parseRepPolicy, type ActivityPolicy } from './rep-policy.js';

describe('rep policy from the settings row', () => {
  it('defaults: link in csf1, every call and SMS logged, recording link stored', () => {
    expect(parseRepPolicy(undefined)).toEqual(DEFAULT_REP_POLICY);
    expect(parseRepPolicy({})).toEqual(DEFAULT_REP_POLICY);
  });

  it('reads lists case-insensitively, drops unknown entries and refuses ids of the wrong kind', () => {
    const p = parseRepPolicy({
      Record_Link_Field__c: 'CSF2',
      Log_Call_Outcomes__c: 'Completed; ringing;missed',
      Log_Call_Directions__c: 'outbound',
      Log_Sms__c: false,
      Task_Subject_Template__c: '  {channel} · {outcome} ',
      Task_Status__c: 'Not Started',
      Store_Recording_Link__c: false,
      Default_Owner_Id__c: '00G000000000001AAA',
      Default_Account_Id__c: '005000000000001AAA',
      Match_Account_By_Domain__c: false,
    });
    expect(p.records).toEqual({
      linkField: 'csf2',
      defaultOwnerId: '00G000000000001AAA',
      defaultAccountId: null,
      matchAccountByDomain: false,
    });
    expect(p.activity).toEqual({
      logCalls: true,
      callOutcomes: ['completed', 'missed'],
      callDirections: ['Outbound'],
      logSms: false,
      subjectTemplate: '{channel} · {outcome}',
      taskStatus: 'Not Started',
      storeRecordingLink: false,
    });
    expect(parseRepPolicy({ Record_Link_Field__c: 'none' }).records.linkField).toBeNull();
  });
});

describe('which communications are logged', () => {
  const policy = (over: Partial<ActivityPolicy>): ActivityPolicy => ({
    ...DEFAULT_REP_POLICY.activity,
    ...over,
  });
  it.each([
    ['everything by default', {}, 'Call', 'Inbound', 'missed', null],
    ['an init event by default', {}, 'Call', 'Outbound', null, null],
    ['SMS off', { logSms: false }, 'SMS', 'Inbound', 'completed', 'sms_not_logged'],
    ['calls off', { logCalls: false }, 'Call', 'Inbound', 'completed', 'calls_not_logged'],
    [
      'outbound only',
      { callDirections: ['Outbound'] },
      'Call',
      'Inbound',
      'completed',
      'inbound_calls_not_logged',
    ],
    [
      'missed excluded',
      { callOutcomes: ['completed'] },
      'Call',
      'Inbound',
      'missed',
      'missed_calls_not_logged',
    ],
    [
      'missed excluded, connected call',
      { callOutcomes: ['completed'] },
      'Call',
      'Inbound',
      'completed',
      null,
    ],
    ['outcome not known yet', { callOutcomes: ['completed'] }, 'Call', 'Outbound', null, 'outcome_pending'],
  ] as const)('%s', (_name, over, channel, direction, disposition, expected) => {
    expect(
      notLoggedReason({ channel, direction, disposition }, policy(over as Partial<ActivityPolicy>)),
    ).toBe(expected);
  });
});
