/** Maps an arm-monitor 7 `Metric` onto the domain `Metric`. */
import type { Metric as SdkMetric } from '@azure/arm-monitor';
import type { Metric, MetricPoint } from '../../core/probes/azure-model.js';

/**
 * Domain metric of an SDK metric; dimension names as Azure Monitor returns them (lower-cased).
 * A per-metric `errorCode` other than `Success` becomes `error` (monitor-2018-01-01-GetMetricError.json).
 */
export function mapMetric(m: SdkMetric): Metric {
  const failed = m.errorCode !== undefined && m.errorCode !== '' && m.errorCode.toLowerCase() !== 'success';
  return {
    name: m.name.value,
    ...(failed ? { error: { code: m.errorCode!, ...(m.errorMessage ? { message: m.errorMessage } : {}) } } : {}),
    unit: String(m.unit),
    series: (m.timeseries ?? []).map((ts) => ({
      dimensions: Object.fromEntries(
        (ts.metadatavalues ?? []).filter((d) => d.name?.value).map((d) => [d.name!.value, d.value ?? '']),
      ),
      points: (ts.data ?? []).map((d): MetricPoint => ({
        timeStamp: d.timeStamp instanceof Date ? d.timeStamp.toISOString() : String(d.timeStamp),
        ...(d.average !== undefined ? { average: d.average } : {}),
        ...(d.minimum !== undefined ? { minimum: d.minimum } : {}),
        ...(d.maximum !== undefined ? { maximum: d.maximum } : {}),
        ...(d.total !== undefined ? { total: d.total } : {}),
        ...(d.count !== undefined ? { count: d.count } : {}),
      })),
    })),
  };
}
