import type { Redis } from 'ioredis';
import type { Keys, Locks } from '../store/index.js';
import { mergeCommunication, type CommunicationEvent, type CommunicationState } from './task-builder.js';

/** A communication's folded state plus what the writer learnt (the Task id once it exists). */
export interface CommunicationRecord {
  state: CommunicationState;
  taskId: string | null;
  /** Digest of the Task fields last written: an identical write is skipped. */
  writtenHash: string | null;
}

/**
 * One folded state per communication. Folding holds a per-communication lock, so two workers folding two
 * deliveries of the same call at once both count. The Task id (and the digest of what was written) lives
 * under its own key, written by the Task writer and never overwritten by a fold. Entries expire after
 * `ttlSeconds` (30 days).
 */
export class CommunicationStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly locks: Locks,
    private readonly ttlSeconds = 30 * 24 * 3600,
  ) {}

  private stateKey = (id: string) => this.keys.key('comm', 'state', id);
  private taskKey = (id: string) => this.keys.key('comm', 'task', id);

  async get(communicationId: string): Promise<CommunicationRecord | null> {
    const [state, task] = await this.redis.mget(
      this.stateKey(communicationId),
      this.taskKey(communicationId),
    );
    return state ? { state: JSON.parse(state) as CommunicationState, ...parseTask(task) } : null;
  }

  async fold(event: CommunicationEvent): Promise<CommunicationRecord> {
    const id = event.communicationId;
    const state = await this.locks.withLock(`comm-${id}`, async () => {
      const raw = await this.redis.get(this.stateKey(id));
      const next = mergeCommunication(raw ? (JSON.parse(raw) as CommunicationState) : null, event);
      await this.redis.set(this.stateKey(id), JSON.stringify(next), 'EX', this.ttlSeconds);
      return next;
    });
    return { state, ...parseTask(await this.redis.get(this.taskKey(id))) };
  }

  /** Remembers that the policy skipped a communication; true the first time for that reason. */
  async markSkipped(communicationId: string, reason: string): Promise<boolean> {
    const key = this.keys.key('comm', 'skipped', communicationId);
    const previous = await this.redis.set(key, reason, 'EX', this.ttlSeconds, 'GET');
    return previous !== reason;
  }

  /** The Task id once it exists, with the digest of the fields just written. */
  async setTask(communicationId: string, taskId: string, writtenHash: string): Promise<void> {
    await this.redis.set(this.taskKey(communicationId), `${taskId} ${writtenHash}`, 'EX', this.ttlSeconds);
  }
}

function parseTask(raw: string | null | undefined): Pick<CommunicationRecord, 'taskId' | 'writtenHash'> {
  const [taskId, writtenHash] = raw ? raw.split(' ') : [];
  return { taskId: taskId ?? null, writtenHash: writtenHash ?? null };
}
