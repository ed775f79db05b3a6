/**
 * Aloware timestamps: `YYYY-MM-DD HH:MM:SS`, UTC, without any zone designator (observed by two
 * independent captures; companion/sandbox/aloware/README.md).
 */
export function alowareTimestamp(date: Date = new Date()): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
