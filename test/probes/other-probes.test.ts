import { describe, expect, it } from 'vitest';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import type { Metric } from '../../src/core/probes/azure-model.js';
import { FakeDirectory, TENANT, assignment, vault, vaultId } from '../helpers/fake-directory.js';
import { ADELE, ALEX, APP_OBJ, CONTRIBUTOR, DELETED, G_DEVS, KV_CONTRIBUTOR, MEGAN, SP_API, tenant } from './tenant.js';

const NOW = new Date('2026-01-15T12:00:00Z');

function service(mutate: (t: ReturnType<typeof tenant>) => void = () => {}) {
  const t = tenant();
  mutate(t);
  const dir = new FakeDirectory(t, { readOnly: true });
  return { dir, svc: new ProbeService(dir, { now: () => NOW }) };
}

describe('unknown-policies', () => {
  it('finds deleted principals and application-object ids, naming the right service principal', async () => {
    const { svc } = service();
    const r = await svc.run('unknown-policies', { vault: 'kv-payments' });
    expect(r).toMatchObject({
      verdict: 'denied',
      model: 'access-policy',
      fixes: ['remove-orphaned-policy', 'grant-access-policy'],
    });
    const entries = r.entries as { objectId: string; status: string; servicePrincipal?: { id: string } }[];
    expect(entries.find((e) => e.objectId === DELETED)!.status).toBe('deleted');
    expect(entries.find((e) => e.objectId === APP_OBJ)).toMatchObject({
      status: 'application-object',
      servicePrincipal: { id: SP_API },
    });
    expect(entries.filter((e) => e.status === 'ok')).toHaveLength(3);
    expect(r.evidence.find((e) => e.kind === 'application-object-policy')!.text).toContain(SP_API);
  });

  it('passes a vault whose entries all resolve', async () => {
    const { svc } = service();
    const r = await svc.run('unknown-policies', { vault: 'kv-firewall' });
    expect(r).toMatchObject({ verdict: 'allowed', fixes: [] });
  });
});

describe('modify-rights', () => {
  it('lists who holds accessPolicies/write on an access-policy vault, with names', async () => {
    const { svc } = service((t) => {
      t.assignments.push(
        assignment(vaultId('kv-payments'), KV_CONTRIBUTOR, MEGAN),
        assignment(`/subscriptions/${t.vaults[0]!.subscriptionId}`, CONTRIBUTOR, ALEX),
      );
    });
    const r = await svc.run('modify-rights', { vault: 'kv-payments' });
    expect(r.action).toBe('Microsoft.KeyVault/vaults/accessPolicies/write');
    const names = (r.modifiers as { name: string; roleName: string }[])
      .map((m) => `${m.name.split(' (')[0]}: ${m.roleName}`)
      .sort();
    expect(names).toEqual([
      'Adele Vance: Owner',
      'Alex Wilber: Contributor',
      'Megan Bowen: Key Vault Contributor',
      'Payments Devs: Contributor',
    ]);
  });

  it('on an RBAC vault only roleAssignments/write counts: Contributor cannot, Owner can', async () => {
    const { svc } = service();
    const r = await svc.run('modify-rights', { vault: 'kv-rbac', principal: ALEX });
    expect(r.action).toBe('Microsoft.Authorization/roleAssignments/write');
    expect(r).toMatchObject({ verdict: 'denied', principalCan: false });
    expect(r.reason).toContain('Adele Vance');
    const owner = await svc.run('modify-rights', { vault: 'kv-rbac', principal: ADELE });
    expect(owner).toMatchObject({ verdict: 'allowed', principalCan: true });
  });

  it('credits a principal through its groups', async () => {
    const { svc } = service();
    const r = await svc.run('modify-rights', { vault: 'kv-payments', principal: ALEX });
    expect(r).toMatchObject({ verdict: 'allowed', principalCan: true });
    expect((r.modifiers as { principalId: string }[]).some((m) => m.principalId === G_DEVS)).toBe(true);
  });
});

describe('logging-status', () => {
  const id = vaultId('kv-payments').toLowerCase();
  it.each([
    {
      name: 'AuditEvent to a workspace',
      logs: [{ category: 'AuditEvent', enabled: true }],
      dest: { workspaceId: '/w' },
      verdict: 'allowed',
    },
    {
      name: 'allLogs group to storage',
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
      dest: { storageAccountId: '/s' },
      verdict: 'allowed',
    },
    {
      name: 'audit group disabled',
      logs: [{ categoryGroup: 'audit', enabled: false }],
      dest: { workspaceId: '/w' },
      verdict: 'denied',
    },
    {
      name: 'AuditEvent without destination',
      logs: [{ category: 'AuditEvent', enabled: true }],
      dest: {},
      verdict: 'denied',
    },
    {
      name: 'only another category',
      logs: [{ category: 'AzurePolicyEvaluationDetails', enabled: true }],
      dest: { workspaceId: '/w' },
      verdict: 'denied',
    },
  ])('$name → $verdict', async ({ logs, dest, verdict }) => {
    const { svc } = service((t) => {
      t.diagnostics = { [id]: [{ name: 'diag', logs, metrics: [], ...dest }] };
    });
    const r = await svc.run('logging-status', { vault: 'kv-payments' });
    expect(r.verdict).toBe(verdict);
    expect(r.fixes).toEqual(verdict === 'denied' ? ['enable-audit-logging'] : []);
  });

  it('says so when there are no settings at all', async () => {
    const { svc } = service();
    const r = await svc.run('logging-status', { vault: 'kv-payments' });
    expect(r).toMatchObject({ verdict: 'denied', enabled: false, fixes: ['enable-audit-logging'] });
  });
});

function results(points: Record<string, [string, number][]>): Metric {
  return {
    name: 'ServiceApiResult',
    unit: 'Count',
    series: Object.entries(points).map(([code, ps]) => ({
      dimensions: { statuscode: code },
      points: ps.map(([timeStamp, count]) => ({ timeStamp, count })),
    })),
  };
}

describe('throttling', () => {
  it('counts 429s against the total and finds the busiest minute', async () => {
    const { svc, dir } = service((t) => {
      t.metrics = [
        results({
          '200': [
            ['2026-01-15T10:00:00Z', 6000],
            ['2026-01-15T10:01:00Z', 100],
          ],
          '429': [['2026-01-15T10:00:00Z', 600]],
        }),
      ];
    });
    const r = await svc.run('throttling', { vault: 'kv-payments' });
    expect(r).toMatchObject({
      verdict: 'denied',
      total: 6700,
      throttled: 600,
      peak: { timeStamp: '2026-01-15T10:00:00Z', count: 6600, per10s: 1100 },
      limitPer10s: 4000,
    });
    expect(r.reason).toMatch(/600 of 6700/);
    expect((r.advice as string[]).length).toBeGreaterThan(0);
    expect(dir.calls.find((c) => c.method === 'getMetrics')).toBeDefined();
  });

  it('passes when there are no 429s, and is undetermined without data', async () => {
    const ok = service((t) => {
      t.metrics = [results({ '200': [['2026-01-15T10:00:00Z', 50]] })];
    });
    expect((await ok.svc.run('throttling', { vault: 'kv-payments' })).verdict).toBe('allowed');
    const none = service();
    expect((await none.svc.run('throttling', { vault: 'kv-payments' })).verdict).toBe('undetermined');
  });
});

describe('availability', () => {
  const metric = (name: string, pts: { average: number; minimum?: number; maximum?: number }[]): Metric => ({
    name,
    unit: 'x',
    series: [{ dimensions: {}, points: pts.map((p, i) => ({ timeStamp: `2026-01-15T0${i}:00:00Z`, ...p })) }],
  });
  it.each([
    {
      name: 'healthy',
      avail: [{ average: 100, minimum: 100 }],
      lat: [{ average: 40, maximum: 90 }],
      verdict: 'allowed',
    },
    {
      name: 'availability dip',
      avail: [
        { average: 100, minimum: 100 },
        { average: 97, minimum: 90 },
      ],
      lat: [{ average: 40, maximum: 90 }],
      verdict: 'denied',
    },
    {
      name: 'slow',
      avail: [{ average: 100, minimum: 100 }],
      lat: [{ average: 40 }, { average: 1500, maximum: 4000 }],
      verdict: 'denied',
    },
  ])('$name → $verdict', async ({ avail, lat, verdict }) => {
    const { svc } = service((t) => {
      t.metrics = [metric('Availability', avail), metric('ServiceApiLatency', lat)];
    });
    const r = await svc.run('availability', { vault: 'kv-payments' });
    expect(r.verdict).toBe(verdict);
  });

  it('reports averages and minima', async () => {
    const { svc } = service((t) => {
      t.metrics = [
        metric('Availability', [
          { average: 100, minimum: 100 },
          { average: 98, minimum: 95 },
        ]),
        metric('ServiceApiLatency', [
          { average: 30, maximum: 80 },
          { average: 50, maximum: 120 },
        ]),
      ];
    });
    const r = await svc.run('availability', { vault: 'kv-payments' });
    expect(r).toMatchObject({ availability: { average: 99, minimum: 95 }, latencyMs: { average: 40, maximum: 120 } });
  });
});

describe('arm-export', () => {
  it('exports the access policies as ARM, Bicep and the incremental add resource', async () => {
    const { svc } = service();
    const r = await svc.run('arm-export', { vault: 'kv-payments' });
    expect(r.verdict).toBe('allowed');
    const arm = r.arm as {
      type: string;
      name: string;
      properties: { accessPolicies: unknown[]; sku: { name: string }; tenantId: string };
    };
    expect(arm).toMatchObject({
      type: 'Microsoft.KeyVault/vaults',
      name: 'kv-payments',
      properties: { tenantId: TENANT, sku: { name: 'premium' } },
    });
    expect(arm.properties.accessPolicies).toHaveLength(5);
    expect(arm.properties.accessPolicies).toContainEqual({
      tenantId: TENANT,
      objectId: ADELE,
      applicationId: expect.any(String),
      permissions: { secrets: ['list'] },
    });
    const inc = r.incremental as {
      arm: { type: string; name: string; properties: { accessPolicies: unknown[] } };
      bicep: string;
    };
    expect(inc.arm).toMatchObject({ type: 'Microsoft.KeyVault/vaults/accessPolicies', name: 'kv-payments/add' });
    expect(inc.arm.properties.accessPolicies).toEqual(arm.properties.accessPolicies);
    expect(r.bicep).toMatch(/^resource kvPayments 'Microsoft\.KeyVault\/vaults@2025-05-01' = \{/);
    expect(r.bicep).toContain(`objectId: '${ADELE}'`);
    expect(inc.bicep).toContain("name: 'add'");
    expect(inc.bicep).toContain('parent: kvPaymentsExisting');
  });

  it('escapes quotes in Bicep strings', async () => {
    const { svc } = service((t) => {
      t.vaults.push(
        vault('kv-quote', {
          tags: {},
          accessPolicies: [{ tenantId: TENANT, objectId: "o'brien", permissions: { secrets: ['get'] } }],
        }),
      );
    });
    const r = await svc.run('arm-export', { vault: 'kv-quote' });
    expect(r.bicep).toContain("objectId: 'o\\'brien'");
  });
});

describe('probe rules for all probes', () => {
  it('never writes to Azure', async () => {
    const { svc, dir } = service();
    for (const probe of [
      'permission-check',
      'unknown-policies',
      'modify-rights',
      'logging-status',
      'throttling',
      'availability',
      'arm-export',
    ]) {
      await svc.run(probe, { vault: 'kv-payments', principal: ALEX });
    }
    expect(dir.calls.map((c) => c.method).filter((m) => /update|create|delete|put/i.test(m))).toEqual([]);
  });
});
