/**
 * The `throttling` probe's evaluation: `ServiceApiResult` by `StatusCode` over the last 24 h —
 * how many calls were answered 429, and how close the busiest minute came to the documented
 * limits (azure-facts.md §5.3, §5.4).
 */
import type { Metric, Vault } from './azure-model.js';
import { dimension, findMetric } from './metric-series.js';
import type { EvidenceItem, FixName, Verdict } from './probe-result.js';

/** Documented per-vault, per-region limit for "all other transactions" (secrets, vault, software-key other ops) per 10 s. */
export const TRANSACTIONS_PER_10S_LIMIT = 4000;
/** Documented limit for secret CREATE per 10 s. */
export const SECRET_CREATE_PER_10S_LIMIT = 300;

/** The probe's answer. */
export interface ThrottlingOutcome {
  verdict: Verdict;
  reason: string;
  evidence: EvidenceItem[];
  fixes: FixName[];
  total: number;
  throttled: number;
  /** The busiest interval's total, and the per-10 s average within it. */
  peak: { timeStamp: string; count: number; per10s: number } | null;
  limitPer10s: number;
  advice: string[];
}

const ADVICE = [
  'Retry with exponential back-off and honour Retry-After (the Azure SDKs do this by default).',
  'Cache secrets in memory and re-read only when the cached copy stops working.',
  'Spread traffic over several vaults (e.g. one per app and region) and stagger deployments.',
];

/** What every outcome carries: the limit it is measured against, the advice, no fix (a fresh list each time). */
function common(): Pick<ThrottlingOutcome, 'limitPer10s' | 'advice' | 'fixes'> {
  return { limitPer10s: TRANSACTIONS_PER_10S_LIMIT, advice: ADVICE, fixes: [] as FixName[] };
}

/** The outcome when the request metrics cannot be read: nothing counted, one piece of evidence saying why. */
function undetermined(evidence: EvidenceItem, reason: string): ThrottlingOutcome {
  return {
    ...common(),
    verdict: 'undetermined',
    total: 0,
    throttled: 0,
    peak: null,
    evidence: [evidence],
    reason,
  };
}

/** Evaluates ServiceApiResult counts over `intervalSeconds`-long points (pure). */
export function evaluateThrottling(vault: Vault, metrics: Metric[], intervalSeconds: number): ThrottlingOutcome {
  const metric = findMetric(metrics, 'ServiceApiResult');
  if (metric?.error) {
    const why = `${metric.error.code}${metric.error.message ? `: ${metric.error.message}` : ''}`;
    return undetermined(
      {
        kind: 'metric',
        metric: 'ServiceApiResult',
        error: metric.error,
        text: `Azure Monitor could not read the ServiceApiResult metric for ${vault.name} (${why}).`,
      },
      `Azure Monitor could not read ${vault.name}'s request metrics (${why}), so the bot cannot tell whether it is throttled.`,
    );
  }
  if (!metric || metric.series.length === 0) {
    return undetermined(
      { kind: 'metric', text: `Azure Monitor returned no ServiceApiResult data for ${vault.name} in the last 24 h.` },
      `No request metrics for ${vault.name} in the last 24 h, so the bot cannot tell whether it is throttled.`,
    );
  }
  let total = 0;
  let throttled = 0;
  const byTime = new Map<string, number>();
  const byStatus = new Map<string, number>();
  for (const s of metric.series) {
    const status = dimension(s.dimensions, 'StatusCode') ?? 'all';
    for (const p of s.points) {
      const n = p.count ?? p.total ?? 0;
      total += n;
      if (status === '429') throttled += n;
      byStatus.set(status, (byStatus.get(status) ?? 0) + n);
      byTime.set(p.timeStamp, (byTime.get(p.timeStamp) ?? 0) + n);
    }
  }
  let peak: ThrottlingOutcome['peak'] = null;
  for (const [timeStamp, count] of byTime)
    if (!peak || count > peak.count) peak = { timeStamp, count, per10s: Math.round((count * 10) / intervalSeconds) };
  const statusText = [...byStatus]
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  const evidence: EvidenceItem[] = [
    {
      kind: 'metric',
      metric: 'ServiceApiResult',
      total,
      throttled,
      byStatus: Object.fromEntries(byStatus),
      text: `Last 24 h: ${total} calls (${statusText}); ${throttled} answered 429 (${total ? ((throttled / total) * 100).toFixed(1) : '0'} %).`,
    },
  ];
  if (peak) {
    const share = (peak.per10s / TRANSACTIONS_PER_10S_LIMIT) * 100;
    evidence.push({
      kind: 'peak',
      ...peak,
      text: `Busiest ${intervalSeconds / 60}-minute interval at ${peak.timeStamp}: ${peak.count} calls, about ${peak.per10s} per 10 s on average (${share.toFixed(1)} % of the ${TRANSACTIONS_PER_10S_LIMIT} transactions per 10 s limit; secret creation is limited to ${SECRET_CREATE_PER_10S_LIMIT} per 10 s). Bursts within the interval can be higher.`,
    });
  }
  if (throttled > 0) {
    return {
      ...common(),
      verdict: 'denied',
      total,
      throttled,
      peak,
      evidence,
      reason: `${vault.name} answered ${throttled} of ${total} calls with 429 in the last 24 h: clients exceed its limits. ${ADVICE[0]}`,
    };
  }
  return {
    ...common(),
    verdict: 'allowed',
    total,
    throttled,
    peak,
    evidence,
    reason: `${vault.name} threw no 429s in the last 24 h (${total} calls).`,
  };
}
