import type { Envelope } from '../events/payloads.js';

export interface CommunicationRecord {
  id: number;
  channel: 'call' | 'sms';
  contactId: number;
  events: Envelope[];
}

const FIRST_COMMUNICATION_ID = 70_125_170_001;

/** Calls and SMS share one id space (observed); the events are kept so a test can replay them. */
export class CommunicationStore {
  private readonly byId = new Map<number, CommunicationRecord>();
  private nextId = FIRST_COMMUNICATION_ID;

  allocateId(): number {
    return this.nextId++;
  }

  save(record: CommunicationRecord): void {
    this.byId.set(record.id, record);
  }

  get(id: number): CommunicationRecord | undefined {
    return this.byId.get(id);
  }

  all(): CommunicationRecord[] {
    return [...this.byId.values()];
  }

  clear(): void {
    this.byId.clear();
    this.nextId = FIRST_COMMUNICATION_ID;
  }
}
