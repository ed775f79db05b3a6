import type { RequestHandler } from 'express';
import type { z } from 'zod';

/**
 * Who may call a route. `operator-browser` takes the same operator token but challenges with Basic, so a
 * browser prompts for it (any user name, the token as password).
 */
export type RouteAuth = 'none' | 'sync-key' | 'aloware-webhook' | 'operator' | 'operator-browser';

/**
 * A route file exports one of these: method, path, auth, optional zod schemas, and the handler.
 * createApp mounts them in order; validation failures become 400 with the zod reason.
 */
export interface RouteDef<Deps = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  auth: RouteAuth;
  /** Body size limit for JSON bodies (default 256kb). */
  bodyLimit?: string;
  body?: z.ZodType;
  params?: z.ZodType;
  query?: z.ZodType;
  handler: (deps: Deps) => RequestHandler;
}
