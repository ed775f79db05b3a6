import { z } from 'zod';

const trigger = {
  /** Fire for the next `count` matching requests/deliveries, then stop. */
  count: z.number().int().positive().optional(),
  /** Fire with this probability (0..1). With neither count nor rate, fire always. */
  rate: z.number().min(0).max(1).optional(),
  /** Only requests whose `METHOD /path` contains this text (e.g. `forms`, `GET /api/v1/webhook/users`). */
  route: z.string().min(1).optional(),
};

export const faultInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0).max(120_000), route: trigger.route }),
  z.object({ kind: z.literal('error'), status: z.number().int().min(500).max(599).default(500), ...trigger }),
  z.object({
    kind: z.literal('throttle'),
    retryAfterSeconds: z.number().int().min(0).default(60),
    ...trigger,
  }),
  z.object({
    kind: z.literal('drop-webhooks'),
    count: trigger.count,
    rate: trigger.rate,
    /** Only this wire event name. */
    event: z.string().min(1).optional(),
  }),
]);
export type FaultInput = z.infer<typeof faultInputSchema>;
export type Fault = FaultInput & { id: number; remaining?: number };

export type HttpFault = { status: number; retryAfterSeconds?: number };

/** Injected failures for the public API (latency, 5xx, 429) and for the webhooks it sends (dropped deliveries). */
export class FaultSet {
  private faults: Fault[] = [];
  private nextId = 1;

  add(input: FaultInput): Fault {
    const fault: Fault = { ...input, id: this.nextId++ };
    if ('count' in input && input.count !== undefined) fault.remaining = input.count;
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  latencyFor(route: string): number {
    return this.faults
      .filter((f) => f.kind === 'latency' && matchesRoute(f.route, route))
      .reduce((sum, f) => sum + (f.kind === 'latency' ? f.ms : 0), 0);
  }

  /** The error or throttle fault that fires for this request, if any (consumes a count). */
  httpFaultFor(route: string): HttpFault | undefined {
    for (const f of this.faults) {
      if (f.kind !== 'error' && f.kind !== 'throttle') continue;
      if (!matchesRoute(f.route, route) || !this.fires(f)) continue;
      return f.kind === 'error'
        ? { status: f.status }
        : { status: 429, retryAfterSeconds: f.retryAfterSeconds };
    }
    return undefined;
  }

  shouldDropWebhook(event: string): boolean {
    return this.faults.some(
      (f) => f.kind === 'drop-webhooks' && (f.event === undefined || f.event === event) && this.fires(f),
    );
  }

  private fires(fault: Fault): boolean {
    if (fault.remaining !== undefined) {
      if (fault.remaining <= 0) return false;
      fault.remaining--;
      return true;
    }
    return 'rate' in fault && fault.rate !== undefined ? Math.random() < fault.rate : true;
  }
}

function matchesRoute(filter: string | undefined, route: string): boolean {
  return filter === undefined || route.includes(filter);
}
