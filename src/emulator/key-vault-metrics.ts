/**
 * The metric definitions of `Microsoft.KeyVault/vaults` (azure-facts §5.2): unit, default
 * aggregation and the dimensions a `$filter` may name.
 */

/** One metric definition. */
export interface MetricDefinition {
  name: string;
  displayName: string;
  unit: string;
  primaryAggregation: string;
  dimensions: string[];
}

/** The five Key Vault metrics. */
export const KEY_VAULT_METRICS: readonly MetricDefinition[] = Object.freeze([
  {
    name: 'Availability',
    displayName: 'Overall Vault Availability',
    unit: 'Percent',
    primaryAggregation: 'average',
    dimensions: ['ActivityType', 'ActivityName', 'StatusCode', 'StatusCodeClass'],
  },
  {
    name: 'SaturationShoebox',
    displayName: 'Overall Vault Saturation',
    unit: 'Percent',
    primaryAggregation: 'average',
    dimensions: ['ActivityType', 'ActivityName', 'TransactionType'],
  },
  {
    name: 'ServiceApiHit',
    displayName: 'Total Service Api Hits',
    unit: 'Count',
    primaryAggregation: 'count',
    dimensions: ['ActivityType', 'ActivityName'],
  },
  {
    name: 'ServiceApiLatency',
    displayName: 'Overall Service Api Latency',
    unit: 'MilliSeconds',
    primaryAggregation: 'average',
    dimensions: ['ActivityType', 'ActivityName', 'StatusCode', 'StatusCodeClass'],
  },
  {
    name: 'ServiceApiResult',
    displayName: 'Total Service Api Results',
    unit: 'Count',
    primaryAggregation: 'count',
    dimensions: ['ActivityType', 'ActivityName', 'StatusCode', 'StatusCodeClass'],
  },
]);
