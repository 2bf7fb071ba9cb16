/**
 * ISO 8601 durations and Azure Monitor `timespan` values (`start/end`, `start/duration`,
 * `duration` ending now), as the metrics API accepts them.
 */

/** Milliseconds in an ISO 8601 duration such as `PT1H` or `P1DT12H`, or undefined when malformed. */
export function parseDurationInMs(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase() === 'PT') return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [number, number, number, number];
  const ms = (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
  return ms > 0 ? ms : undefined;
}

/** `[startMs, endMs]` of a timespan, or undefined when malformed. */
export function parseTimespan(text: string, nowMs: number): [number, number] | undefined {
  const parts = text.split('/');
  if (parts.length === 1) {
    const d = parseDurationInMs(parts[0]!);
    return d === undefined ? undefined : [nowMs - d, nowMs];
  }
  if (parts.length !== 2) return undefined;
  const start = Date.parse(parts[0]!);
  if (Number.isNaN(start)) return undefined;
  const endAbs = Date.parse(parts[1]!);
  const end = Number.isNaN(endAbs) ? (parseDurationInMs(parts[1]!) ?? NaN) + start : endAbs;
  if (Number.isNaN(end) || end <= start) return undefined;
  return [start, end];
}

/** ISO string without milliseconds, as Azure Monitor prints timestamps. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
