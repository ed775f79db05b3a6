import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signSandboxJwt,
  startSalesforceEmulator,
  type SalesforceEmulator,
} from '../../../sandbox/salesforce/index.js';
import { clientCredentials, connect, control, postForm, rest } from './support.js';

let emu: SalesforceEmulator;
beforeAll(async () => {
  emu = await startSalesforceEmulator({ port: 0 });
});
afterAll(() => emu.stop());

describe('OAuth token endpoint', () => {
  it('issues client_credentials tokens for the integration user and the rep, shaped as documented', async () => {
    const integration = await clientCredentials(emu.url, 'sandbox-integration');
    expect(integration.instance_url).toBe(emu.url);
    expect(integration.id).toBe(`${emu.url}/id/${emu.orgId}/${emu.integrationUserId}`);
    expect(integration.token_type).toBe('Bearer');
    expect(integration.issued_at).toMatch(/^\d{13}$/);
    expect(integration.signature).toMatch(/=$/);
    expect(integration.refresh_token).toBeUndefined();
    const rep = await clientCredentials(emu.url, 'sandbox-rep');
    expect(rep.id.endsWith(`/${emu.repUserId}`)).toBe(true);
  });

  it('refuses a wrong client secret', async () => {
    const { status, body } = await postForm(emu.url, {
      grant_type: 'client_credentials',
      client_id: 'sandbox-rep',
      client_secret: 'nope',
    });
    expect(status).toBe(400); // Salesforce answers every token error with 400
    expect(body).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
  });

  it('accepts an RS256 JWT assertion signed with the test key and maps sub to the user', async () => {
    const assertion = signSandboxJwt({ sub: 'rep@sandbox.example', iss: 'sandbox-rep' });
    const { status, body } = await postForm(emu.url, {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    });
    expect(status).toBe(200);
    expect(body.id).toBe(`${emu.url}/id/${emu.orgId}/${emu.repUserId}`);
    const check = await rest(emu.url, String(body.access_token), 'GET', '/limits');
    expect(check.status).toBe(200);
  });

  it('rejects assertions signed with another key, expired ones and unknown users', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const grant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    const forged = await postForm(emu.url, { grant_type: grant, assertion: signSandboxJwt({}, other) });
    expect(forged).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'invalid assertion' },
    });
    const expired = await postForm(emu.url, {
      grant_type: grant,
      assertion: signSandboxJwt({ exp: Math.floor(Date.now() / 1000) - 10 }),
    });
    expect(expired.body.error).toBe('invalid_grant');
    const stranger = await postForm(emu.url, {
      grant_type: grant,
      assertion: signSandboxJwt({ sub: 'who@else.example' }),
    });
    expect(stranger.body.error).toBe('invalid_grant');
  });

  it('exchanges a refresh token (issued by the password grant) for a new access token', async () => {
    const login = await postForm(emu.url, {
      grant_type: 'password',
      username: 'rep@sandbox.example',
      password: 'sandbox-password',
      client_id: 'sandbox-rep',
    });
    expect(typeof login.body.refresh_token).toBe('string');
    const refreshed = await postForm(emu.url, {
      grant_type: 'refresh_token',
      refresh_token: String(login.body.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(login.body.access_token);
    const bad = await postForm(emu.url, { grant_type: 'refresh_token', refresh_token: 'bogus' });
    expect(bad.body.error).toBe('invalid_grant');
  });
});

describe('sessions', () => {
  it('answers 401 INVALID_SESSION_ID for a missing or expired token', async () => {
    const missing = await rest(emu.url, 'nope', 'GET', '/limits');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
    const token = await clientCredentials(emu.url);
    await control(emu.url, 'POST', '/expire-tokens', { userId: emu.integrationUserId });
    expect((await rest(emu.url, token.access_token, 'GET', '/limits')).status).toBe(401);
  });

  it('makes jsforce re-authenticate once for many concurrent 401s and replay every request', async () => {
    const { conn, refreshes } = await connect(emu.url);
    await conn.query('SELECT Id FROM User');
    const before = (await control<{ byRoute: Record<string, number> }>(emu.url, 'GET', '/requests')).body
      .byRoute['POST /services/oauth2/token'];
    await control(emu.url, 'POST', '/expire-tokens', {});
    const results = await Promise.all(
      Array.from({ length: 12 }, () => conn.query<{ Id: string }>('SELECT Id FROM User')),
    );
    expect(results.every((r) => r.totalSize === 2)).toBe(true);
    expect(refreshes()).toBe(1);
    const after = (await control<{ byRoute: Record<string, number> }>(emu.url, 'GET', '/requests')).body
      .byRoute['POST /services/oauth2/token'];
    expect((after ?? 0) - (before ?? 0)).toBe(1);
  });
});

describe('identity', () => {
  it('serves the identity URL that conn.identity() reads', async () => {
    const { conn } = await connect(emu.url, 'sandbox-rep');
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      user_id: emu.repUserId,
      organization_id: emu.orgId,
      username: 'rep@sandbox.example',
    });
  });
});
