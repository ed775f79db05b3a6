import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../src/sync/index.js';
import { generateSeed, messyFormat } from './seed.js';

const owners = ['005000000000001AAA', '005000000000002AAA', '005000000000003AAA'];

describe('demo seed', () => {
  const data = generateSeed(owners, '00G000000000001AAA');
  const all = [...data.leads, ...data.contacts];

  it('has at least 500 Leads and Contacts, spread over several owners and a queue', () => {
    expect(all.length).toBeGreaterThanOrEqual(500);
    expect(new Set(data.leads.map((l) => l.OwnerId)).size).toBe(4);
    expect(data.leads.every((l) => typeof l.Company === 'string' && l.Company !== '')).toBe(true);
  });

  it('types phones messily: several formats, extensions, foreign and unparseable numbers', () => {
    const phones = all.map((r) => String(r.Phone));
    expect(phones.some((p) => /^\(\d{3}\) \d{3}-\d{4}$/.test(p))).toBe(true);
    expect(phones.some((p) => /^\d{10}$/.test(p))).toBe(true);
    expect(phones.some((p) => /^1\d{10}$/.test(p))).toBe(true);
    expect(phones.some((p) => /x\d+$|ext\. \d+$/.test(p))).toBe(true);
    const results = phones.map((p) => normalizePhone(p, 'US'));
    expect(results.filter((r) => r.ok && r.country !== 'US').length).toBeGreaterThanOrEqual(4);
    expect(results.filter((r) => !r.ok).length).toBeGreaterThanOrEqual(4);
    expect(results.filter((r) => r.ok).length).toBeGreaterThan(all.length - 12);
  });

  it('gives a few Lead/Contact pairs one phone in different formats', () => {
    expect(data.sharedPhones).toHaveLength(5);
    data.sharedPhones.forEach((e164, i) => {
      const [lead, contact] = [data.leads[i]!, data.contacts[i]!];
      expect(lead.Phone).not.toBe(contact.Phone);
      expect(normalizePhone(lead.Phone, 'US')).toMatchObject({ ok: true, e164 });
      expect(normalizePhone(contact.Phone, 'US')).toMatchObject({ ok: true, e164 });
    });
    const keys = all.flatMap((r) => {
      const n = normalizePhone(r.Phone, 'US');
      return n.ok ? [n.e164] : [];
    });
    expect(keys.length - new Set(keys).size).toBe(5);
  });

  it('is deterministic for a seed and different for another', () => {
    expect(generateSeed(owners, null, { seed: 7 })).toEqual(generateSeed(owners, null, { seed: 7 }));
    expect(generateSeed(owners, null, { seed: 8 }).leads[10]).not.toEqual(
      generateSeed(owners, null, { seed: 7 }).leads[10],
    );
  });

  it('formats one number many ways', () => {
    expect(messyFormat('2025550143', 0)).toBe('(202) 555-0143');
    expect(messyFormat('2025550143', 6)).toBe('+12025550143');
  });
});
