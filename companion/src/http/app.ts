import express, { type RequestHandler, type Router } from 'express';
import type { Logger } from '../logging/index.js';
import { requireBearer, requireSyncKey } from './auth.js';
import { errorHandler, HttpError, notFound } from './errors.js';
import {
  requestLogging,
  requestMetrics,
  routeLabel,
  webhookRejections,
  type HttpMetrics,
} from './observe.js';
import type { RouteAuth, RouteDef } from './route.js';

interface AppSecrets {
  salesforceSyncKey: string;
  alowareWebhookToken: string;
  operatorToken: string;
}

export interface AppOptions<Deps> {
  secrets: AppSecrets;
  logger: Logger;
  routes: RouteDef<Deps>[];
  deps: Deps;
  /** Extra routers (e.g. the bull-board UI), mounted behind the given auth. */
  mounts?: { path: string; auth: RouteAuth; router: Router | RequestHandler }[];
  /** Request counts and durations, rejected webhooks (the runtime's metrics). */
  metrics?: HttpMetrics;
}

function authFor(auth: RouteAuth, secrets: AppSecrets): RequestHandler[] {
  switch (auth) {
    case 'none':
      return [];
    case 'sync-key':
      return [requireSyncKey(secrets.salesforceSyncKey)];
    case 'aloware-webhook':
      return [requireBearer(secrets.alowareWebhookToken, 'aloware-webhook')];
    case 'operator':
      return [requireBearer(secrets.operatorToken, 'operator')];
    case 'operator-browser':
      return [requireBearer(secrets.operatorToken, 'operator', 'Basic')];
  }
}

function validate(route: RouteDef<unknown>): RequestHandler {
  return (req, _res, next) => {
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = route[part];
      if (!schema) continue;
      const result = schema.safeParse(req[part] ?? {});
      if (!result.success) {
        const reason = result.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || part}: ${i.message}`)
          .join('; ');
        return next(new HttpError(400, 'invalid_request', `Invalid ${part}: ${reason}`));
      }
      if (part === 'body') req.body = result.data;
      else Object.defineProperty(req, part, { value: result.data, writable: true, configurable: true });
    }
    next();
  };
}

/** Builds the express app. Never listens: server.ts does that, tests use supertest. */
export function createApp<Deps>(options: AppOptions<Deps>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestLogging(options.logger));
  if (options.metrics) app.use(requestMetrics(options.metrics));
  for (const route of options.routes) {
    const handlers: RequestHandler[] = [routeLabel(route.path), ...authFor(route.auth, options.secrets)];
    if (['post', 'put', 'patch', 'delete'].includes(route.method)) {
      handlers.push(express.json({ limit: route.bodyLimit ?? '256kb', strict: true, type: () => true }));
    }
    handlers.push(validate(route as RouteDef<unknown>), route.handler(options.deps));
    app[route.method](route.path, ...handlers);
  }
  for (const mount of options.mounts ?? []) {
    app.use(mount.path, routeLabel(mount.path), ...authFor(mount.auth, options.secrets), mount.router);
  }
  app.use(notFound);
  app.use(webhookRejections(options.logger, options.metrics));
  app.use(errorHandler(options.logger));
  return app;
}
