// Wire helpers: Salesforce JSON content type, error arrays, and an error type routes can throw.
import type { NextFunction, Request, Response } from 'express';
import type { DmlError } from './validate.js';

const JSON_TYPE = 'application/json;charset=UTF-8';

export function sendJson(res: Response, status: number, body: unknown): void {
  // A Buffer body keeps express from rewriting the content type to 'application/json; charset=utf-8'.
  res
    .status(status)
    .set('Content-Type', JSON_TYPE)
    .send(Buffer.from(JSON.stringify(body), 'utf8'));
}

export function sendNoContent(res: Response): void {
  res.status(204).end();
}

/** A REST error answered as `[{message, errorCode, fields?}, …]` (one item per error of the record). */
export class ApiError extends Error {
  /** Errors after the first, when one record failed several checks. */
  more: DmlError[] = [];

  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }

  static fromDml(status: number, e: DmlError, ...more: DmlError[]): ApiError {
    const error = new ApiError(status, e.statusCode, e.message, e.fields);
    error.more = more;
    return error;
  }
}

export function sendApiError(res: Response, e: ApiError): void {
  const body: Record<string, unknown> = { message: e.message, errorCode: e.errorCode };
  if (e.fields) body.fields = e.fields;
  const more = e.more.map((m) => ({ message: m.message, errorCode: m.statusCode, fields: m.fields }));
  sendJson(res, e.status, [body, ...more]);
}

/** Final error handler: ApiError → its shape; body-parser JSON errors → JSON_PARSER_ERROR; anything else → 500. */
export function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof ApiError) return sendApiError(res, err);
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed')
    return sendApiError(
      res,
      new ApiError(400, 'JSON_PARSER_ERROR', `Unexpected character: ${e.message ?? ''}`),
    );
  if (e.type === 'entity.too.large')
    return sendApiError(res, new ApiError(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request entity too large'));
  sendApiError(
    res,
    new ApiError(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred: ${e.message ?? String(err)}`),
  );
}

export function param(req: Request, name: string): string {
  const v = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join('/') : (v ?? '');
}

export function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
}
