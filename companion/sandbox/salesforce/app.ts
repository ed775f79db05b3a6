// The emulator's express app: OAuth, the versioned REST API behind session/limit/fault middleware, control routes.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { ApiError, errorHandler, param, sendJson } from './http.js';
import { apiLimit, faults, requestLog } from './middleware.js';
import { oauthRouter, requireSession } from './routes/auth.js';
import { bulk2Router } from './routes/bulk2.js';
import { collectionsRouter } from './routes/collections.js';
import { controlRouter } from './routes/control.js';
import { queryRouter } from './routes/query.js';
import { sobjectRouter } from './routes/sobjects.js';
import type { EmulatorState } from './state.js';
import type { TriggerDispatcher } from './triggers.js';

const VERSION = /^v\d{2}\.\d$/;

function limits(state: EmulatorState) {
  return (_req: Request, res: Response) => {
    const max = (n: number) => ({ Max: n, Remaining: n });
    sendJson(res, 200, {
      DailyApiRequests: { Max: state.api.limit, Remaining: Math.max(0, state.api.limit - state.api.used) },
      DailyAsyncApexExecutions: max(250_000),
      DailyBulkV2QueryJobs: max(10_000),
      DailyBulkV2QueryFileStorageMB: max(976_562),
      DataStorageMB: max(1024),
      SingleEmailMessages: max(5000),
    });
  };
}

function apiRouter(state: EmulatorState): express.Router {
  const api = express.Router({ mergeParams: true });
  api.use((req: Request, _res: Response, next: NextFunction) => {
    if (!VERSION.test(param(req, 'version')))
      throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    next();
  });
  api.use((_req: Request, res: Response, next: NextFunction) => {
    res.set('Sforce-Limit-Info', `api-usage=${state.api.used}/${state.api.limit}`); // also on 401s
    next();
  });
  api.use(requireSession(state), apiLimit(state), faults(state), express.json({ limit: '200mb' }));
  api.get('/limits', limits(state));
  api.get('/', (req: Request, res: Response) => {
    const base = `/services/data/${param(req, 'version')}`;
    const resources = Object.fromEntries(
      ['sobjects', 'query', 'queryAll', 'limits', 'composite', 'jobs'].map((r) => [r, `${base}/${r}`]),
    );
    sendJson(res, 200, {
      ...resources,
      identity: `${state.url}/id/${state.orgId}/${String(res.locals.userId)}`,
    });
  });
  api.use(sobjectRouter(state), collectionsRouter(state), queryRouter(state), bulk2Router(state));
  api.use(() => {
    throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  });
  return api;
}

/** Request-line limit of the REST API: a longer URI is refused before any routing (README "Assumptions"). */
const MAX_URI_BYTES = 16_384;

function uriLimit(req: Request, res: Response, next: NextFunction): void {
  if (Buffer.byteLength(req.originalUrl, 'utf8') <= MAX_URI_BYTES) return next();
  res
    .status(414)
    .type('text/html')
    .send('<html><head><title>414 Request-URI Too Large</title></head><body>URI Too Long</body></html>');
}

export function createEmulatorApp(state: EmulatorState, triggers: TriggerDispatcher): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(uriLimit);
  app.use('/services', requestLog(state));
  app.use(oauthRouter(state));
  app.get('/services/data', (_req, res) =>
    sendJson(
      res,
      200,
      Array.from({ length: 28 }, (_, i) => `${42 + i}.0`).map((version) => ({
        version,
        label: `v${version}`,
        url: `/services/data/v${version}`,
      })),
    ),
  );
  app.use('/services/data/:version', apiRouter(state));
  app.use('/__sandbox', controlRouter(state, triggers));
  app.use((_req: Request, res: Response) =>
    sendJson(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]),
  );
  app.use(errorHandler);
  return app;
}
