import { describe, expect, it } from 'vitest';
import {
  ADELE,
  ALEX,
  ISAIAH,
  KV_ORDERS,
  KV_PAYMENTS,
  KV_PRIVATE,
  MEGAN,
  PAYMENTS_READERS,
  SUB1,
  thrown,
  useDemoEmulator,
} from './emulator-clients.js';

const t = useDemoEmulator();

async function list(scope: string, filter?: string) {
  const out = [];
  for await (const ra of t.c.authz.roleAssignments.listForScope(scope, filter ? { filter } : {})) out.push(ra);
  return out;
}
const roleGuids = (ras: { roleDefinitionId?: string }[]) => ras.map((r) => r.roleDefinitionId!.split('/').pop()).sort();

describe('Microsoft.Authorization through @azure/arm-authorization', () => {
  it('assignedTo at a vault includes assignments inherited from the resource group and the subscription', async () => {
    const ras = await list(KV_ORDERS, `atScope() and assignedTo('${ALEX}')`);
    expect(roleGuids(ras)).toEqual(['21090545-7ca7-4776-b22c-e363652d74d2']); // Key Vault Reader at rg-orders
    expect(ras[0]!.scope).toBe(`/subscriptions/${SUB1}/resourceGroups/rg-orders`);
    const isaiah = await list(KV_ORDERS, `atScope() and assignedTo('${ISAIAH}')`);
    expect(isaiah).toHaveLength(1);
    expect(isaiah[0]!.scope).toBe(`/subscriptions/${SUB1}`);
  });

  it('without atScope() an assignment below the scope is listed too; with it, not', async () => {
    const below = await list(`/subscriptions/${SUB1}`, `principalId eq '${ALEX}'`);
    expect(below.map((r) => r.scope).sort()).toEqual([`/subscriptions/${SUB1}/resourceGroups/rg-orders`, KV_PRIVATE]);
    expect(await list(`/subscriptions/${SUB1}`, `atScope() and principalId eq '${ALEX}'`)).toEqual([]);
  });

  it('creates an assignment for a group, finds it for a nested member through assignedTo, and refuses a duplicate with 409', async () => {
    const roleDefinitionId = `/subscriptions/${SUB1}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`;
    const created = await t.c.authz.roleAssignments.create(KV_PAYMENTS, '0f0e0000-0000-4000-8000-000000000001', {
      roleDefinitionId,
      principalId: PAYMENTS_READERS,
      principalType: 'Group',
    });
    expect(created.scope).toBe(KV_PAYMENTS);
    // Adele is in Payments Developers, which is in Payments Readers.
    const adele = await list(KV_PAYMENTS, `assignedTo('${ADELE}')`);
    expect(adele.map((r) => r.principalId)).toContain(PAYMENTS_READERS);
    expect(await list(KV_PAYMENTS, `principalId eq '${ADELE}'`)).toEqual([]);
    const dup = await thrown(() =>
      t.c.authz.roleAssignments.create(KV_PAYMENTS, '0f0e0000-0000-4000-8000-000000000002', {
        roleDefinitionId,
        principalId: PAYMENTS_READERS,
      }),
    );
    expect(dup.statusCode).toBe(409);
    expect(dup.code).toBe('RoleAssignmentExists');
    await t.c.authz.roleAssignments.deleteById(created.id!);
    expect((await list(KV_PAYMENTS, `assignedTo('${ADELE}')`)).some((r) => r.principalId === PAYMENTS_READERS)).toBe(
      false,
    );
  });

  it('rejects principals missing from the directory', async () => {
    const e = await thrown(() =>
      t.c.authz.roleAssignments.create(KV_PAYMENTS, '0f0e0000-0000-4000-8000-000000000003', {
        roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6',
        principalId: 'e1000000-0000-4000-8000-00000000dead',
      }),
    );
    expect(e.code).toBe('PrincipalNotFound');
  });

  it('serves built-in and custom role definitions by id and by roleName filter', async () => {
    const reader = await t.c.authz.roleDefinitions.get(
      `/subscriptions/${SUB1}`,
      '21090545-7ca7-4776-b22c-e363652d74d2',
    );
    expect(reader.roleName).toBe('Key Vault Reader');
    expect(reader.roleType).toBe('BuiltInRole');
    expect(reader.permissions?.[0]?.dataActions).toContain('Microsoft.KeyVault/vaults/secrets/readMetadata/action');
    const found = [];
    for await (const rd of t.c.authz.roleDefinitions.list(`/subscriptions/${SUB1}`, {
      filter: "roleName eq 'Key Vault Secrets User'",
    }))
      found.push(rd);
    expect(found.map((r) => r.name)).toEqual(['4633458b-17de-408a-b874-0445c86b69e6']);
    const owner = await t.c.authz.roleDefinitions.getById(
      '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    );
    expect(owner.roleName).toBe('Owner');
    const custom = [];
    for await (const rd of t.c.authz.roleDefinitions.list(`/subscriptions/${SUB1}`, {
      filter: "roleName eq 'Orders Secret Lister'",
    }))
      custom.push(rd);
    expect(custom[0]?.permissions?.[0]?.notDataActions).toEqual(['Microsoft.KeyVault/vaults/secrets/getSecret/action']);
    const missing = await thrown(() =>
      t.c.authz.roleDefinitions.get(`/subscriptions/${SUB1}`, '99999999-0000-4000-8000-000000000000'),
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('RoleDefinitionDoesNotExist');
  });

  it("lists Megan's Owner assignment from any vault in the subscription", async () => {
    const ras = await list(KV_PAYMENTS, `assignedTo('${MEGAN}')`);
    expect(roleGuids(ras)).toContain('8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
  });
});
