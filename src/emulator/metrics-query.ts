/**
 * Answers an Azure Monitor metrics query from fixture time series: shifts the fixture's points so
 * its `anchor` is the current hour, keeps the series the dimension `$filter` selects, groups them
 * by the filtered dimensions, and buckets the points by `interval` with the requested aggregations.
 */
import type { ArmMetricValue, FixtureResourceMetrics } from './fixture-types.js';
import { isoSeconds } from './iso-time.js';
import type { MetricDefinition } from './key-vault-metrics.js';

/** Dimension name (lower case) → accepted values (lower case), `*` = any. */
export type DimensionFilter = Map<string, Set<string>>;

/** The `$filter` could not be used. */
export class MetricFilterError extends Error {
  override readonly name = 'MetricFilterError';
}

/** Parses `Dim eq 'v' [or Dim eq 'w'] [and Other eq '*']`. */
export function parseDimensionFilter(filter: string | null, def: MetricDefinition): DimensionFilter {
  const result: DimensionFilter = new Map();
  if (!filter || !filter.trim()) return result;
  for (const group of filter.split(/\s+and\s+/i)) {
    for (const raw of group.replace(/^\s*\(|\)\s*$/g, '').split(/\s+or\s+/i)) {
      const m = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(raw);
      if (!m)
        throw new MetricFilterError(
          `The $filter '${filter}' is invalid: expected clauses like StatusCode eq '429' joined with 'and' / 'or'.`,
        );
      const dim = def.dimensions.find((d) => d.toLowerCase() === m[1]!.toLowerCase());
      if (!dim)
        throw new MetricFilterError(
          `Dimension '${m[1]}' is not valid for metric '${def.name}'. Valid dimensions: ${def.dimensions.join(', ')}.`,
        );
      const set = result.get(dim.toLowerCase()) ?? new Set<string>();
      set.add(m[2]!.toLowerCase());
      result.set(dim.toLowerCase(), set);
    }
  }
  return result;
}

/** One output series. */
export interface SeriesOut {
  metadatavalues: { name: { value: string; localizedValue: string }; value: string }[];
  data: ArmMetricValue[];
}

interface ShiftedSeries {
  dims: Map<string, string>;
  points: ArmMetricValue[];
}

function shiftMs(block: FixtureResourceMetrics, nowMs: number): number {
  const hour = 3_600_000;
  const anchor =
    block.anchor !== undefined
      ? Date.parse(block.anchor)
      : Math.max(
          ...block.value.flatMap((m) => m.timeseries.flatMap((t) => t.data.map((p) => Date.parse(p.timeStamp)))),
        );
  return Math.floor(nowMs / hour) * hour - anchor;
}

function collect(blocks: FixtureResourceMetrics[], name: string, nowMs: number): ShiftedSeries[] {
  const out: ShiftedSeries[] = [];
  for (const block of blocks) {
    const shift = shiftMs(block, nowMs);
    for (const metric of block.value) {
      if (metric.name.value.toLowerCase() !== name.toLowerCase()) continue;
      for (const ts of metric.timeseries) {
        out.push({
          dims: new Map((ts.metadatavalues ?? []).map((md) => [md.name.value.toLowerCase(), md.value])),
          points: ts.data.map((p) => ({ ...p, timeStamp: isoSeconds(Date.parse(p.timeStamp) + shift) })),
        });
      }
    }
  }
  return out;
}

function combine(points: ArmMetricValue[], aggregations: string[], timeStamp: string): ArmMetricValue {
  const out: ArmMetricValue = { timeStamp };
  const nums = (k: keyof Omit<ArmMetricValue, 'timeStamp'>): number[] =>
    points.map((p) => p[k]).filter((v): v is number => typeof v === 'number');
  for (const agg of aggregations) {
    if (agg === 'count' || agg === 'total') {
      out[agg] = nums(agg).reduce((a, b) => a + b, 0);
    } else if (agg === 'minimum' && nums('minimum').length > 0) {
      out.minimum = Math.min(...nums('minimum'));
    } else if (agg === 'maximum' && nums('maximum').length > 0) {
      out.maximum = Math.max(...nums('maximum'));
    } else if (agg === 'average') {
      // Weight by sample count when the fixture has it: averaging averages would over-weight quiet series.
      const withAvg = points.filter((p) => typeof p.average === 'number');
      if (withAvg.length === 0) continue;
      const weights = withAvg.map((p) => (typeof p.count === 'number' && p.count > 0 ? p.count : 1));
      const sum = withAvg.reduce((a, p, i) => a + p.average! * weights[i]!, 0);
      out.average = Math.round((sum / weights.reduce((a, b) => a + b, 0)) * 1000) / 1000;
    }
  }
  return out;
}

/** Buckets and aggregates the fixture series of one metric for a query. */
export function querySeries(
  blocks: FixtureResourceMetrics[],
  def: MetricDefinition,
  filter: DimensionFilter,
  range: [number, number],
  intervalMs: number,
  aggregations: string[],
  nowMs: number,
): SeriesOut[] {
  const selected = collect(blocks, def.name, nowMs).filter((s) =>
    [...filter].every(([dim, values]) => {
      const v = s.dims.get(dim);
      return v !== undefined && (values.has('*') || values.has(v.toLowerCase()));
    }),
  );
  const groups = new Map<string, { dims: [string, string][]; points: ArmMetricValue[] }>();
  const dimNames = [...filter.keys()];
  for (const s of selected) {
    const dims = dimNames.map((d) => [d, s.dims.get(d)!] as [string, string]);
    const key = JSON.stringify(dims.map(([, v]) => v.toLowerCase()));
    const g = groups.get(key) ?? { dims, points: [] };
    g.points.push(...s.points);
    groups.set(key, g);
  }
  // Without a dimension filter Azure returns one series even when it is all zeros.
  if (dimNames.length === 0 && groups.size === 0) groups.set('[]', { dims: [], points: [] });
  const first = Math.floor(range[0] / intervalMs) * intervalMs;
  return [...groups.values()].map((g) => {
    const data: ArmMetricValue[] = [];
    for (let t = first; t < range[1]; t += intervalMs) {
      const inBucket = g.points.filter((p) => {
        const ms = Date.parse(p.timeStamp);
        return ms >= Math.max(t, range[0]) && ms < Math.min(t + intervalMs, range[1]);
      });
      data.push(combine(inBucket, aggregations, isoSeconds(t)));
    }
    return {
      metadatavalues: g.dims.map(([name, value]) => ({ name: { value: name, localizedValue: name }, value })),
      data,
    };
  });
}
