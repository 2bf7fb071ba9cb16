import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../src/core/fixes/fix-plan.js';
import type { FixRequest } from '../../src/core/fixes/fix-request.js';
import type { FakeTenant } from '../helpers/fake-directory.js';
import {
  ADELE,
  ALEX,
  API_APP_OBJECT,
  DELETED_USER,
  MEGAN,
  PAYMENTS_ID,
  planned,
  READERS_GROUP,
  STORAGE,
  withFixService,
  WORKSPACE,
} from './scenario.js';

const snapshot = (s: FakeTenant) =>
  JSON.parse(JSON.stringify({ vaults: s.vaults, assignments: s.assignments, diagnostics: s.diagnostics })) as unknown;
/** Entry order is not meaningful to Key Vault, and `add` appends; compare re-added entries as a set. */
const sortedPolicies = (s: FakeTenant) =>
  JSON.parse(
    JSON.stringify(s.vaults.map((v) => [...v.accessPolicies].sort((a, b) => a.objectId.localeCompare(b.objectId)))),
  ) as unknown;

describe('apply → verify → undo', () => {
  it.each<[string, FixRequest]>([
    [
      'a partial access-policy grant to a user',
      {
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ALEX,
        operations: ['secrets/get', 'secrets/list', 'keys/sign'],
      },
    ],
    [
      'a new access-policy entry for a group',
      { fix: 'grant-group-access', vault: 'kv-payments', group: 'Team KV Readers', operations: ['secrets/get'] },
    ],
    [
      'a role assignment on an RBAC vault',
      { fix: 'assign-rbac-role', vault: 'kv-orders', principalId: ADELE, operations: ['secrets/get'] },
    ],
    [
      'a group role assignment on an RBAC vault',
      { fix: 'grant-group-access', vault: 'kv-orders', group: READERS_GROUP, operations: ['keys/sign'] },
    ],
    ['a new audit-logging setting', { fix: 'enable-audit-logging', vault: 'kv-payments', workspaceId: WORKSPACE }],
  ])('%s returns exactly to the original state', async (_label, request) => {
    const { state, service } = withFixService();
    const before = snapshot(state);
    const plan = planned(await service.plan(request));

    expect((await service.verify(plan)).status).toBe('not-verified');
    const applied = await service.apply(plan);
    expect(applied).toMatchObject({ status: 'applied', replanned: false });
    expect(snapshot(state)).not.toEqual(before);
    const verified = await service.verify(plan);
    expect(verified.status).toBe('verified');
    expect(verified.status === 'verified' && verified.checks.length).toBeGreaterThan(0);

    const undone = await service.undo(applied.status === 'applied' ? applied.plan : plan);
    expect(undone.apply.status).toBe('applied');
    expect(undone.verify?.status).toBe('verified');
    expect(snapshot(state)).toEqual(before);
  });

  it('confirms the group entry and that the group is still a security group', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-group-access',
        vault: 'kv-payments',
        group: 'Team KV Readers',
        operations: ['secrets/get'],
      }),
    );
    await service.apply(plan);
    const verified = await service.verify(plan);
    expect(verified.status === 'verified' && verified.checks.map((c) => c.description)).toEqual(
      expect.arrayContaining([
        `kv-payments has an access-policy entry for the group ${READERS_GROUP}`,
        `${READERS_GROUP} is still a security-enabled group`,
      ]),
    );
  });

  it('restores a replaced diagnostic setting on undo', async () => {
    const { state, service } = withFixService();
    state.diagnostics[PAYMENTS_ID.toLowerCase()] = [
      {
        id: 'x',
        name: 'kvbot-audit-logs',
        logs: [],
        metrics: [{ category: 'AllMetrics', enabled: true }],
        storageAccountId: STORAGE,
      },
    ];
    const plan = planned(
      await service.plan({ fix: 'enable-audit-logging', vault: 'kv-payments', workspaceId: WORKSPACE }),
    );
    expect((await service.apply(plan)).status).toBe('applied');
    expect((await service.verify(plan)).status).toBe('verified');
    const undone = await service.undo(plan);
    expect(undone.verify?.status).toBe('verified');
    expect(state.diagnostics[PAYMENTS_ID.toLowerCase()]).toEqual([
      {
        id: expect.any(String),
        name: 'kvbot-audit-logs',
        logs: [],
        metrics: [{ category: 'AllMetrics', enabled: true }],
        storageAccountId: STORAGE,
      },
    ]);
  });

  it.each([DELETED_USER, API_APP_OBJECT])(
    'removes orphaned entry %s and undo restores the same entries',
    async (objectId) => {
      const { state, service } = withFixService();
      const before = sortedPolicies(state);
      const plan = planned(await service.plan({ fix: 'remove-orphaned-policy', vault: 'kv-payments', objectId }));
      expect((await service.apply(plan)).status).toBe('applied');
      expect(state.vaults[0]!.accessPolicies.some((p) => p.objectId === objectId)).toBe(false);
      expect((await service.verify(plan)).status).toBe('verified');
      const undone = await service.undo(plan);
      expect(undone.verify?.status).toBe('verified');
      expect(sortedPolicies(state)).toEqual(before);
    },
  );

  it('applies the two plans of a split one after the other', async () => {
    const { state, service } = withFixService();
    const outcome = await service.plan({
      fix: 'assign-rbac-role',
      vault: 'kv-orders',
      principalId: ALEX,
      operations: ['secrets/get', 'keys/sign'],
    });
    if (outcome.kind !== 'split') throw new Error(outcome.kind);
    const [first, second] = outcome.plans;
    expect(await service.apply(first!)).toMatchObject({ status: 'applied', replanned: false });
    // The first assignment changed Alex's assignments, but the second change is still the same one.
    const applied = await service.apply(second!);
    expect(applied).toMatchObject({ status: 'applied', replanned: true });
    expect(state.assignments.filter((a) => a.principalId === ALEX).map((a) => a.name)).toEqual([
      first!.effect.kind === 'role-assignment-create' && first!.effect.name,
      second!.effect.kind === 'role-assignment-create' && second!.effect.name,
    ]);
    // The applied (re-planned) plan's undo is based on the real current state.
    const undone = await service.undo(applied.status === 'applied' ? applied.plan : second!);
    expect(undone.verify?.status).toBe('verified');
  });
});

describe('stale plans', () => {
  it('does not apply when the principal got the permission meanwhile, and returns the fresh outcome', async () => {
    const { state, directory, service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ALEX,
        operations: ['secrets/list'],
      }),
    );
    state.vaults[0]!.accessPolicies.find((p) => p.objectId === ALEX)!.permissions.secrets!.push('list');
    const result = await service.apply(plan);
    expect(result.status).toBe('stale');
    expect(result.status === 'stale' && result.fresh?.kind).toBe('nothing-to-change');
    expect(directory.calls.some((c) => c.method === 'updateAccessPolicies')).toBe(false);
  });

  it('does not apply when the vault switched to RBAC meanwhile', async () => {
    const { state, service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ADELE,
        operations: ['secrets/get'],
      }),
    );
    state.vaults[0]!.enableRbacAuthorization = true;
    const result = await service.apply(plan);
    expect(result.status === 'stale' && result.fresh).toMatchObject({ kind: 'refused', reason: 'rbac-vault' });
  });

  it('applies when only other principals changed', async () => {
    const { state, service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ALEX,
        operations: ['secrets/list'],
      }),
    );
    state.vaults[0]!.accessPolicies.find((p) => p.objectId === MEGAN)!.permissions.secrets = ['get'];
    expect(await service.apply(plan)).toMatchObject({ status: 'applied', replanned: false });
  });

  it('applies the fresh plan when the principal changed in a way that leaves the change the same, and its undo still returns to the new state', async () => {
    const { state, service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ALEX,
        operations: ['secrets/list'],
      }),
    );
    state.vaults[0]!.accessPolicies.find((p) => p.objectId === ALEX)!.permissions.keys = ['get'];
    const beforeApply = snapshot(state);
    const applied = await service.apply(plan);
    expect(applied).toMatchObject({ status: 'applied', replanned: true });
    if (applied.status !== 'applied') return;
    expect(applied.plan.basedOn).not.toBe(plan.basedOn);
    expect((await service.undo(applied.plan)).verify?.status).toBe('verified');
    expect(snapshot(state)).toEqual(beforeApply);
  });

  it('refuses to undo when the principal changed since the fix', async () => {
    const { state, directory, service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ALEX,
        operations: ['secrets/list'],
      }),
    );
    await service.apply(plan);
    state.vaults[0]!.accessPolicies.find((p) => p.objectId === ALEX)!.permissions.secrets!.push('set');
    const calls = directory.calls.length;
    const undone = await service.undo(plan);
    expect(undone.apply.status).toBe('stale');
    expect(undone.verify).toBeUndefined();
    expect(directory.calls.slice(calls).some((c) => c.method === 'updateAccessPolicies')).toBe(false);
  });
});

describe('failures', () => {
  it('names the right the bot lacks when Azure forbids the access-policy write', async () => {
    const { directory, service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ADELE,
        operations: ['secrets/get'],
      }),
    );
    directory.fail('updateAccessPolicies', 'forbidden', { message: 'AuthorizationFailed', statusCode: 403 });
    const result = await service.apply(plan);
    expect(result).toMatchObject({
      status: 'failed',
      failure: { kind: 'forbidden', operation: 'updateAccessPolicies', statusCode: 403 },
    });
    expect(result.status === 'failed' && result.message).toMatch(/accessPolicies\/write/);
  });

  it('names roleAssignments/write when Azure forbids the role assignment', async () => {
    const { directory, service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'assign-rbac-role',
        vault: 'kv-orders',
        principalId: ADELE,
        operations: ['secrets/get'],
      }),
    );
    directory.fail('createRoleAssignment', 'forbidden');
    const result = await service.apply(plan);
    expect(result.status === 'failed' && result.message).toMatch(/roleAssignments\/write/);
  });

  it('explains a 409 on the role assignment as "already exists"', async () => {
    const { directory, service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'assign-rbac-role',
        vault: 'kv-orders',
        principalId: ADELE,
        operations: ['secrets/get'],
      }),
    );
    directory.fail('createRoleAssignment', 'conflict');
    const result = await service.apply(plan);
    expect(result).toMatchObject({ status: 'failed', failure: { kind: 'conflict' } });
    expect(result.status === 'failed' && result.message).toMatch(/already exists/);
  });

  it.each([
    ['throttled', /throttling/],
    ['unavailable', /did not answer/],
    ['unauthenticated', /could not sign in/],
  ] as const)('maps a %s re-read during apply to a failed result', async (kind, message) => {
    const { directory, service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ADELE,
        operations: ['secrets/get'],
      }),
    );
    directory.fail('getVault', kind);
    const result = await service.apply(plan);
    expect(result).toMatchObject({ status: 'failed', failure: { kind } });
    expect(result.status === 'failed' && result.message).toMatch(message);
  });

  it('turns a failed read while planning or verifying into a value', async () => {
    const { directory, service } = withFixService();
    directory.fail('findVault', 'timeout');
    expect(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ADELE,
        operations: ['secrets/get'],
      }),
    ).toMatchObject({ kind: 'failed', failure: { kind: 'timeout' } });
    const plan = planned(
      await service.plan({ fix: 'enable-audit-logging', vault: 'kv-payments', storageAccountId: STORAGE }),
    );
    directory.fail('listDiagnosticSettings', 'forbidden');
    const verified = await service.verify(plan);
    expect(verified).toMatchObject({ status: 'failed', failure: { kind: 'forbidden' } });
  });

  it('refuses a plan that was altered in storage', async () => {
    const { service } = withFixService();
    const plan = planned(
      await service.plan({
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principalId: ADELE,
        operations: ['secrets/get'],
      }),
    );
    const broken = { ...plan, effect: { kind: 'drop-vault' } } as unknown as FixPlan;
    expect(await service.apply(broken)).toMatchObject({ status: 'failed', failure: { kind: 'invalid-plan' } });
    expect((await service.undo(plan.inverse!)).apply).toMatchObject({
      status: 'failed',
      failure: { kind: 'invalid-plan' },
    });
  });
});
