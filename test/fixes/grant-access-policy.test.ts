import { describe, expect, it } from 'vitest';
import { APPLICATION_IAM_WARNING, MANAGED_IDENTITY_GROUP_WARNING } from '../../src/core/fixes/group-warnings.js';
import { TENANT } from '../helpers/fake-directory.js';
import {
  ADELE,
  ALEX,
  API_APP_OBJECT,
  API_SP,
  MEGAN,
  PAYMENTS_ID,
  planned,
  READERS_GROUP,
  withFixService,
} from './scenario.js';

describe('grant-access-policy plans', () => {
  it('adds only the missing permission when the user already has part of the request', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ALEX,
        operations: ['secrets/get', 'secrets/list'],
      }),
    );
    expect(plan.fix).toBe('grant-access-policy');
    expect(plan.vault).toEqual({ id: PAYMENTS_ID, name: 'kv-payments', model: 'access-policy' });
    expect(plan.principal).toEqual({ id: ALEX, type: 'user', displayName: 'Alex Wilber' });
    expect(plan.diff).toEqual([
      { principal: 'Alex Wilber', category: 'secrets', before: ['get'], after: ['get', 'list'] },
    ]);
    expect(plan.call).toEqual({
      method: 'PUT',
      path: `${PAYMENTS_ID}/accessPolicies/add?api-version=2026-02-01`,
      body: {
        properties: { accessPolicies: [{ tenantId: TENANT, objectId: ALEX, permissions: { secrets: ['list'] } }] },
      },
    });
    expect(plan.inverse?.call).toEqual({
      method: 'PUT',
      path: `${PAYMENTS_ID}/accessPolicies/remove?api-version=2026-02-01`,
      body: {
        properties: { accessPolicies: [{ tenantId: TENANT, objectId: ALEX, permissions: { secrets: ['list'] } }] },
      },
    });
    expect(plan.inverse?.diff).toEqual([
      { principal: 'Alex Wilber', category: 'secrets', before: ['get', 'list'], after: ['get'] },
    ]);
    expect(plan.summary).toContain('secrets list');
  });

  it.each([
    ['a user who already has the permission', ALEX, ['secrets/get']],
    ['a user whose "all" covers the permission', MEGAN, ['keys/sign', 'keys/wrapKey']],
  ])('says "nothing to change" for %s', async (_label, principalId, operations) => {
    const { service } = withFixService();
    const outcome = await service.plan({ fix: 'grant-access-policy', vault: 'kv-payments', principalId, operations });
    expect(outcome.kind).toBe('nothing-to-change');
    expect(outcome.kind === 'nothing-to-change' && outcome.message).toMatch(/nothing to change/);
  });

  it('creates a new entry for a principal without one, across categories', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ADELE,
        operations: ['keys/sign', 'secrets/list', 'secrets/get'],
      }),
    );
    expect(plan.diff).toEqual([
      { principal: 'Adele Vance', category: 'secrets', before: [], after: ['list', 'get'] },
      { principal: 'Adele Vance', category: 'keys', before: [], after: ['sign'] },
    ]);
    expect((plan.call.body as { properties: { accessPolicies: unknown[] } }).properties.accessPolicies).toEqual([
      { tenantId: TENANT, objectId: ADELE, permissions: { secrets: ['list', 'get'], keys: ['sign'] } },
    ]);
  });

  it('warns that an application needs an IAM role when its service principal has none on the vault', async () => {
    const { service, state } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: API_SP,
        operations: ['secrets/get'],
      }),
    );
    expect(plan.principal.type).toBe('servicePrincipal');
    expect(plan.warnings).toContain(APPLICATION_IAM_WARNING);

    state.assignments.push({
      id: `${PAYMENTS_ID}/providers/Microsoft.Authorization/roleAssignments/r1`,
      name: 'r1',
      scope: PAYMENTS_ID,
      roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7',
      principalId: API_SP,
    });
    const again = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: API_SP,
        operations: ['secrets/get'],
      }),
    );
    expect(again.warnings).not.toContain(APPLICATION_IAM_WARNING);
  });

  it('grants a security group with the group caveats', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: READERS_GROUP,
        operations: ['secrets/list'],
      }),
    );
    expect(plan.principal).toEqual({ id: READERS_GROUP, type: 'group', displayName: 'Team KV Readers' });
    expect(plan.warnings).toContain(MANAGED_IDENTITY_GROUP_WARNING);
  });

  it('refuses on an RBAC vault and offers the role assignment instead', async () => {
    const { service } = withFixService();
    const outcome = await service.plan({
      fix: 'grant-access-policy',
      vault: 'kv-orders',
      principalId: ALEX,
      operations: ['secrets/get'],
    });
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.reason).toBe('rbac-vault');
    const alternative = planned(outcome.alternative!);
    expect(alternative.fix).toBe('assign-rbac-role');
    expect(alternative.effect).toMatchObject({
      kind: 'role-assignment-create',
      roleName: 'Key Vault Secrets User',
      principalType: 'User',
    });
    expect(alternative.request).toMatchObject({ fix: 'assign-rbac-role', principalId: ALEX });
  });

  it.each([
    [{ principalId: ALEX, operations: ['secrets/fly'] }, 'refused', /not a secrets permission/],
    [{ principalId: ALEX, operations: [] }, 'needs-input', /Which operations/],
    [{ principalId: 'not-a-guid', operations: ['secrets/get'] }, 'refused', /not a principal object id/],
    [
      { principalId: 'abcdef00-0000-4000-8000-000000000099', operations: ['secrets/get'] },
      'not-found',
      /No user, group or service principal/,
    ],
    [{ principalId: API_APP_OBJECT, operations: ['secrets/get'] }, 'refused', /application object/],
  ])('turns bad input %j into a %s outcome', async (partial, kind, message) => {
    const { service } = withFixService();
    const outcome = await service.plan({ fix: 'grant-access-policy', vault: 'kv-payments', ...partial });
    expect(outcome.kind).toBe(kind);
    expect('message' in outcome && outcome.message).toMatch(message);
  });

  it('says so when the vault does not exist, and refuses an unknown fix', async () => {
    const { service } = withFixService();
    const missing = await service.plan({
      fix: 'grant-access-policy',
      vault: 'kv-nope',
      principalId: ALEX,
      operations: ['secrets/get'],
    });
    expect(missing).toMatchObject({ kind: 'not-found', what: 'vault' });
    const bogus = await service.plan({ fix: 'grant-everything', vault: 'kv-payments' } as never);
    expect(bogus).toMatchObject({ kind: 'refused', reason: 'invalid-request' });
  });

  it('produces JSON-serialisable plans whose fingerprint ignores other principals', async () => {
    const { service, state } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ALEX,
        operations: ['secrets/list'],
      }),
    );
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    state.vaults[0]!.accessPolicies.find((p) => p.objectId === MEGAN)!.permissions.secrets = ['get'];
    const other = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ALEX,
        operations: ['secrets/list'],
      }),
    );
    expect(other.basedOn).toBe(plan.basedOn);
    state.vaults[0]!.accessPolicies.find((p) => p.objectId === ALEX)!.permissions.keys = ['get'];
    const changed = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ALEX,
        operations: ['secrets/list'],
      }),
    );
    expect(changed.basedOn).not.toBe(plan.basedOn);
  });
});
