import { generateKeyPairSync, createVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jwtAudience, signJwt } from './auth.js';

describe('JWT bearer assertion', () => {
  it('is an RS256 JWT with iss, sub, aud and a short exp, verifiable with the public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const now = Date.UTC(2026, 10, 28, 12, 0, 0);
    const jwt = signJwt(
      { clientId: 'key', username: 'int@x.example', audience: 'https://login.salesforce.com' },
      pem,
      now,
    );
    const [h, p, s] = jwt.split('.');
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: 'key', sub: 'int@x.example', aud: 'https://login.salesforce.com' });
    expect(claims.exp).toBeGreaterThan(now / 1000);
    expect(claims.exp).toBeLessThanOrEqual(now / 1000 + 180);
    const verify = createVerify('RSA-SHA256');
    verify.update(`${h}.${p}`);
    expect(verify.verify(publicKey, Buffer.from(s!, 'base64url'))).toBe(true);
  });

  it.each([
    ['https://login.salesforce.com', 'https://login.salesforce.com'],
    ['https://acme.my.salesforce.com', 'https://login.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'https://test.salesforce.com'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010'],
  ])('audience for %s', (login, aud) => {
    expect(jwtAudience(login)).toBe(aud);
  });
});
