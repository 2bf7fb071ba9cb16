/**
 * `GET {resourceUri}/providers/Microsoft.Insights/metrics` (arm-monitor 7: api-version 2018-01-01)
 * for Key Vault metrics, in the real `Response` shape (azure-facts §5.2).
 */
import { API_VERSIONS, checkApiVersion } from '../api-version.js';
import { checkBotAccess } from '../bot-access.js';
import { armError, badRequest } from '../errors.js';
import type { EmulatorReply, EmulatorRequest, RouteHandler } from '../http-types.js';
import { isoSeconds, parseDurationInMs, parseTimespan } from '../iso-time.js';
import { KEY_VAULT_METRICS } from '../key-vault-metrics.js';
import { MetricFilterError, parseDimensionFilter, querySeries } from '../metrics-query.js';

const METRICS = /^(\/subscriptions\/.+?)\/providers\/Microsoft\.Insights\/metrics$/i;
const AGGREGATIONS = ['average', 'minimum', 'maximum', 'total', 'count'];
const MAX_POINTS = 50_000;

function answer(req: EmulatorRequest, resourceId: string): EmulatorReply {
  const denied = checkBotAccess(req.state, resourceId, 'Microsoft.Insights/metrics/read');
  if (denied) return denied;
  const vault = req.state.vaultById(resourceId);
  if (!vault)
    return armError(
      404,
      'ResourceNotFound',
      `The Resource '${resourceId}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  const now = Date.now();
  const timespanText = req.query.get('timespan') ?? `${isoSeconds(now - 3_600_000)}/${isoSeconds(now)}`;
  const range = parseTimespan(timespanText, now);
  if (!range)
    return badRequest(
      `Invalid timespan '${timespanText}': expected '<ISO start>/<ISO end>', '<ISO start>/<duration>' or '<duration>'.`,
    );
  const intervalText = req.query.get('interval') ?? 'PT1M';
  const intervalMs = parseDurationInMs(intervalText);
  if (!intervalMs || intervalMs < 60_000)
    return badRequest(`Invalid interval '${intervalText}': expected an ISO 8601 duration of at least PT1M.`);
  if ((range[1] - range[0]) / intervalMs > MAX_POINTS)
    return badRequest(`The query would return more than ${MAX_POINTS} data points per series; use a larger interval.`);
  const names = (req.query.get('metricnames') ?? 'ServiceApiHit')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const requestedAggs = req.query
    .get('aggregation')
    ?.split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  const badAgg = requestedAggs?.find((a) => !AGGREGATIONS.includes(a));
  if (badAgg) return badRequest(`Invalid aggregation '${badAgg}'. Valid values: ${AGGREGATIONS.join(', ')}.`);
  const blocks = req.state.metrics(vault.id);
  const value = [];
  for (const name of names) {
    const def = KEY_VAULT_METRICS.find((d) => d.name.toLowerCase() === name.toLowerCase());
    if (!def) {
      return badRequest(
        `Failed to find metric configuration for provider: Microsoft.KeyVault, resource Type: vaults, metric: ${name}, Valid metrics: ${KEY_VAULT_METRICS.map((d) => d.name).join(',')}`,
      );
    }
    let filter;
    try {
      filter = parseDimensionFilter(req.query.get('$filter'), def);
    } catch (e) {
      if (e instanceof MetricFilterError) return badRequest(e.message);
      throw e;
    }
    const failed = blocks
      .flatMap((b) => b.value)
      .find((m) => m.name.value.toLowerCase() === def.name.toLowerCase() && m.errorCode && m.errorCode !== 'Success');
    if (failed) {
      value.push({
        id: `${vault.id}/providers/Microsoft.Insights/metrics/${def.name}`,
        type: 'Microsoft.Insights/metrics',
        name: { value: def.name, localizedValue: def.displayName },
        unit: def.unit,
        timeseries: [],
        ...(failed.errorMessage ? { errorMessage: failed.errorMessage } : {}),
        errorCode: failed.errorCode,
      });
      continue;
    }
    const aggs = requestedAggs ?? [def.primaryAggregation];
    const timeseries =
      req.query.get('resultType') === 'Metadata' ? [] : querySeries(blocks, def, filter, range, intervalMs, aggs, now);
    value.push({
      id: `${vault.id}/providers/Microsoft.Insights/metrics/${def.name}`,
      type: 'Microsoft.Insights/metrics',
      name: { value: def.name, localizedValue: def.displayName },
      displayDescription: def.displayName,
      unit: def.unit,
      timeseries,
      errorCode: 'Success',
    });
  }
  return {
    status: 200,
    body: {
      cost: 0,
      timespan: `${isoSeconds(range[0])}/${isoSeconds(range[1])}`,
      interval: intervalText,
      value,
      namespace: 'Microsoft.KeyVault/vaults',
      resourceregion: vault.location,
    },
  };
}

/** Route for vault metrics. */
export const metricsRoutes: RouteHandler = (req) => {
  const m = METRICS.exec(req.path);
  if (!m) return undefined;
  if (req.method !== 'GET')
    return armError(405, 'MethodNotAllowed', `The requested resource does not support http method '${req.method}'.`);
  return checkApiVersion(req, API_VERSIONS.metrics) ?? answer(req, m[1]!);
};
