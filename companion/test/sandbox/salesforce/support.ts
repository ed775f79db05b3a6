// Shared helpers for the Salesforce emulator tests: tokens, jsforce connections with re-auth, a change-event receiver.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsforce, { type Connection } from 'jsforce';

const VERSION = '64.0';

export interface TokenResponse {
  access_token: string;
  instance_url: string;
  id: string;
  token_type: string;
  issued_at: string;
  signature: string;
  scope: string;
  refresh_token?: string;
}

export async function postForm(
  url: string,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function clientCredentials(
  url: string,
  clientId = 'sandbox-integration',
): Promise<TokenResponse> {
  const { status, body } = await postForm(url, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: 'sandbox-secret',
  });
  if (status !== 200) throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  return body as unknown as TokenResponse;
}

/** A jsforce connection that re-authenticates with client_credentials on 401 (companion/sandbox/salesforce/README.md). */
export async function connect(
  url: string,
  clientId = 'sandbox-integration',
): Promise<{ conn: Connection; refreshes: () => number }> {
  const token = await clientCredentials(url, clientId);
  let refreshes = 0;
  const conn = new jsforce.Connection({
    instanceUrl: token.instance_url,
    accessToken: token.access_token,
    version: VERSION,
    refreshFn: (_c, callback) => {
      refreshes += 1;
      clientCredentials(url, clientId).then(
        (t) => callback(null, t.access_token, t as never),
        (e: Error) => callback(e),
      );
    },
  });
  return { conn, refreshes: () => refreshes };
}

/** Raw REST call with a bearer token; returns status, headers and parsed body. */
export async function rest(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(`${url}/services/data/v${VERSION}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').startsWith('application/json');
  return { status: res.status, headers: res.headers, body: isJson && text ? JSON.parse(text) : text };
}

export async function control<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}/__sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: ChangeEventBody;
}

export interface ChangeEventBody {
  schema: string;
  orgId: string;
  deliveryId: string;
  sentAt: string;
  changes: {
    object: string;
    id: string;
    kind: string;
    fields: string[];
    modstamp: string;
    convertedContactId?: string;
    masterRecordId?: string;
  }[];
}

/** A local HTTP receiver standing in for the companion's /webhooks/salesforce; answers `status()` (default 202). */
export async function startReceiver(
  status: () => number = () => 202,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(data) as ChangeEventBody });
      const code = status();
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: 1 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/salesforce`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { waitFor } from '../../support/poll.js';
