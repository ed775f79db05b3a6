import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../../support/poll.js';

export interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  body: { event: string; body: Record<string, unknown> };
  /** When it arrived (ms). */
  at: number;
}

/** A local webhook endpoint, standing in for the companion's `/webhooks/aloware`, that records what arrives. */
export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status answered to every delivery (default 200). */
  status: number;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const app = express();
  app.use(express.json());
  const received: ReceivedWebhook[] = [];
  const receiver = { received, status: 200 } as Receiver;
  app.post('/webhooks/aloware', (req, res) => {
    received.push({ headers: req.headers, body: req.body as ReceivedWebhook['body'], at: Date.now() });
    res.status(receiver.status).json({ ok: true });
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/aloware`;
  receiver.waitFor = async (count, timeoutMs = 5_000) => {
    await waitFor(() => received.length >= count, timeoutMs, 10).catch(() => {
      throw new Error(`expected ${count} webhooks, got ${received.length}`);
    });
    return received.slice(0, count);
  };
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}
