/**
 * Aloware timestamps: `YYYY-MM-DD HH:MM:SS`, UTC, without any zone designator (see companion/sandbox/aloware/README.md,
 * observed by two independent captures).
 */
export function alowareTimestamp(date: Date = new Date()): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
