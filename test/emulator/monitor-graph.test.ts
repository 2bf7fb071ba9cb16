import { describe, expect, it } from 'vitest';
import {
  ADELE,
  ALEX,
  APPROVERS,
  DELETED_USER,
  KV_ORDERS,
  KV_PAYMENTS,
  LEGACY_APP_ID,
  LEGACY_APP_OBJECT,
  LEGACY_SP,
  LYNNE,
  MEGAN,
  PAYMENTS_DEVELOPERS,
  PAYMENTS_FUNC_SP,
  PAYMENTS_READERS,
  SUB1,
  thrown,
  useDemoEmulator,
} from './emulator-clients.js';

const t = useDemoEmulator();

function last24h(): string {
  const end = new Date();
  return `${new Date(end.getTime() - 24 * 3600e3).toISOString()}/${end.toISOString()}`;
}

describe('Microsoft.Insights through @azure/arm-monitor 7', () => {
  it('lists, creates and deletes diagnostic settings', async () => {
    const orders = await t.c.monitor.diagnosticSettings.list(KV_ORDERS);
    expect(orders.value?.[0]?.logs).toEqual([expect.objectContaining({ category: 'AuditEvent', enabled: true })]);
    expect((await t.c.monitor.diagnosticSettings.list(KV_PAYMENTS)).value).toEqual([]);
    const workspaceId = `/subscriptions/${SUB1}/resourceGroups/rg-payments/providers/Microsoft.OperationalInsights/workspaces/law`;
    await t.c.monitor.diagnosticSettings.createOrUpdate(KV_PAYMENTS, 'audit', {
      workspaceId,
      logs: [{ category: 'AuditEvent', enabled: true }],
    });
    const after = await t.c.monitor.diagnosticSettings.get(KV_PAYMENTS, 'audit');
    expect(after.workspaceId).toBe(workspaceId);
    expect(t.emu.state.diagnosticSettings(KV_PAYMENTS)).toHaveLength(1);
    await t.c.monitor.diagnosticSettings.delete(KV_PAYMENTS, 'audit');
    expect((await t.c.monitor.diagnosticSettings.list(KV_PAYMENTS)).value).toEqual([]);
  });

  it('returns ServiceApiResult split by StatusCode for the last 24 hours, with throttling', async () => {
    const res = await t.c.monitor.metrics.list(KV_PAYMENTS, {
      timespan: last24h(),
      interval: 'PT1H',
      metricnames: 'ServiceApiResult',
      aggregation: 'Count',
      filter: "StatusCode eq '*'",
    });
    const metric = res.value[0]!;
    expect(metric.name.value).toBe('ServiceApiResult');
    expect(metric.unit).toBe('Count');
    const byCode = Object.fromEntries(
      metric.timeseries!.map((t) => [t.metadatavalues![0]!.value, t.data!.reduce((a, p) => a + (p.count ?? 0), 0)]),
    );
    expect(Object.keys(byCode).sort()).toEqual(['200', '401', '403', '429']);
    expect(byCode['429']).toBeGreaterThan(0);
    expect(byCode['200']).toBeGreaterThan(byCode['429']!);
    expect(metric.timeseries![0]!.metadatavalues![0]!.name!.value).toBe('statuscode');
  });

  it('honours a single-value dimension filter and other metrics', async () => {
    const res = await t.c.monitor.metrics.list(KV_PAYMENTS, {
      timespan: last24h(),
      interval: 'PT1H',
      metricnames: 'ServiceApiResult,ServiceApiLatency',
      aggregation: 'Count,Average',
      filter: "StatusCodeClass eq '4xx'",
    });
    expect(res.value.map((m) => m.name.value)).toEqual(['ServiceApiResult', 'ServiceApiLatency']);
    expect(res.value[0]!.timeseries!.map((t) => t.metadatavalues![0]!.value)).toEqual(['4xx']);
    const throttled = await t.c.monitor.metrics.list(KV_ORDERS, {
      timespan: last24h(),
      interval: 'PT1H',
      metricnames: 'ServiceApiResult',
      aggregation: 'Count',
      filter: "StatusCode eq '429'",
    });
    expect(throttled.value[0]!.timeseries).toEqual([]);
    const bad = await thrown(() => t.c.monitor.metrics.list(KV_PAYMENTS, { metricnames: 'Nope' }));
    expect(bad.statusCode).toBe(400);
  });
});

describe('Microsoft Graph v1.0 through @azure-rest/core-client', () => {
  it("finds groups by display name with quote escaping, and 404s unknown objects in Graph's envelope", async () => {
    const res = await t.c.graph
      .path('/v1.0/groups')
      .get({ queryParameters: { $filter: "displayName eq 'Payments Readers'" } });
    expect(res.status).toBe('200');
    expect((res.body as { value: { id: string }[] }).value.map((g) => g.id)).toEqual([PAYMENTS_READERS]);
    const none = await t.c.graph
      .path('/v1.0/groups')
      .get({ queryParameters: { $filter: "displayName eq 'O''Brien Team'" } });
    expect((none.body as { value: unknown[] }).value).toEqual([]);
    const missing = await t.c.graph.path('/v1.0/users/{id}', DELETED_USER).get();
    expect(missing.status).toBe('404');
    expect(missing.body).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
  });

  it('resolves ids with getByIds, typing each object and omitting unknown ids', async () => {
    const res = await t.c.graph
      .path('/v1.0/directoryObjects/getByIds')
      .post({ body: { ids: [ALEX, PAYMENTS_READERS, DELETED_USER, LEGACY_APP_OBJECT, PAYMENTS_FUNC_SP] } });
    const types = (res.body as { value: { id: string; '@odata.type': string }[] }).value.map((o) => [
      o.id,
      o['@odata.type'],
    ]);
    expect(types).toEqual([
      [ALEX, '#microsoft.graph.user'],
      [PAYMENTS_READERS, '#microsoft.graph.group'],
      [LEGACY_APP_OBJECT, '#microsoft.graph.application'],
      [PAYMENTS_FUNC_SP, '#microsoft.graph.servicePrincipal'],
    ]);
  });

  it('answers membership questions transitively', async () => {
    const member = await t.c.graph
      .path('/v1.0/users/{id}/getMemberObjects', ADELE)
      .post({ body: { securityEnabledOnly: true } });
    expect((member.body as { value: string[] }).value.sort()).toEqual(
      expect.arrayContaining([PAYMENTS_DEVELOPERS, PAYMENTS_READERS]),
    );
    const check = await t.c.graph
      .path('/v1.0/users/{id}/checkMemberGroups', ADELE)
      .post({ body: { groupIds: [PAYMENTS_READERS, APPROVERS] } });
    expect((check.body as { value: string[] }).value).toEqual([PAYMENTS_READERS]);
    const lynne = await t.c.graph
      .path('/v1.0/directoryObjects/{id}/checkMemberGroups', LYNNE)
      .post({ body: { groupIds: [APPROVERS] } });
    expect((lynne.body as { value: string[] }).value).toEqual([APPROVERS]);
    const sp = await t.c.graph.path('/v1.0/servicePrincipals/{id}/transitiveMemberOf', PAYMENTS_FUNC_SP).get();
    expect((sp.body as { value: { id: string }[] }).value.map((g) => g.id)).toEqual([PAYMENTS_READERS]);
    const megan = await t.c.graph.path('/v1.0/users/{id}/transitiveMemberOf', MEGAN).get();
    expect((megan.body as { value: { displayName: string }[] }).value.map((g) => g.displayName)).toEqual([
      'Key Vault Approvers',
    ]);
  });

  it('finds the service principal of an application by appId', async () => {
    const res = await t.c.graph
      .path('/v1.0/servicePrincipals')
      .get({ queryParameters: { $filter: `appId eq '${LEGACY_APP_ID}'` } });
    expect((res.body as { value: { id: string }[] }).value.map((s) => s.id)).toEqual([LEGACY_SP]);
    const user = await t.c.graph.path('/v1.0/users/{id}', 'alexw@example.com').get();
    expect((user.body as { id: string }).id).toBe(ALEX);
  });
});
