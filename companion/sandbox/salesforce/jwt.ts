// RS256 JWT helpers for the OAuth JWT-bearer flow, using the TEST-ONLY key pair in ./keys.
import { createSign, createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const TEST_ONLY_PRIVATE_KEY_FILE = fileURLToPath(
  new URL('./keys/test-only-jwt-private-key.pem', import.meta.url),
);
export const TEST_ONLY_PUBLIC_KEY_FILE = fileURLToPath(
  new URL('./keys/test-only-jwt-public-key.pem', import.meta.url),
);

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** Signs a JWT-bearer assertion (defaults: sandbox integration user, 3 minutes). For tests and the demo. */
export function signSandboxJwt(
  claims: { sub?: string; iss?: string; aud?: string; exp?: number } = {},
  privateKeyPem?: string,
): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      iss: claims.iss ?? 'sandbox-integration',
      sub: claims.sub ?? 'integration@sandbox.example',
      aud: claims.aud ?? 'https://login.salesforce.com',
      exp: claims.exp ?? Math.floor(Date.now() / 1000) + 180,
    }),
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  return `${header}.${payload}.${signer.sign(privateKeyPem ?? readFileSync(TEST_ONLY_PRIVATE_KEY_FILE, 'utf8')).toString('base64url')}`;
}

/** Verifies an RS256 JWT and returns its claims, or undefined when malformed or the signature is wrong. */
export function verifyJwt(token: string, publicKeyPem: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
    if (head.alg !== 'RS256') return undefined;
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header}.${payload}`);
    if (!verifier.verify(publicKeyPem, Buffer.from(signature, 'base64url'))) return undefined;
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
