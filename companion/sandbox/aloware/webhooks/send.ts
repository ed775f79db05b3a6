import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Envelope } from '../events/payloads.js';
import type { WebhookAuth } from './dispatcher.js';

/** node:http rather than fetch, so the request carries only the headers Guzzle sends. */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<number> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, signal },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function headersFor(auth: WebhookAuth): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'GuzzleHttp/7',
  };
  if (auth.type === 'bearer') headers.Authorization = `Bearer ${auth.token}`;
  if (auth.type === 'basic') {
    headers.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }
  return headers;
}

/** Communication id of a delivery: `body.id`, or `body.communication.id` for the summary; null for contacts. */
export function communicationIdOf(envelope: Envelope): number | null {
  if (envelope.event.startsWith('Contact-')) return null;
  const body = envelope.body as {
    id?: unknown;
    communication?: { id?: unknown };
    document?: { communication_id?: unknown };
  };
  const id = body.id ?? body.communication?.id ?? body.document?.communication_id;
  return typeof id === 'number' ? id : null;
}
