import { describe, expect, it } from 'vitest';
import { APPLICATION_IAM_WARNING, MANAGED_IDENTITY_GROUP_WARNING } from '../../src/core/fixes/group-warnings.js';
import { chooseLeastPrivilegeRoles } from '../../src/core/fixes/key-vault-roles.js';
import { parseOperation } from '../../src/core/probes/operation.js';
import { SUB, TENANT } from '../helpers/fake-directory.js';
import {
  ADELE,
  ALEX,
  ALL_COMPANY,
  API_SP,
  DEVS_GROUP_1,
  DEVS_GROUP_2,
  MEGAN,
  ORDERS_ID,
  PAYMENTS_ID,
  planned,
  READERS_GROUP,
  withFixService,
} from './scenario.js';

const GUID1 = 'aaaaaaaa-0000-4000-8000-000000000001';

describe('grant-group-access plans', () => {
  it('resolves a group by display name and adds its access policy, with the FAQ caveats', async () => {
    const { service, directory } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-group-access',
        vault: 'kv-payments',
        group: 'Team KV Readers',
        operations: ['secrets/get', 'secrets/list'],
      }),
    );
    expect(directory.calls).toContainEqual(
      expect.objectContaining({ method: 'findGroupsByName', arg: 'Team KV Readers' }),
    );
    expect(plan.fix).toBe('grant-group-access');
    expect(plan.principal).toEqual({ id: READERS_GROUP, type: 'group', displayName: 'Team KV Readers' });
    expect(plan.call).toEqual({
      method: 'PUT',
      path: `${PAYMENTS_ID}/accessPolicies/add?api-version=2026-02-01`,
      body: {
        properties: {
          accessPolicies: [{ tenantId: TENANT, objectId: READERS_GROUP, permissions: { secrets: ['get', 'list'] } }],
        },
      },
    });
    expect(plan.warnings).toContain(MANAGED_IDENTITY_GROUP_WARNING);
    expect(plan.warnings).toContain(APPLICATION_IAM_WARNING);
    expect(plan.warnings[0]).toMatch(
      /found by its display name; its object id is 9a000000-0000-4000-8000-000000000001/,
    );
  });

  it('resolves a group by object id without the display-name caveat', async () => {
    const { service, directory } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-group-access',
        vault: 'kv-payments',
        group: READERS_GROUP,
        operations: ['secrets/list'],
      }),
    );
    expect(directory.calls).toContainEqual(
      expect.objectContaining({ method: 'getDirectoryObjects', arg: READERS_GROUP }),
    );
    expect(plan.warnings.some((w) => w.includes('display name'))).toBe(false);
  });

  it('drops the managed-identity and application caveats for a group of people', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-group-access',
        vault: 'kv-payments',
        group: 'Team KV Readers',
        operations: ['secrets/list'],
        memberKinds: ['user'],
      }),
    );
    expect(plan.warnings).not.toContain(MANAGED_IDENTITY_GROUP_WARNING);
    expect(plan.warnings).not.toContain(APPLICATION_IAM_WARNING);
  });

  it('says clearly when no group has that name', async () => {
    const { service } = withFixService();
    const outcome = await service.plan({
      fix: 'grant-group-access',
      vault: 'kv-payments',
      group: 'Team Nobody',
      operations: ['secrets/list'],
    });
    expect(outcome).toMatchObject({ kind: 'not-found', what: 'group' });
    expect(outcome.kind === 'not-found' && outcome.message).toMatch(/No group named "Team Nobody"/);
  });

  it('lists the candidates when several groups share the name', async () => {
    const { service } = withFixService();
    const outcome = await service.plan({
      fix: 'grant-group-access',
      vault: 'kv-payments',
      group: 'payments devs',
      operations: ['secrets/list'],
    });
    expect(outcome.kind).toBe('ambiguous');
    if (outcome.kind !== 'ambiguous') return;
    expect(outcome.candidates).toEqual([
      { id: DEVS_GROUP_1, displayName: 'Payments Devs', securityEnabled: true },
      { id: DEVS_GROUP_2, displayName: 'Payments Devs', securityEnabled: false },
    ]);
    // Choosing one by id then plans normally.
    const chosen = planned(
      await service.plan({
        fix: 'grant-group-access',
        vault: 'kv-payments',
        group: DEVS_GROUP_1,
        operations: ['secrets/list'],
      }),
    );
    expect(chosen.principal.id).toBe(DEVS_GROUP_1);
  });

  it('refuses a group that is not security-enabled', async () => {
    const { service } = withFixService();
    const outcome = await service.plan({
      fix: 'grant-group-access',
      vault: 'kv-payments',
      group: 'All Company',
      operations: ['secrets/list'],
    });
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'not-security-group' });
    expect(outcome.kind === 'refused' && outcome.message).toContain(ALL_COMPANY);
  });

  it('refuses an object id that is a user, not a group', async () => {
    const { service } = withFixService();
    const outcome = await service.plan({
      fix: 'grant-group-access',
      vault: 'kv-payments',
      group: ALEX,
      operations: ['secrets/list'],
    });
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'not-a-group' });
  });

  it('assigns the least-privilege role to the group on an RBAC vault', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-group-access',
        vault: 'kv-orders',
        group: 'Team KV Readers',
        operations: ['secrets/get'],
      }),
    );
    expect(plan.fix).toBe('grant-group-access');
    expect(plan.vault.model).toBe('rbac');
    expect(plan.call.body).toEqual({
      properties: {
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`,
        principalId: READERS_GROUP,
        principalType: 'Group',
      },
    });
    expect(plan.warnings).toContain(MANAGED_IDENTITY_GROUP_WARNING);
    // On an RBAC vault the role assignment is the IAM role the FAQ asks for.
    expect(plan.warnings).not.toContain(APPLICATION_IAM_WARNING);
  });
});

describe('least-privilege role choice', () => {
  it.each([
    [['secrets/list'], ['Key Vault Reader']],
    [['secrets/get'], ['Key Vault Secrets User']],
    [['secrets/get', 'secrets/list'], ['Key Vault Secrets User']],
    [['keys/get', 'keys/list'], ['Key Vault Reader']],
    [['keys/sign'], ['Key Vault Crypto User']],
    [['keys/encrypt', 'keys/decrypt', 'keys/verify'], ['Key Vault Crypto User']],
    [['keys/wrapKey', 'keys/unwrapKey'], ['Key Vault Crypto Service Encryption User']],
    [['keys/release'], ['Key Vault Crypto Service Release User']],
    [['certificates/get'], ['Key Vault Certificate User']],
    [['certificates/list'], ['Key Vault Reader']],
    [['secrets/set'], ['Key Vault Secrets Officer']],
    [['secrets/delete', 'secrets/get'], ['Key Vault Secrets Officer']],
    [['keys/create'], ['Key Vault Crypto Officer']],
    [['certificates/import'], ['Key Vault Certificates Officer']],
    [['storage/set'], ['Key Vault Administrator']],
    [
      ['secrets/get', 'keys/sign'],
      ['Key Vault Secrets User', 'Key Vault Crypto User'],
    ],
    [
      ['secrets/list', 'secrets/get', 'keys/sign'],
      ['Key Vault Secrets User', 'Key Vault Crypto User'],
    ],
  ])('%j → %j', (ops, roles) => {
    expect(chooseLeastPrivilegeRoles(ops.map(parseOperation)).map((c) => c.role.roleName)).toEqual(roles);
  });
});

describe('assign-rbac-role plans', () => {
  it('assigns Key Vault Secrets User at vault scope under a new GUID, with a delete as inverse', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'assign-rbac-role',
        vault: 'kv-orders',
        principalId: ADELE,
        operations: ['secrets/get'],
      }),
    );
    const path = `${ORDERS_ID}/providers/Microsoft.Authorization/roleAssignments/${GUID1}?api-version=2022-04-01`;
    expect(plan.call).toEqual({
      method: 'PUT',
      path,
      body: {
        properties: {
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`,
          principalId: ADELE,
          principalType: 'User',
        },
      },
    });
    expect(plan.inverse?.call).toEqual({ method: 'DELETE', path, body: null });
    expect(plan.diff).toEqual([
      {
        principal: 'Adele Vance',
        category: 'role assignments',
        before: ["Key Vault Reader @ resource group 'rg-app'"],
        after: ["Key Vault Reader @ resource group 'rg-app'", 'Key Vault Secrets User @ the vault'],
      },
    ]);
  });

  it.each([
    ['a direct role that covers it', MEGAN, ['secrets/get', 'secrets/list']],
    ['an inherited role that covers it', ADELE, ['secrets/list']],
  ])('says "nothing to change" for %s', async (_label, principalId, operations) => {
    const { service } = withFixService();
    expect((await service.plan({ fix: 'assign-rbac-role', vault: 'kv-orders', principalId, operations })).kind).toBe(
      'nothing-to-change',
    );
  });

  it('uses principalType ServicePrincipal for an app', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'assign-rbac-role',
        vault: 'kv-orders',
        principalId: API_SP,
        operations: ['keys/sign'],
      }),
    );
    expect(plan.effect).toMatchObject({ roleName: 'Key Vault Crypto User', principalType: 'ServicePrincipal' });
  });

  it('splits into one plan per role when no single role is least privilege', async () => {
    const { service } = withFixService();
    const outcome = await service.plan({
      fix: 'assign-rbac-role',
      vault: 'kv-orders',
      principalId: ALEX,
      operations: ['secrets/get', 'keys/sign'],
    });
    expect(outcome.kind).toBe('split');
    if (outcome.kind !== 'split') return;
    expect(
      outcome.plans.map((p) => [
        p.effect.kind === 'role-assignment-create' && p.effect.roleName,
        p.request && 'operations' in p.request && p.request.operations,
      ]),
    ).toEqual([
      ['Key Vault Secrets User', ['secrets/get']],
      ['Key Vault Crypto User', ['keys/sign']],
    ]);
    expect(new Set(outcome.plans.map((p) => p.call.path)).size).toBe(2);
  });

  it('refuses on an access-policy vault and offers the access-policy grant instead', async () => {
    const { service } = withFixService();
    const outcome = await service.plan({
      fix: 'assign-rbac-role',
      vault: 'kv-payments',
      principalId: ADELE,
      operations: ['secrets/get'],
    });
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'access-policy-vault' });
    if (outcome.kind !== 'refused') return;
    expect(planned(outcome.alternative!)).toMatchObject({
      fix: 'grant-access-policy',
      effect: { kind: 'access-policy-add', permissions: { secrets: ['get'] } },
    });
  });
});
