import type { Response } from 'express';
import type { z } from 'zod';

/** Errors of the emulator's own `/__sandbox` control API (not Aloware's wire format). */
export function controlError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** Parses a control body with zod; on failure answers 400 and returns undefined. */
export function parseBody<T extends z.ZodType>(
  res: Response,
  schema: T,
  body: unknown,
): z.infer<T> | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  controlError(res, 400, 'invalid_request', message);
  return undefined;
}
