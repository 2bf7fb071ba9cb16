/**
 * The `availability` probe's evaluation: the vault's `Availability` and `ServiceApiLatency`
 * metrics against the thresholds recommended for alerts (availability < 100 %, average latency
 * > 1000 ms; azure-facts.md §5.2).
 */
import type { Metric, Vault } from './azure-model.js';
import { findMetric, mean, metricProblem, values } from './metric-series.js';
import type { EvidenceItem, FixName, Verdict } from './probe-result.js';

/** Alert threshold: availability below this percentage. */
export const AVAILABILITY_THRESHOLD_PERCENT = 100;
/** Alert threshold: average latency above this many milliseconds. */
export const LATENCY_THRESHOLD_MS = 1000;

/** The probe's answer. */
export interface AvailabilityOutcome {
  verdict: Verdict;
  reason: string;
  evidence: EvidenceItem[];
  fixes: FixName[];
  availability: { average: number; minimum: number } | null;
  latencyMs: { average: number; maximum: number } | null;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Evaluates availability and latency metrics (pure). */
export function evaluateAvailability(vault: Vault, metrics: Metric[]): AvailabilityOutcome {
  const avail = findMetric(metrics, 'Availability')?.series.flatMap((s) => s.points) ?? [];
  const lat = findMetric(metrics, 'ServiceApiLatency')?.series.flatMap((s) => s.points) ?? [];
  const aAvg = mean(values(avail, 'average'));
  const aMin = Math.min(...values(avail, 'minimum'), ...values(avail, 'average'));
  const lAvg = mean(values(lat, 'average'));
  const lMax = Math.max(...values(lat, 'maximum'), ...values(lat, 'average'));
  const availability = aAvg === undefined ? null : { average: round(aAvg), minimum: round(aMin) };
  const latencyMs = lAvg === undefined ? null : { average: round(lAvg), maximum: round(lMax) };
  const evidence: EvidenceItem[] = [];
  const problems: string[] = [];
  if (availability) {
    const low = avail.filter((p) => (p.minimum ?? p.average ?? 100) < AVAILABILITY_THRESHOLD_PERCENT).length;
    evidence.push({
      kind: 'metric',
      metric: 'Availability',
      ...availability,
      intervalsBelowThreshold: low,
      text: `Availability over 24 h: average ${availability.average} %, lowest ${availability.minimum} % (${low} interval(s) below ${AVAILABILITY_THRESHOLD_PERCENT} %; that alert also counts long-running operations).`,
    });
    if (availability.minimum < AVAILABILITY_THRESHOLD_PERCENT)
      problems.push(`availability dropped to ${availability.minimum} %`);
  }
  if (latencyMs) {
    const slow = lat.filter((p) => (p.average ?? 0) > LATENCY_THRESHOLD_MS).length;
    evidence.push({
      kind: 'metric',
      metric: 'ServiceApiLatency',
      ...latencyMs,
      intervalsAboveThreshold: slow,
      text: `Service API latency over 24 h: average ${latencyMs.average} ms, highest ${latencyMs.maximum} ms (${slow} interval(s) averaging above ${LATENCY_THRESHOLD_MS} ms).`,
    });
    if (slow > 0) problems.push(`average latency exceeded ${LATENCY_THRESHOLD_MS} ms in ${slow} interval(s)`);
  }
  // A metric that failed (per-metric errorCode), is missing, or has no data leaves the answer open.
  const unreadable = [
    metricProblem(metrics, 'Availability', 'average'),
    metricProblem(metrics, 'ServiceApiLatency', 'average'),
  ].filter((p): p is string => p !== undefined);
  for (const text of unreadable) evidence.push({ kind: 'metric', text: `${text}.` });
  if (problems.length) {
    const partly = unreadable.length ? ` (${unreadable.join('; ')})` : '';
    return {
      verdict: 'denied',
      availability,
      latencyMs,
      evidence,
      fixes: [],
      reason: `${vault.name} breached the recommended alert thresholds in the last 24 h: ${problems.join('; ')}${partly}.`,
    };
  }
  if (unreadable.length) {
    return {
      verdict: 'undetermined',
      availability,
      latencyMs,
      evidence,
      fixes: [],
      reason: `The bot cannot tell whether ${vault.name} stayed within the recommended thresholds in the last 24 h: ${unreadable.join('; ')}.`,
    };
  }
  return {
    verdict: 'allowed',
    availability,
    latencyMs,
    evidence,
    fixes: [],
    reason: `${vault.name} stayed within the recommended thresholds in the last 24 h (availability ${availability!.minimum} % minimum, latency ${latencyMs!.average} ms average).`,
  };
}
