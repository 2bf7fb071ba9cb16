/**
 * Small arithmetic over metric series: sums, averages, extremes and per-interval totals, with
 * dimension names compared case-insensitively (Azure Monitor returns them lower-cased).
 */
import type { Metric, MetricPoint } from './azure-model.js';

/** The metric named `name` (case-insensitive). */
export function findMetric(metrics: Metric[], name: string): Metric | undefined {
  return metrics.find((m) => m.name.toLowerCase() === name.toLowerCase());
}

/** The value of a dimension in a series, by case-insensitive name. */
export function dimension(dims: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(dims).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : dims[key];
}

/** All points of a metric that carry the field `field`. */
export function values(points: MetricPoint[], field: keyof Omit<MetricPoint, 'timeStamp'>): number[] {
  return points.map((p) => p[field]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Arithmetic mean; undefined for no values. */
export function mean(xs: number[]): number | undefined {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
}

/**
 * Why a requested metric cannot be used, or undefined when it can: missing from the answer,
 * failed with a per-metric error (`errorCode` other than `Success`), or without a single value in
 * `field`. Probes turn any of these into `undetermined`, never into "within thresholds".
 */
export function metricProblem(
  metrics: Metric[],
  name: string,
  field: keyof Omit<MetricPoint, 'timeStamp'>,
): string | undefined {
  const m = findMetric(metrics, name);
  if (!m) return `Azure Monitor's answer did not include the ${name} metric`;
  if (m.error)
    return `Azure Monitor could not read the ${name} metric (${m.error.code}${m.error.message ? `: ${m.error.message}` : ''})`;
  const points = m.series.flatMap((s) => s.points);
  if (values(points, field).length === 0) return `Azure Monitor returned no ${name} data points`;
  return undefined;
}
