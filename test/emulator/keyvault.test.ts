import { describe, expect, it } from 'vitest';
import {
  ALEX,
  clientsFor,
  KV_PAYMENTS,
  MEGAN,
  PAYMENTS_READERS,
  rawRequest,
  SUB1,
  SUB2,
  TENANT,
  thrown,
  useDemoEmulator,
} from './emulator-clients.js';

const t = useDemoEmulator();

const policiesOf = (name: string) => t.emu.state.vault(name)!.properties.accessPolicies ?? [];

describe('ARM Key Vault through @azure/arm-keyvault', () => {
  it('gets a vault with its access policies, network rules and RBAC flag', async () => {
    const v = await t.c.kv.vaults.get('rg-payments', 'kv-payments');
    expect(v.id).toBe(KV_PAYMENTS);
    expect(v.properties.tenantId).toBe(TENANT);
    // Absent, as real GETs often leave it (it then means access policies).
    expect(v.properties.enableRbacAuthorization).toBeUndefined();
    expect((await t.c.kv.vaults.get('rg-orders', 'kv-orders')).properties.enableRbacAuthorization).toBe(true);
    expect(v.properties.accessPolicies?.map((p) => p.objectId)).toContain(PAYMENTS_READERS);
    expect(v.properties.accessPolicies?.some((p) => p.objectId === ALEX)).toBe(false);
    const fw = await clientsFor(t.emu, SUB2).kv.vaults.get('rg-shared', 'kv-shared-fw');
    expect(fw.properties.networkAcls?.defaultAction).toBe('Deny');
    // The fixture writes 198.51.100.7; ARM serves a single address as /32.
    expect(fw.properties.networkAcls?.ipRules?.map((r) => r.value)).toEqual(['203.0.113.0/24', '198.51.100.7/32']);
  });

  it('pages listBySubscription through absolute nextLinks and hides vaults the bot may not read', async () => {
    const names: string[] = [];
    for await (const v of t.c.kv.vaults.listBySubscription()) names.push(v.name!);
    expect(names.sort()).toEqual(['kv-orders', 'kv-payments', 'kv-private']);
    // As in real ARM (keyvault-2026-02-01-listVaultBySubscription.json), page 2 is on /resources with an opaque token.
    const pages = t.emu.requestLog.filter((r) => r.path.startsWith(`/subscriptions/${SUB1}/`));
    expect(pages.map((p) => p.path)).toEqual([
      `/subscriptions/${SUB1}/providers/Microsoft.KeyVault/vaults`,
      `/subscriptions/${SUB1}/resources`,
    ]);
    expect(pages[0]!.query.$skiptoken).toBeUndefined();
    expect(pages[1]!.query.$skiptoken).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(pages.every((p) => p.query['api-version'] === '2026-02-01')).toBe(true);
  });

  it('lists by resource group and through the generic /resources list', async () => {
    const inRg: string[] = [];
    for await (const v of t.c.kv.vaults.listByResourceGroup('rg-orders')) inRg.push(v.name!);
    expect(inRg.sort()).toEqual(['kv-orders', 'kv-private']);
    const all: string[] = [];
    for await (const r of t.c.kv.vaults.list()) all.push(r.name!);
    expect(all.sort()).toEqual(['kv-orders', 'kv-payments', 'kv-private']);
  });

  it('answers 404 ResourceNotFound for a missing vault', async () => {
    const e = await thrown(() => t.c.kv.vaults.get('rg-payments', 'kv-nope'));
    expect(e.statusCode).toBe(404);
    expect(e.code).toBe('ResourceNotFound');
    expect(String(e.message)).toContain("Microsoft.KeyVault/vaults/kv-nope' under resource group 'rg-payments'");
  });

  it('refuses the bot on denyBotRead scopes with ARM AuthorizationFailed', async () => {
    const e = await thrown(() => t.c.kv.vaults.get('rg-restricted', 'kv-restricted'));
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe('AuthorizationFailed');
    expect(String(e.message)).toMatch(
      /does not have authorization to perform action 'Microsoft\.KeyVault\/vaults\/read' over scope '.*kv-restricted'/,
    );
  });

  it('merges add into an existing entry, appends new entries, and the state shows it', async () => {
    await t.c.kv.vaults.updateAccessPolicy('rg-payments', 'kv-payments', 'add', {
      properties: {
        accessPolicies: [
          { tenantId: TENANT, objectId: PAYMENTS_READERS, permissions: { secrets: ['list', 'set'], keys: ['get'] } },
        ],
      },
    });
    const res = await t.c.kv.vaults.updateAccessPolicy('rg-payments', 'kv-payments', 'add', {
      properties: { accessPolicies: [{ tenantId: TENANT, objectId: ALEX, permissions: { secrets: ['list'] } }] },
    });
    expect(res.properties.accessPolicies.find((p) => p.objectId === ALEX)?.permissions.secrets).toEqual(['list']);
    const readers = policiesOf('kv-payments').find((p) => p.objectId === PAYMENTS_READERS)!;
    expect(readers.permissions).toEqual({ secrets: ['get', 'list', 'set'], keys: ['get'] });
    expect(policiesOf('kv-payments').filter((p) => p.objectId === PAYMENTS_READERS)).toHaveLength(1);
  });

  it('removes listed permissions and drops entries left empty; replace overwrites', async () => {
    await t.c.kv.vaults.updateAccessPolicy('rg-payments', 'kv-payments', 'add', {
      properties: { accessPolicies: [{ tenantId: TENANT, objectId: ALEX, permissions: { secrets: ['get', 'list'] } }] },
    });
    await t.c.kv.vaults.updateAccessPolicy('rg-payments', 'kv-payments', 'remove', {
      properties: { accessPolicies: [{ tenantId: TENANT, objectId: ALEX, permissions: { secrets: ['get'] } }] },
    });
    expect(policiesOf('kv-payments').find((p) => p.objectId === ALEX)?.permissions).toEqual({ secrets: ['list'] });
    await t.c.kv.vaults.updateAccessPolicy('rg-payments', 'kv-payments', 'remove', {
      properties: { accessPolicies: [{ tenantId: TENANT, objectId: ALEX, permissions: { secrets: ['list'] } }] },
    });
    expect(policiesOf('kv-payments').some((p) => p.objectId === ALEX)).toBe(false);
    await t.c.kv.vaults.updateAccessPolicy('rg-payments', 'kv-payments', 'replace', {
      properties: { accessPolicies: [{ tenantId: TENANT, objectId: MEGAN, permissions: { secrets: ['get'] } }] },
    });
    expect(policiesOf('kv-payments').find((p) => p.objectId === MEGAN)?.permissions).toEqual({ secrets: ['get'] });
  });

  it('patches networkAcls', async () => {
    const v = await clientsFor(t.emu, SUB2).kv.vaults.update('rg-shared', 'kv-shared-fw', {
      properties: { networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices', ipRules: [] } },
    });
    expect(v.properties.networkAcls?.defaultAction).toBe('Allow');
    expect(t.emu.state.vault('kv-shared-fw')!.properties.networkAcls?.defaultAction).toBe('Allow');
  });

  it('rejects unknown api-versions, missing bearer tokens and unknown routes with JSON errors', async () => {
    const badVersion = await rawRequest(t.emu, 'GET', `${KV_PAYMENTS}?api-version=2099-01-01`, {
      headers: { authorization: 'Bearer x' },
    });
    expect(badVersion.status).toBe(400);
    expect(badVersion.body).toMatchObject({ error: { code: 'InvalidApiVersionParameter' } });
    const noAuth = await rawRequest(t.emu, 'GET', `${KV_PAYMENTS}?api-version=2026-02-01`);
    expect(noAuth.status).toBe(401);
    expect(noAuth.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    const unknown = await rawRequest(t.emu, 'GET', '/nothing/here?api-version=1', {
      headers: { authorization: 'Bearer x' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/json/);
  });
});
