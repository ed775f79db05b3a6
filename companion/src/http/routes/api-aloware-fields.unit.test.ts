import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../logging/index.js';
import { createApp } from '../app.js';
import { alowareFields } from './api-aloware-fields.js';

const secrets = {
  salesforceSyncKey: 'k'.repeat(20),
  alowareWebhookToken: 't'.repeat(20),
  operatorToken: 'o'.repeat(20),
};
const app = createApp({ secrets, logger: silentLogger, routes: [alowareFields], deps: {} });

describe('GET /api/v1/aloware-fields', () => {
  it('lists every docs/contracts.md §6 field with a label and a type', async () => {
    const res = await request(app)
      .get('/api/v1/aloware-fields')
      .set('X-Aloware-Sync-Key', secrets.salesforceSyncKey);
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(
      (res.body.fields as { name: string; label: string; type: string }[]).map((f) => [f.name, f]),
    );
    expect(Object.keys(byName)).toHaveLength(22);
    expect(byName.phone_number).toEqual({ name: 'phone_number', label: 'Phone Number', type: 'phone' });
    expect(byName['other_phone_numbers.mobile']).toMatchObject({ label: 'Mobile Phone', type: 'phone' });
    expect(byName.email?.type).toBe('email');
    expect(byName.date_of_birth?.type).toBe('date');
    expect(byName.user_id).toMatchObject({ label: 'Contact Owner', type: 'user' });
    expect(byName.company_name).toMatchObject({ label: 'Company Name', type: 'string' });
  });

  it('needs the sync key', async () => {
    expect((await request(app).get('/api/v1/aloware-fields')).status).toBe(401);
  });
});
