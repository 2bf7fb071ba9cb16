/**
 * Where real Azure differs from a friendly emulator, and the bot must still be right: per-metric
 * errors inside a 200 (monitor-2018-01-01-GetMetricError.json), partial metric answers, diagnostic
 * settings whose `categoryGroup` only exists from api-version 2021-05-01-preview, and vaults
 * whose optional properties are absent, with IP rules normalised to /32 and subnet ids
 * lower-cased (keyvault-2026-02-01-*.json). The emulator now answers like that; these tests run
 * the real adapter and the probes against it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureDirectory, staticCredential } from '../../../src/adapters/azure/index.js';
import type { AzureDirectory } from '../../../src/core/probes/azure-directory.js';
import { ProbeService } from '../../../src/core/probes/probe-service.js';
import { startEmulator, type RunningEmulator, type TenantFixture } from '../../../src/emulator/index.js';
import { rawRequest as raw } from '../../emulator/emulator-clients.js';
import { KV_POLICY, KV_RBAC, SUB_A, SUB_B, TENANT, emulatorTenant } from './emulator-tenant.js';

const KV_BARE = `/subscriptions/${SUB_A}/resourceGroups/rg-filler/providers/Microsoft.KeyVault/vaults/kv-bare`;
const LAW = `/subscriptions/${SUB_A}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law`;
const ANCHOR = '2025-01-15T12:00:00Z';

function hourly(
  values: number[],
  field: 'average' | 'count',
): { timeStamp: string; average?: number; minimum?: number; maximum?: number; count?: number }[] {
  return values.map((v, i) => ({
    timeStamp: new Date(Date.parse(ANCHOR) - (values.length - 1 - i) * 3600e3).toISOString().replace('.000', ''),
    [field]: v,
    ...(field === 'average' ? { minimum: v, maximum: v } : {}),
  }));
}

function tenant(): TenantFixture {
  const t = emulatorTenant();
  const a = t.subscriptions[0]!;
  // A vault as real GETs often return it: no enableRbacAuthorization, publicNetworkAccess or accessPolicies.
  a.vaults.push({
    id: KV_BARE,
    name: 'kv-bare',
    properties: {
      tenantId: TENANT,
      sku: { family: 'A', name: 'standard' },
      networkAcls: {
        bypass: 'AzureServices',
        defaultAction: 'Deny',
        ipRules: [{ value: '124.56.78.91' }, { value: '10.91.4.0/24' }],
        virtualNetworkRules: [
          {
            id: `/subscriptions/${SUB_A}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/test-vnet/subnets/subnet1`,
          },
        ],
      },
    },
  });
  a.metrics = [
    {
      vault: 'kv-app',
      anchor: ANCHOR,
      value: [
        {
          name: { value: 'Availability' },
          unit: 'Percent',
          timeseries: [],
          errorCode: 'InvalidSamplingType',
          errorMessage: 'Sampling type is not found. Metric:Availability, SamplingType:NullableAverage.',
        },
        {
          name: { value: 'ServiceApiLatency' },
          unit: 'MilliSeconds',
          timeseries: [{ data: hourly([40, 50, 45], 'average') }],
        },
        {
          name: { value: 'ServiceApiResult' },
          unit: 'Count',
          timeseries: [],
          errorCode: 'InternalServerError',
          errorMessage: 'The metric store did not answer.',
        },
      ],
    },
    // Availability answered, latency has no data at all.
    {
      vault: 'kv-filler1',
      anchor: ANCHOR,
      value: [
        {
          name: { value: 'Availability' },
          unit: 'Percent',
          timeseries: [{ data: hourly([100, 100, 100], 'average') }],
        },
      ],
    },
  ];
  const b = t.subscriptions[1]!;
  b.diagnosticSettings = [
    {
      resourceId: KV_RBAC,
      name: 'all-logs',
      properties: { workspaceId: LAW, logs: [{ categoryGroup: 'allLogs', enabled: true }], metrics: [] },
    },
  ];
  return t;
}

const get = (path: string) => raw(emu, 'GET', path, { headers: { authorization: 'Bearer t' } });

let emu: RunningEmulator;
let dir: AzureDirectory;

beforeAll(async () => {
  emu = await startEmulator({ fixture: tenant(), port: 0 });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.faults.clear();
  emu.requestLog.length = 0;
  dir = createAzureDirectory({
    credential: staticCredential(),
    subscriptionIds: [SUB_A, SUB_B],
    armEndpoint: emu.url,
    graphEndpoint: emu.url,
    tlsOptions: { ca: emu.caPem },
    retryOptions: { maxRetries: 1, retryDelayInMs: 20, maxRetryDelayInMs: 50 },
    callTimeoutInMs: 10_000,
    sandbox: true,
  });
});

describe('per-metric errors and partial metric answers', () => {
  it('the emulator answers a failed metric inside a 200 with errorCode, errorMessage and empty timeseries', async () => {
    const res = await get(
      `${KV_POLICY}/providers/Microsoft.Insights/metrics?api-version=2018-01-01&metricnames=Availability,ServiceApiLatency&interval=PT1H&aggregation=average`,
    );
    expect(res.status).toBe(200);
    const [avail, lat] = (res.body as { value: Record<string, unknown>[] }).value;
    expect(avail).toMatchObject({
      errorCode: 'InvalidSamplingType',
      errorMessage: expect.stringMatching(/Sampling type/),
      timeseries: [],
    });
    expect(lat).toMatchObject({ errorCode: 'Success' });
  });

  it('the adapter keeps the per-metric error', async () => {
    const [avail, lat] = await dir.getMetrics(KV_POLICY, {
      metricNames: ['Availability', 'ServiceApiLatency'],
      timespan: 'P1D',
      interval: 'PT1H',
      aggregation: 'average',
    });
    expect(avail).toMatchObject({ name: 'Availability', error: { code: 'InvalidSamplingType' }, series: [] });
    expect(lat!.error).toBeUndefined();
  });

  it('availability is undetermined, with the reason, when the Availability metric failed', async () => {
    const r = await new ProbeService(dir).run('availability', { vault: 'kv-app' });
    expect(r.verdict).toBe('undetermined');
    expect(r.reason).toMatch(/InvalidSamplingType/);
    expect(r.reason).not.toMatch(/within the recommended thresholds \(|n\/a/);
  });

  it('availability is undetermined when latency came back without data (a partial answer)', async () => {
    const r = await new ProbeService(dir).run('availability', { vault: 'kv-filler1' });
    expect(r.verdict).toBe('undetermined');
    expect(r.reason).toMatch(/no ServiceApiLatency data/);
    expect(r.reason).not.toMatch(/n\/a/);
  });

  it('throttling is undetermined, with the reason, when ServiceApiResult failed', async () => {
    const r = await new ProbeService(dir).run('throttling', { vault: 'kv-app' });
    expect(r.verdict).toBe('undetermined');
    expect(r.reason).toMatch(/InternalServerError: The metric store did not answer/);
  });
});

describe('diagnostic settings and category groups', () => {
  it('the emulator serves categoryGroup only from api-version 2021-05-01-preview, and empty sinks as ""', async () => {
    const path = `${KV_RBAC}/providers/Microsoft.Insights/diagnosticSettings`;
    const old = (await get(`${path}?api-version=2017-05-01-preview`)).body as {
      value: { properties: Record<string, unknown> }[];
    };
    expect(old.value[0]!.properties.logs).toEqual([{ enabled: true }]);
    expect(old.value[0]!.properties).toMatchObject({
      workspaceId: LAW,
      storageAccountId: '',
      eventHubAuthorizationRuleId: '',
    });
    const recent = (await get(`${path}?api-version=2021-05-01-preview`)).body as {
      value: { properties: Record<string, unknown> }[];
    };
    expect(recent.value[0]!.properties.logs).toEqual([{ categoryGroup: 'allLogs', enabled: true }]);
  });

  it('the adapter reads diagnostic settings at 2021-05-01-preview, so an allLogs group counts as audit logging', async () => {
    const r = await new ProbeService(dir).run('logging-status', { vault: 'kv-data' });
    expect(r).toMatchObject({ verdict: 'allowed', enabled: true, fixes: [] });
    expect(emu.requestLog.filter((x) => /diagnosticSettings/i.test(x.path)).map((x) => x.query['api-version'])).toEqual(
      ['2021-05-01-preview'],
    );
  });

  it('an audit category group is logging on, not an offer to enable audit logging', async () => {
    const r = await new ProbeService(dir).run('logging-status', { vault: 'kv-app' });
    expect(r).toMatchObject({ verdict: 'allowed', fixes: [] });
  });
});

describe('vaults as real GETs return them', () => {
  it('the emulator omits the optional properties the fixture omits, normalises a single IP to /32 and lower-cases subnet ids', async () => {
    const res = await get(`${KV_BARE}?api-version=2026-02-01`);
    const p = (res.body as { properties: Record<string, unknown> }).properties;
    expect(p).not.toHaveProperty('enableRbacAuthorization');
    expect(p).not.toHaveProperty('publicNetworkAccess');
    expect(p).not.toHaveProperty('accessPolicies');
    expect(p.networkAcls).toMatchObject({
      ipRules: [{ value: '124.56.78.91/32' }, { value: '10.91.4.0/24' }],
      virtualNetworkRules: [
        {
          id: `/subscriptions/${SUB_A}/resourcegroups/rg1/providers/microsoft.network/virtualnetworks/test-vnet/subnets/subnet1`,
        },
      ],
    });
  });

  it('the adapter maps absent optional properties to their Azure defaults', async () => {
    const v = await dir.getVault(KV_BARE);
    expect(v).toMatchObject({ enableRbacAuthorization: false, publicNetworkAccess: 'Enabled', accessPolicies: [] });
    expect(v.networkAcls!.ipRules).toEqual(['124.56.78.91/32', '10.91.4.0/24']);
  });

  it('permission-check on such a vault reads it as an access-policy vault and matches the /32 rule', async () => {
    const r = await new ProbeService(dir).run('permission-check', {
      vault: 'kv-bare',
      principal: '00000000-0000-4000-8000-0000000000aa',
      operation: 'secrets/list',
      clientIp: '124.56.78.91',
    });
    expect(r).toMatchObject({ model: 'access-policy', verdict: 'denied' });
    expect(JSON.stringify(r.evidence)).toMatch(/124\.56\.78\.91\/32/);
  });
});
