import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logging/index.js';

/** An error with an HTTP status and a snake_case code; the error handler turns it into the JSON error body. */
export class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json(errorBody('not_found', `No route for ${req.method} ${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

/** The one error handler that closes the chain: JSON always, no stack traces or internals to the caller. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof HttpError) {
      res.status(err.status).json(errorBody(err.code, err.message, err.details));
      return;
    }
    const e = (err ?? {}) as BodyParserError;
    if (e.type === 'entity.too.large') {
      res.status(413).json(errorBody('payload_too_large', 'Request body is larger than the limit'));
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('invalid_json', 'Request body is not valid JSON'));
      return;
    }
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // A client error from a library (the router's undecodable `%ZZ` param, a body parser): its status,
      // and its message only when the library marks it safe to show.
      const message = e.expose && e.message ? e.message : 'Bad request';
      res.status(status).json(errorBody(status === 400 ? 'bad_request' : 'client_error', message));
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json(errorBody('internal_error', 'Internal error'));
  };
}
