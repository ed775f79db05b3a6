import type { JobsOptions, Queue } from 'bullmq';

interface Waiting {
  name: string;
  data: unknown;
  opts: JobsOptions;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** At most this many jobs per `addBulk` (one MULTI). */
const MAX_BULK = 500;

/**
 * Jobs added to one queue within a turn of the event loop go to Redis as one `addBulk`: one MULTI and one
 * round trip for all the webhook deliveries acknowledged together, instead of a BullMQ `add` (its own
 * script call, pipeline and round trip) each. Each caller's promise settles when its job is in Redis, so a
 * caller that awaits it (the webhook ack, see to-salesforce/ingest.ts) keeps the same guarantee as with `add`.
 */
export class BulkAdder {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly queue: Pick<Queue, 'addBulk'>) {}

  add(name: string, data: unknown, opts: JobsOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ name, data, opts, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const all = this.waiting;
    this.waiting = [];
    for (let i = 0; i < all.length; i += MAX_BULK) {
      const batch = all.slice(i, i + MAX_BULK);
      try {
        await this.queue.addBulk(batch.map(({ name, data, opts }) => ({ name, data, opts })));
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  }
}
