import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AzureDirectory } from '../../../src/core/probes/azure-directory.js';
import { AzureAccessError } from '../../../src/core/probes/azure-error.js';
import { createAzureDirectory, staticCredential } from '../../../src/adapters/azure/index.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { startEmulator } from '../../../src/emulator/index.js';
import {
  ALEX,
  APP_ID,
  APP_OBJ,
  CUSTOM_ROLE,
  G_DEVS,
  G_PLATFORM,
  KV_DENIED,
  KV_POLICY,
  KV_RBAC,
  MEGAN,
  SECRETS_USER,
  SP_API,
  SUB_A,
  SUB_B,
  TENANT,
  emulatorTenant,
} from './emulator-tenant.js';

let emu: RunningEmulator;
let dir: AzureDirectory;

const RETRY = { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 };

function directory(over: Partial<Parameters<typeof createAzureDirectory>[0]> = {}): AzureDirectory {
  return createAzureDirectory({
    credential: staticCredential(),
    subscriptionIds: [SUB_A, SUB_B],
    armEndpoint: emu.url,
    graphEndpoint: emu.url,
    tlsOptions: { ca: emu.caPem },
    retryOptions: RETRY,
    callTimeoutInMs: 5000,
    sandbox: true,
    ...over,
  });
}

async function failure(p: Promise<unknown>): Promise<AzureAccessError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AzureAccessError);
    return e as AzureAccessError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  emu = await startEmulator({ fixture: emulatorTenant(), port: 0 });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.faults.clear();
  emu.requestLog.length = 0;
  dir = directory();
});

describe('the Azure adapter against the emulator: Key Vault', () => {
  it('finds a vault by name in the second subscription, following paging, and maps it', async () => {
    const v = await dir.findVault('KV-DATA');
    expect(v).toMatchObject({
      id: KV_RBAC,
      name: 'kv-data',
      subscriptionId: SUB_B,
      resourceGroup: 'rg-data',
      tenantId: TENANT,
      enableRbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      privateEndpointCount: 0,
      skuName: 'standard',
    });
    const a = await dir.findVault('kv-app');
    expect(a!.networkAcls).toEqual({
      defaultAction: 'Deny',
      bypass: 'AzureServices',
      ipRules: ['203.0.113.0/24'],
      virtualNetworkRules: [],
    });
    expect(a!.accessPolicies).toContainEqual({
      tenantId: TENANT,
      objectId: G_PLATFORM,
      permissions: { secrets: ['get', 'list'] },
    });
    expect(emu.requestLog.some((r) => r.query['$skiptoken'] !== undefined)).toBe(true);
  });

  it('re-reads a known vault with one GET instead of listing again', async () => {
    await dir.findVault('kv-app');
    emu.requestLog.length = 0;
    const v = await dir.findVault('kv-app');
    expect(v!.id).toBe(KV_POLICY);
    expect(emu.requestLog).toHaveLength(1);
  });

  it('returns undefined for a vault no subscription has', async () => {
    expect(await dir.findVault('kv-nowhere')).toBeUndefined();
  });

  it('reads a vault by id, and reports a missing one as not-found', async () => {
    expect((await dir.getVault(KV_POLICY)).name).toBe('kv-app');
    const e = await failure(dir.getVault(KV_POLICY.replace('kv-app', 'kv-gone')));
    expect(e).toMatchObject({ kind: 'not-found', details: { operation: 'vaults.get', statusCode: 404 } });
  });

  it('refuses a malformed vault id without calling Azure', async () => {
    const e = await failure(dir.getVault('not-an-id'));
    expect(e.kind).toBe('bad-request');
    expect(emu.requestLog).toHaveLength(0);
  });

  it('adds an access policy incrementally and returns the merged list', async () => {
    const after = await dir.updateAccessPolicies(KV_POLICY, 'add', [
      { tenantId: TENANT, objectId: MEGAN, permissions: { secrets: ['list'] } },
    ]);
    expect(after).toContainEqual({ tenantId: TENANT, objectId: MEGAN, permissions: { secrets: ['list'] } });
    expect(after).toContainEqual({ tenantId: TENANT, objectId: G_PLATFORM, permissions: { secrets: ['get', 'list'] } });
    const removed = await dir.updateAccessPolicies(KV_POLICY, 'remove', [
      { tenantId: TENANT, objectId: MEGAN, permissions: { secrets: ['list'] } },
    ]);
    expect(removed.some((p) => p.objectId === MEGAN)).toBe(false);
  });

  it('reports the bot lacking read rights as forbidden', async () => {
    const e = await failure(dir.getVault(KV_DENIED));
    expect(e).toMatchObject({ kind: 'forbidden', details: { statusCode: 403, code: 'AuthorizationFailed' } });
  });

  it('maps a body the SDK cannot read to invalid-response', async () => {
    const sub = emu.state.fixture.subscriptions.find((s) => s.subscriptionId === SUB_A)!;
    const v = sub.vaults.find((x) => x.name === 'kv-filler1')!;
    const saved = v.properties;
    (v as { properties?: unknown }).properties = undefined;
    try {
      const e = await failure(dir.getVault(v.id));
      expect(e.kind).toBe('invalid-response');
    } finally {
      v.properties = saved;
    }
  });
});

describe('the Azure adapter against the emulator: authorization', () => {
  it('lists assignments transitively with assignedTo, including inherited scopes', async () => {
    const list = await dir.listRoleAssignments(KV_RBAC, { assignedTo: ALEX });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      principalId: G_PLATFORM,
      scope: `/subscriptions/${SUB_B}/resourceGroups/rg-data`,
      principalType: 'Group',
    });
    expect(list[0]!.roleDefinitionId).toMatch(new RegExp(`${SECRETS_USER}$`));
  });

  it('filters by principalId and atScope as ARM does', async () => {
    const all = await dir.listRoleAssignments(KV_RBAC, { principalId: MEGAN });
    expect(all.map((a) => a.scope).sort()).toEqual([KV_RBAC, `${KV_RBAC}/secrets/one`]);
    const atScope = await dir.listRoleAssignments(KV_RBAC, { principalId: MEGAN, atScope: true });
    expect(atScope.map((a) => a.scope)).toEqual([KV_RBAC]);
  });

  it('reads built-in and custom role definitions by id, and finds them by name', async () => {
    const builtIn = await dir.getRoleDefinition(`/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`);
    expect(builtIn).toMatchObject({ name: SECRETS_USER, roleName: 'Key Vault Secrets User', roleType: 'BuiltInRole' });
    expect(builtIn.permissions[0]!.dataActions).toContain('Microsoft.KeyVault/vaults/secrets/readMetadata/action');
    const custom = await dir.getRoleDefinition(
      `/subscriptions/${SUB_B}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_ROLE}`,
    );
    expect(custom.permissions[0]!.notDataActions).toEqual(['Microsoft.KeyVault/vaults/secrets/getSecret/action']);
    const found = await dir.findRoleDefinitions(`/subscriptions/${SUB_B}`, 'Key Vault Secrets Officer');
    expect(found.map((d) => d.name)).toEqual(['b86a8fe4-44ce-4948-aee5-eccb2c155cd7']);
  });

  it('creates and deletes a role assignment, and reports a duplicate as a conflict', async () => {
    const def = `/subscriptions/${SUB_B}/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`;
    const created = await dir.createRoleAssignment(KV_RBAC, 'ab000000-0000-4000-8000-000000000001', {
      roleDefinitionId: def,
      principalId: ALEX,
      principalType: 'User',
    });
    expect(created).toMatchObject({ scope: KV_RBAC, principalId: ALEX });
    const dup = await failure(
      dir.createRoleAssignment(KV_RBAC, 'ab000000-0000-4000-8000-000000000002', {
        roleDefinitionId: def,
        principalId: ALEX,
        principalType: 'User',
      }),
    );
    expect(dup.kind).toBe('conflict');
    await dir.deleteRoleAssignment(created.id);
    expect((await dir.listRoleAssignments(KV_RBAC, { principalId: ALEX })).length).toBe(0);
  });
});

describe('the Azure adapter against the emulator: Microsoft Graph', () => {
  it('resolves ids by type and leaves unknown ids out', async () => {
    const objs = await dir.getDirectoryObjects([ALEX, G_DEVS, SP_API, APP_OBJ, 'dead0000-0000-4000-8000-000000000000']);
    expect(objs.map((o) => [o.id, o.type]).sort()).toEqual(
      [
        [ALEX, 'user'],
        [G_DEVS, 'group'],
        [SP_API, 'servicePrincipal'],
        [APP_OBJ, 'application'],
      ].sort(),
    );
    expect(objs.find((o) => o.id === SP_API)).toMatchObject({ appId: APP_ID, servicePrincipalType: 'Application' });
  });

  it('returns transitive groups through nesting', async () => {
    expect((await dir.getMemberGroups(ALEX)).sort()).toEqual([G_DEVS, G_PLATFORM].sort());
    expect(await dir.getMemberGroups(G_DEVS)).toEqual([G_PLATFORM]);
  });

  it('finds a group by a display name with a quote, and an SP by appId', async () => {
    expect((await dir.findGroupsByName("Platform O'Neil Engineering")).map((g) => g.id)).toEqual([G_PLATFORM]);
    expect((await dir.findServicePrincipalByAppId(APP_ID))?.id).toBe(SP_API);
    expect(await dir.findServicePrincipalByAppId('dead0000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('finds a user by userPrincipalName (any case), and nobody for an unknown address', async () => {
    expect(await dir.findUserByPrincipalName?.('AlexW@example.com')).toMatchObject({
      id: ALEX,
      type: 'user',
      displayName: 'Alex Wilber',
    });
    expect(await dir.findUserByPrincipalName?.('nobody@example.com')).toBeUndefined();
  });

  it('reports an unknown object as not-found', async () => {
    const e = await failure(dir.getMemberGroups('dead0000-0000-4000-8000-000000000000'));
    expect(e).toMatchObject({ kind: 'not-found', details: { operation: 'graph.getMemberGroups', statusCode: 404 } });
  });
});

describe('the Azure adapter against the emulator: monitoring', () => {
  it('reads diagnostic settings with their category groups and destinations', async () => {
    const settings = await dir.listDiagnosticSettings(KV_POLICY);
    expect(settings).toEqual([
      expect.objectContaining({
        name: 'audit-to-law',
        logs: [{ categoryGroup: 'audit', enabled: true }],
        workspaceId: expect.stringContaining('workspaces/law'),
      }),
    ]);
  });

  it('creates and deletes a diagnostic setting', async () => {
    const put = await dir.putDiagnosticSetting(KV_RBAC, {
      name: 'kv-audit',
      logs: [{ category: 'AuditEvent', enabled: true }],
      metrics: [],
      storageAccountId: '/subscriptions/x/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/s',
    });
    expect(put).toMatchObject({ name: 'kv-audit', logs: [{ category: 'AuditEvent', enabled: true }] });
    expect((await dir.listDiagnosticSettings(KV_RBAC)).map((s) => s.name)).toEqual(['kv-audit']);
    await dir.deleteDiagnosticSetting(KV_RBAC, 'kv-audit');
    expect(await dir.listDiagnosticSettings(KV_RBAC)).toEqual([]);
  });

  it('reads metrics split by status code', async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 24 * 3_600_000);
    const metrics = await dir.getMetrics(KV_POLICY, {
      metricNames: ['ServiceApiResult'],
      timespan: `${start.toISOString()}/${end.toISOString()}`,
      interval: 'PT1H',
      aggregation: 'count',
      filter: "StatusCode eq '*'",
    });
    const series = metrics[0]!.series;
    const total = (code: string) =>
      series
        .filter((s) => Object.entries(s.dimensions).some(([k, v]) => k.toLowerCase() === 'statuscode' && v === code))
        .flatMap((s) => s.points)
        .reduce((n, p) => n + (p.count ?? 0), 0);
    expect(total('200')).toBe(1200);
    expect(total('429')).toBe(30);
  });
});

describe('the Azure adapter against the emulator: faults end in domain outcomes', () => {
  it('retries a 429 with Retry-After 0 and succeeds', async () => {
    emu.faults.add({ path: '**/vaults/kv-app', status: 429, retryAfterSeconds: 0, times: 1 });
    expect((await dir.getVault(KV_POLICY)).name).toBe('kv-app');
    expect(emu.requestLog.filter((r) => r.fault).length).toBe(1);
    expect(emu.requestLog.length).toBe(2);
  });

  it('gives up on a 429 without Retry-After: throttled', async () => {
    emu.faults.add({ path: '**/vaults/kv-app', status: 429 });
    const e = await failure(dir.getVault(KV_POLICY));
    expect(e).toMatchObject({ kind: 'throttled', details: { statusCode: 429 } });
    expect(emu.requestLog.length).toBe(1);
  });

  it('reports a persistent 500 as unavailable after the retries', async () => {
    emu.faults.add({ path: '**/roleAssignments', status: 500 });
    const e = await failure(dir.listRoleAssignments(KV_RBAC, { assignedTo: ALEX }));
    expect(e).toMatchObject({
      kind: 'unavailable',
      details: { statusCode: 500, operation: 'roleAssignments.listForScope' },
    });
    expect(emu.requestLog.length).toBe(3);
  });

  it('reports a Graph 503 as unavailable', async () => {
    emu.faults.add({ path: '/v1.0/**', status: 503 });
    const e = await failure(dir.getDirectoryObjects([ALEX]));
    expect(e).toMatchObject({ kind: 'unavailable', details: { statusCode: 503, operation: 'graph.getByIds' } });
  });

  it('reports dropped connections as unavailable', async () => {
    emu.faults.add({ path: '**/vaults/kv-app', drop: true });
    const e = await failure(dir.getVault(KV_POLICY));
    expect(e.kind).toBe('unavailable');
  });

  it('times out when the answer comes after the deadline', async () => {
    const slow = directory({ callTimeoutInMs: 150 });
    emu.faults.add({ path: '**/vaults/kv-app', latencyInMs: 1000 });
    const e = await failure(slow.getVault(KV_POLICY));
    expect(e).toMatchObject({ kind: 'timeout', details: { operation: 'vaults.get' } });
  });

  it("honours the caller's abort signal", async () => {
    emu.faults.add({ path: '**/vaults/kv-app', latencyInMs: 1000 });
    const e = await failure(dir.getVault(KV_POLICY, { abortSignal: AbortSignal.timeout(100) }));
    expect(e.kind).toBe('timeout');
  });

  it('reports a credential that cannot get a token as unauthenticated', async () => {
    const broken = directory({
      credential: {
        getToken: async () => {
          const e = new Error('EnvironmentCredential is unavailable');
          e.name = 'CredentialUnavailableError';
          throw e;
        },
      },
    });
    const e = await failure(broken.getVault(KV_POLICY));
    expect(e.kind).toBe('unauthenticated');
    expect(emu.requestLog).toHaveLength(0);
  });
});
