import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/index.js';

export interface AccessToken {
  accessToken: string;
  instanceUrl: string;
  /** From the identity URL `…/id/{orgId}/{userId}` of the token response. */
  orgId: string | null;
  userId: string | null;
}

class SalesforceAuthError extends Error {
  constructor(
    message: string,
    public readonly status: number | null,
  ) {
    super(message);
    this.name = 'SalesforceAuthError';
  }
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** The JWT audience: the login host (My Domain hosts use the production/sandbox login host). */
export function jwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).host;
  if (host.endsWith('.sandbox.my.salesforce.com')) return 'https://test.salesforce.com';
  if (host.endsWith('.my.salesforce.com')) return 'https://login.salesforce.com';
  return loginUrl.replace(/\/$/, '');
}

/** An RS256 JWT bearer assertion: iss = consumer key, sub = username, aud = login host, exp ≤ 3 minutes. */
export function signJwt(
  claims: { clientId: string; username: string; audience: string },
  privateKeyPem: string,
  now = Date.now(),
): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      iss: claims.clientId,
      sub: claims.username,
      aud: claims.audience,
      exp: Math.floor(now / 1000) + 170,
    }),
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  return `${header}.${payload}.${b64url(signer.sign(privateKeyPem))}`;
}

export type TokenSource = () => Promise<AccessToken>;

/**
 * A function that asks the token endpoint for a new access token with the configured grant:
 * `jwt` (RS256 assertion signed with SF_PRIVATE_KEY_FILE) or `client_credentials`.
 */
export function createTokenSource(sf: Config['salesforce'], fetchImpl: typeof fetch = fetch): TokenSource {
  const key = sf.auth === 'jwt' && sf.privateKeyFile ? readFileSync(sf.privateKeyFile, 'utf8') : null;
  return async () => {
    const form = new URLSearchParams();
    if (sf.auth === 'jwt') {
      if (!key || !sf.username)
        throw new SalesforceAuthError('JWT auth needs SF_USERNAME and SF_PRIVATE_KEY_FILE', null);
      form.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
      form.set(
        'assertion',
        signJwt({ clientId: sf.clientId, username: sf.username, audience: jwtAudience(sf.loginUrl) }, key),
      );
    } else {
      form.set('grant_type', 'client_credentials');
      form.set('client_id', sf.clientId);
      form.set('client_secret', sf.clientSecret ?? '');
    }
    const res = await fetchImpl(`${sf.loginUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
    });
    const body = (await res.json().catch(() => ({}))) as Record<string, string | undefined>;
    if (!res.ok || !body.access_token || !body.instance_url) {
      const reason = body.error_description ?? body.error ?? `HTTP ${res.status}`;
      throw new SalesforceAuthError(`Salesforce token request failed: ${reason}`, res.status);
    }
    const [, orgId = null, userId = null] = /\/id\/([^/]+)\/([^/]+)/.exec(body.id ?? '') ?? [];
    return {
      accessToken: body.access_token,
      instanceUrl: body.instance_url.replace(/\/$/, ''),
      orgId,
      userId,
    };
  };
}
