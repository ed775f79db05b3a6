/**
 * Aloware timestamps: `YYYY-MM-DD HH:MM:SS`, UTC, without any zone designator (aloware-api.md §4.3,
 * observed by two independent captures).
 */
export function alowareTimestamp(date: Date = new Date()): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
