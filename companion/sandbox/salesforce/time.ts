// Salesforce wire formats for dates: datetime `YYYY-MM-DDTHH:mm:ss.000+0000` (UTC, whole seconds), date `YYYY-MM-DD`.
export function sfDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('Z', '+0000');
}

export function sfDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Parses any ISO-8601 (incl. `+0000` without colon) into epoch ms, or NaN. */
export function parseSfDate(value: string): number {
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return Date.parse(normalised);
}

/** ISO-8601 with `Z`, as the change event contract uses. */
export function isoZ(sfValue: string): string {
  return new Date(parseSfDate(sfValue)).toISOString();
}
