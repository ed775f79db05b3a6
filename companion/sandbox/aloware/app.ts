import express, { type ErrorRequestHandler, type Express } from 'express';
import { SPA_SHELL } from './html.js';
import { agentRouter } from './routes/agent.js';
import { controlRouter } from './routes/control.js';
import { publicRouter } from './routes/public.js';
import { controlError } from './routes/respond.js';
import type { EmulatorState } from './state.js';

/** The emulator's HTTP surface: Aloware's public API, recordings, the `/__sandbox` controls, and the SPA shell. */
export function createAlowareApp(state: EmulatorState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false }));
  app.use('/api/v1/webhook', publicRouter(state));
  app.use('/__sandbox', agentRouter(state), controlRouter(state));
  app.use('/__sandbox', (_req, res) => controlError(res, 404, 'not_found', 'Unknown sandbox control route.'));
  mountRecordings(app, state);
  // Anything else — including unknown `/api/...` paths and any method — is the SPA shell with 200 (observed).
  app.use((req, res) => {
    if (req.path.startsWith('/api/')) {
      state.requests.record({
        at: new Date().toISOString(),
        method: req.method,
        route: 'unknown',
        status: 200,
        durationMs: 0,
      });
    }
    res.status(200).type('html').send(SPA_SHELL);
  });
  app.use(errorHandler);
  return app;
}

/**
 * `direct_recording_url` works without authentication and answers with a 302 to a one-hour pre-signed S3 link
 * (observed). The emulator redirects to a fake pre-signed URL on itself that serves a few bytes of audio.
 */
function mountRecordings(app: Express, state: EmulatorState): void {
  app.get('/recordings/:id', (req, res, next) => {
    const id = Number(req.params.id);
    if (!state.communications.get(id)) return next();
    const expires = Math.floor(Date.now() / 1000) + 3600;
    res.redirect(
      302,
      `${state.baseUrl}/__s3/recordings/${id}.mp3?X-Amz-Expires=3600&X-Amz-Date=${expires}&X-Amz-Signature=sandbox`,
    );
  });
  app.get('/__s3/recordings/:file', (_req, res) => {
    res.type('audio/mpeg').send(Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]));
  });
}

const errorHandler: ErrorRequestHandler = (err: { type?: string; status?: number }, req, res, _next) => {
  const status = err.type === 'entity.parse.failed' ? 400 : (err.status ?? 500);
  if (req.path.startsWith('/__sandbox')) {
    return controlError(res, status, status === 400 ? 'malformed_json' : 'internal', 'Request failed.');
  }
  res.status(status).json({ message: status === 400 ? 'Malformed JSON.' : 'Server Error' });
};
