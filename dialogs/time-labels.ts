/** How times and durations read in the bot's messages and cards. */

/** `2026-12-08T09:30:12.000Z` → `2026-12-08 09:30 UTC` (as stored when it is not an ISO time). */
export function utcMinute(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
}

/** A human label for a grant duration in hours (0: until removed). */
export function hoursLabel(hours: number): string {
  if (hours === 0) return 'Until removed';
  if (hours % 24 === 0) return hours === 24 ? '24 hours' : `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}
