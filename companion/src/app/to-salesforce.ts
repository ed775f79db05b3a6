import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ActivitySync } from '../activity/activity-sync.js';
import { CommunicationStore } from '../activity/communication-store.js';
import { ParkedStore } from '../activity/parked.js';
import { TASK_BUFFER, TaskFlush, type TaskBuffer } from '../activity/task-flush.js';
import { classifyDelivery } from '../aloware/webhooks.js';
import { alowareWebhookMount } from '../http/routes/aloware-webhook.js';
import { deliveryInspectionRoutes } from '../http/routes/admin-aloware-deliveries.js';
import { parkedRoutes } from '../http/routes/api-parked.js';
import type { RouteDef } from '../http/route.js';
import type { Metrics } from '../metrics/index.js';
import { ChangeBuffer, type FlushMode } from '../queue/sf-changes.js';
import { TO_SALESFORCE_JOB_OPTIONS } from '../queue/names.js';
import type { WorkerOptions } from '../queue/worker-factory.js';
import { syncAlowareContact } from '../to-salesforce/contact-sync.js';
import type { ToSalesforceDeps } from '../to-salesforce/deps.js';
import { AlowareIngest } from '../to-salesforce/ingest.js';
import { ToSalesforceProducer } from '../to-salesforce/producer.js';
import type { LifecycleChange } from '../queue/sf-changes.js';
import { moveLinks } from '../salesforce-lifecycle/lifecycle.js';
import { RedisUnhandledLog } from '../to-salesforce/unhandled-log.js';
import { startToSalesforceWorkers } from '../to-salesforce/workers.js';

export interface ToSalesforceBuildDeps extends ToSalesforceDeps {
  redis: Redis;
  queues: { alowareEvents: Queue; activities: Queue; parked: Queue };
  metrics?: Metrics;
  /** Coalescing window of the batched Task writer (the same window as Salesforce changes). */
  coalesceMs: number;
}

/**
 * The Aloware → Salesforce side, built once by the composition root (runtime.ts) from the parts it passes in:
 * ingest + route, the contact and activity workers, the parked list and its sweep, and the lifecycle entry point
 * for the Salesforce change path (`lifecycle`, which the to-Aloware deps are built with). runtime.ts registers
 * `routes`, `mounts`, and calls `start` for worker roles.
 */
export function buildToSalesforce(deps: ToSalesforceBuildDeps) {
  const { store, logger } = deps;
  const producer = new ToSalesforceProducer(deps.queues.alowareEvents, deps.queues.activities);
  const parked = new ParkedStore(deps.redis, store.keys);
  const communications = new CommunicationStore(deps.redis, store.keys, store.locks);
  const unhandled = new RedisUnhandledLog(deps.redis, store.keys.key('aloware', 'unhandled'));
  const releasePhone = async (e164: string) => {
    for (const id of await parked.forPhone(e164)) await producer.write(id);
  };
  const taskBuffer: TaskBuffer = new ChangeBuffer<typeof TASK_BUFFER>(
    deps.redis,
    store.keys,
    deps.queues.activities,
    deps.coalesceMs,
    TO_SALESFORCE_JOB_OPTIONS,
  );
  const activityDeps = {
    ...deps,
    communications,
    parked,
    onRecord: releasePhone,
    pending: (communicationId: string) => taskBuffer.add(TASK_BUFFER, [communicationId]),
  };
  const activity = new ActivitySync(activityDeps);
  const tasks = new TaskFlush(
    { ...activityDeps, buffer: taskBuffer, writeOne: (id) => producer.write(id) },
    activity,
  );
  const ingest = new AlowareIngest(
    store.inbox,
    producer,
    unhandled,
    logger.child({ area: 'aloware-ingest' }),
    (kind) => deps.metrics?.eventsReceived.inc({ source: 'aloware', kind }),
  );
  /** Writes per outcome, and the latency from receipt to the Salesforce write (to_salesforce). */
  const observe = async (outcome: string, receivedAt: string | undefined) => {
    if (!deps.metrics) return;
    deps.metrics.writes.inc({ direction: 'to_salesforce', outcome });
    const written = ['created', 'updated', 'activity_logged'].includes(outcome);
    if (written && receivedAt)
      await deps.metrics.latency('to_salesforce', Date.now() - Date.parse(receivedAt));
  };
  const handlers = {
    async contact(inboxId: string) {
      const entry = await store.inbox.get(inboxId);
      const event = entry ? classifyDelivery(entry.payload) : null;
      if (!event || event.kind !== 'contact') return { outcome: 'skipped' };
      const result = await syncAlowareContact(deps, event.contact, releasePhone);
      await observe(result.outcome, entry!.receivedAt);
      await store.inbox.done('aloware', inboxId);
      return result;
    },
    async delivery(inboxId: string) {
      const receivedAt = (await store.inbox.get(inboxId))?.receivedAt;
      const result = await activity.handleDelivery(inboxId);
      // A queued delivery is measured when its Task is written (task-flush.ts).
      if (result.outcome !== 'queued') await observe(`activity_${result.outcome}`, receivedAt);
      return result;
    },
    async write(communicationId: string) {
      const result = await activity.write(communicationId);
      await observe(`activity_${result.outcome}`, undefined);
      return result;
    },
    flush: (job: string, mode?: FlushMode) => tasks.flush(job, mode),
    claimed: (job: string) => tasks.claimed(job),
    release: (job: string) => tasks.release(job),
    async sweep() {
      let released = 0;
      for (const item of await parked.all()) {
        if (item.phone && (await store.links.byPhone(item.phone))) {
          await producer.write(item.communicationId);
          released++;
        }
      }
      const requeued = await ingest.requeuePending(60_000);
      return { released, requeued };
    },
  };
  const routes: RouteDef<unknown>[] = [
    ...parkedRoutes({
      list: () => parked.list(),
      exists: async (id) => (await parked.get(id)) !== null,
      retry: (id) => producer.write(id),
    }),
    ...deliveryInspectionRoutes({
      unhandled: (limit) => unhandled.list(limit),
      async delivery(inboxId) {
        const entry = await store.inbox.get(inboxId);
        return entry?.source === 'aloware'
          ? { id: entry.id, receivedAt: entry.receivedAt, payload: entry.payload }
          : null;
      },
    }),
  ];
  return {
    routes,
    mounts: [alowareWebhookMount(ingest)],
    ingest,
    activity,
    tasks,
    parked,
    communications,
    unhandled,
    producer,
    handlers,
    /** For the Salesforce change path (converted, merged, deleted, undeleted). */
    lifecycle: (change: LifecycleChange) => moveLinks({ ...deps, onRecord: releasePhone }, change),
    /** Starts the workers, then queues deliveries a previous process stored but never queued. */
    async start(opts: WorkerOptions & { sweepEveryMs?: number }): Promise<Worker[]> {
      const workers = await startToSalesforceWorkers(
        handlers,
        deps.queues.parked,
        opts,
        store,
        logger.child({ area: 'to_salesforce' }),
      );
      await ingest.requeuePending(0).catch((err: unknown) => logger.warn({ err }, 'aloware requeue failed'));
      return workers;
    },
  };
}

export type ToSalesforce = ReturnType<typeof buildToSalesforce>;
