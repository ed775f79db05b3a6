import { contactJson, type Envelope } from './events/payloads.js';
import { CONTACT_CREATED, CONTACT_UPDATED } from './events/names.js';
import { FaultSet } from './faults.js';
import { RateLimiter } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import { CommunicationStore } from './store/communications.js';
import { ContactStore, type AlowareContact } from './store/contacts.js';
import { Directory } from './store/directory.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

export const SANDBOX_API_TOKEN = 'sandbox-token';

export interface AlowareEmulatorOptions {
  port?: number;
  host?: string;
  /** A webhook target registered at start (Bearer auth when `webhookToken` is set). */
  webhookUrl?: string;
  webhookToken?: string;
  /** Delay of that target, like the "Delay" of Aloware's webhook settings (default 0). */
  webhookDelayMs?: number;
  /** Public API rate limit; unset = unlimited (Aloware documents none). */
  requestsPerMinute?: number;
  /**
   * Whether contacts created/updated through the public `/forms` API also fire contact webhooks (default true).
   * Unverified: Aloware does not document it; a faithful assumption is that any contact change fires the event,
   * so the companion must suppress its own echoes.
   */
  apiWritesEmitContactEvents?: boolean;
}

/** Everything the emulator holds; `reset()` returns it to the state right after start. */
export class EmulatorState {
  baseUrl = '';
  readonly contacts = new ContactStore();
  readonly directory = new Directory();
  readonly communications = new CommunicationStore();
  readonly faults = new FaultSet();
  readonly requests = new RequestLog();
  readonly limiter: RateLimiter;
  readonly dispatcher = new WebhookDispatcher((event) => this.faults.shouldDropWebhook(event));
  apiWritesEmitContactEvents: boolean;

  constructor(readonly options: AlowareEmulatorOptions) {
    this.limiter = new RateLimiter(options.requestsPerMinute);
    this.apiWritesEmitContactEvents = options.apiWritesEmitContactEvents ?? true;
    this.registerStartTarget();
  }

  emit(events: Envelope[]): void {
    this.dispatcher.dispatch(events);
  }

  emitContact(kind: 'created' | 'updated', contact: AlowareContact): void {
    this.emit([
      { event: kind === 'created' ? CONTACT_CREATED : CONTACT_UPDATED, body: contactJson(contact) },
    ]);
  }

  reset(): void {
    this.dispatcher.reset();
    this.contacts.clear();
    this.directory.reset();
    this.communications.clear();
    this.faults.clear();
    this.requests.clear();
    this.limiter.configure(this.options.requestsPerMinute);
    this.apiWritesEmitContactEvents = this.options.apiWritesEmitContactEvents ?? true;
    this.registerStartTarget();
  }

  private registerStartTarget(): void {
    const { webhookUrl, webhookToken, webhookDelayMs } = this.options;
    if (!webhookUrl) return;
    this.dispatcher.addTarget({
      url: webhookUrl,
      auth: webhookToken ? { type: 'bearer', token: webhookToken } : { type: 'none' },
      delayMs: webhookDelayMs ?? 0,
    });
  }
}
