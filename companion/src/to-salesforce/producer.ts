import type { Queue } from 'bullmq';
import { BulkAdder } from '../queue/bulk-add.js';
import { JOBS, jobId, TO_SALESFORCE_JOB_OPTIONS } from '../queue/names.js';

/** Producers of the to-Salesforce queues: job data carries ids only. */
export class ToSalesforceProducer {
  /** Deliveries acknowledged together are queued with one `addBulk` (bulk-add.ts). */
  private readonly contacts: BulkAdder;
  private readonly deliveries: BulkAdder;

  constructor(
    alowareEvents: Queue,
    private readonly activities: Queue,
  ) {
    this.contacts = new BulkAdder(alowareEvents);
    this.deliveries = new BulkAdder(activities);
  }

  async contact(inboxId: string): Promise<void> {
    await this.contacts.add(
      JOBS.contact,
      { inboxId },
      { ...TO_SALESFORCE_JOB_OPTIONS, jobId: jobId(inboxId) },
    );
  }

  async activity(inboxId: string, communicationId: string): Promise<void> {
    await this.deliveries.add(
      JOBS.delivery,
      { inboxId, communicationId },
      { ...TO_SALESFORCE_JOB_OPTIONS, jobId: jobId(inboxId) },
    );
  }

  /** Re-writes a communication's Task (deduplicated while one is waiting). */
  async write(communicationId: string): Promise<void> {
    await this.activities.add(
      JOBS.write,
      { communicationId },
      { ...TO_SALESFORCE_JOB_OPTIONS, deduplication: { id: jobId('write', communicationId) } },
    );
  }
}
