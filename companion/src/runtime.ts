import type { Router, RequestHandler } from 'express';
import type { Config } from './config/index.js';
import type { RouteDef } from './http/route.js';
import type { RouteAuth } from './http/route.js';
import { healthz } from './http/routes/healthz.js';
import type { Logger } from './logging/index.js';

export type Role = 'all' | 'web' | 'worker';

/** What server.ts needs: the HTTP surface (web role) and the background parts (worker role). */
export interface Runtime {
  routes: RouteDef<unknown>[];
  deps: unknown;
  mounts: { path: string; auth: RouteAuth; router: Router | RequestHandler }[];
  /** Starts workers and schedulers for the role. */
  start(): Promise<void>;
  /** Finishes or returns in-flight jobs, closes connections. */
  stop(): Promise<void>;
}

/** Wires the companion's parts for a role. */
export async function buildRuntime(_config: Config, _logger: Logger, _role: Role): Promise<Runtime> {
  return {
    routes: [healthz],
    deps: {},
    mounts: [],
    start: async () => undefined,
    stop: async () => undefined,
  };
}
