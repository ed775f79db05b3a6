import type { SaveResult } from './gateway.js';

export interface RawSaveResult {
  id?: string;
  success: boolean;
  errors?: { statusCode?: string; errorCode?: string; message: string; fields?: string[] }[];
}

/** Per-record errors carry `statusCode` (collections) or `errorCode` (single): read both. */
export function toSaveResult(raw: RawSaveResult): SaveResult {
  return {
    id: raw.id,
    success: raw.success,
    errors: (raw.errors ?? []).map((e) => ({
      code: e.statusCode ?? e.errorCode ?? 'UNKNOWN',
      message: e.message,
      fields: e.fields,
    })),
  };
}
