import { isSubscribed } from '../events/names.js';
import type { Envelope } from '../events/payloads.js';
import { communicationIdOf, headersFor, postJson } from './send.js';

export type WebhookAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string };

export interface WebhookTargetInput {
  url: string;
  auth?: WebhookAuth;
  events?: string[] | null;
  delayMs?: number;
}

export interface WebhookTarget {
  id: number;
  url: string;
  auth: WebhookAuth;
  events: string[] | null;
  delayMs: number;
}

export interface DeliveryRecord {
  id: number;
  targetId: number;
  url: string;
  event: string;
  communicationId: number | null;
  /** delivered = 2xx; rejected = other status (never retried); error = network/timeout; dropped = fault. */
  outcome: 'delivered' | 'rejected' | 'error' | 'dropped';
  status: number | null;
  error?: string;
  sentAt: string;
  durationMs: number;
  payload: Envelope;
}

const MAX_LOG = 10_000;
const RESPONSE_TIMEOUT_MS = 30_000;

/**
 * Sends webhook deliveries like Aloware does (see companion/sandbox/aloware/README.md): one POST per event and target, JSON envelope
 * `{event, body}`, `User-Agent: GuzzleHttp/7`, the configured Basic/Bearer Authorization, no signature and NO retry
 * (a failed delivery is only logged). Each event is delayed by the target's delay from the moment it happened;
 * deliveries to one target go out one after another in event order.
 */
export class WebhookDispatcher {
  private readonly targets = new Map<number, WebhookTarget>();
  private readonly chains = new Map<number, Promise<void>>();
  private readonly log: DeliveryRecord[] = [];
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly inFlight = new Set<AbortController>();
  private idleWaiters: (() => void)[] = [];
  private pending = 0;
  private generation = 0;
  private nextTargetId = 1;
  private nextDeliveryId = 1;

  constructor(private readonly shouldDrop: (event: string) => boolean) {}

  addTarget(input: WebhookTargetInput): WebhookTarget {
    const target: WebhookTarget = {
      id: this.nextTargetId++,
      url: input.url,
      auth: input.auth ?? { type: 'none' },
      events: input.events && input.events.length > 0 ? [...input.events] : null,
      delayMs: Math.max(0, input.delayMs ?? 0),
    };
    this.targets.set(target.id, target);
    return target;
  }

  removeTarget(id: number): boolean {
    return this.targets.delete(id);
  }

  listTargets(): WebhookTarget[] {
    return [...this.targets.values()];
  }

  dispatch(envelopes: Envelope[]): void {
    const now = Date.now();
    const generation = this.generation;
    for (const target of this.targets.values()) {
      for (const envelope of envelopes.filter((e) => isSubscribed(e.event, target.events))) {
        this.enqueue(target, envelope, now + target.delayMs, generation);
      }
    }
  }

  deliveries(): DeliveryRecord[] {
    return [...this.log];
  }

  clearLog(): void {
    this.log.length = 0;
  }

  get pendingCount(): number {
    return this.pending;
  }

  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels waiting and in-flight deliveries (they are not logged). */
  cancelPending(): void {
    this.generation++;
    for (const sleeper of this.sleepers) {
      clearTimeout(sleeper.timer);
      sleeper.resolve();
    }
    this.sleepers.clear();
    for (const controller of this.inFlight) controller.abort();
  }

  reset(): void {
    this.cancelPending();
    this.targets.clear();
    this.chains.clear();
    this.log.length = 0;
  }

  private enqueue(target: WebhookTarget, envelope: Envelope, dueAt: number, generation: number): void {
    this.pending++;
    const previous = this.chains.get(target.id) ?? Promise.resolve();
    const next = previous
      .then(() => this.deliver(target, envelope, dueAt, generation))
      .catch(() => undefined)
      .finally(() => this.settle());
    this.chains.set(target.id, next);
  }

  private settle(): void {
    this.pending--;
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async deliver(target: WebhookTarget, envelope: Envelope, dueAt: number, generation: number) {
    await this.sleep(dueAt - Date.now());
    if (generation !== this.generation) return;
    const started = Date.now();
    const record: DeliveryRecord = {
      id: this.nextDeliveryId++,
      targetId: target.id,
      url: target.url,
      event: envelope.event,
      communicationId: communicationIdOf(envelope),
      outcome: 'dropped',
      status: null,
      sentAt: new Date(started).toISOString(),
      durationMs: 0,
      payload: envelope,
    };
    if (!this.shouldDrop(envelope.event)) await this.post(target, envelope, record);
    if (generation !== this.generation) return;
    record.durationMs = Date.now() - started;
    this.log.push(record);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
  }

  private async post(target: WebhookTarget, envelope: Envelope, record: DeliveryRecord): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), RESPONSE_TIMEOUT_MS);
    try {
      record.status = await postJson(
        target.url,
        headersFor(target.auth),
        JSON.stringify(envelope),
        controller.signal,
      );
      record.outcome = record.status >= 200 && record.status < 300 ? 'delivered' : 'rejected';
    } catch (error) {
      record.outcome = 'error';
      record.error = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          resolve();
        }, ms),
        resolve,
      };
      this.sleepers.add(sleeper);
    });
  }
}
