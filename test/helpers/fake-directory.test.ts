/**
 * The shared FakeDirectory's own behaviour that other tests lean on: read-only mode (what makes
 * "probes never write" checkable), injected failures, call rounds, and the ARM/Graph membership
 * semantics the probes and planners are checked against.
 */
import { describe, expect, it } from 'vitest';
import { assignment, FakeDirectory, role, SUB, TENANT, vault, vaultId, type FakeTenant } from './fake-directory.js';

const USER = 'aaaaaaaa-0000-4000-8000-0000000000a1';
const INNER = 'aaaaaaaa-0000-4000-8000-0000000000b1';
const OUTER = 'aaaaaaaa-0000-4000-8000-0000000000b2';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

function tenant(): FakeTenant {
  return {
    vaults: [vault('kv-one')],
    objects: [
      { id: USER, type: 'user', displayName: 'User' },
      { id: INNER, type: 'group', displayName: 'Inner', securityEnabled: true },
      { id: OUTER, type: 'group', displayName: 'Outer', securityEnabled: true },
    ],
    memberOf: { [USER]: [INNER], [INNER]: [OUTER] },
    assignments: [
      assignment(`/subscriptions/${SUB}`, READER, OUTER),
      assignment(vaultId('kv-one'), READER, USER),
      assignment(vaultId('kv-other'), READER, USER),
    ],
    definitions: [role(READER, 'Key Vault Reader', { dataActions: ['Microsoft.KeyVault/vaults/*/read'] })],
    diagnostics: {},
    metrics: [],
  };
}
const entry = { tenantId: TENANT, objectId: USER, permissions: { secrets: ['get'] } };

describe('FakeDirectory read-only mode', () => {
  it('logs every write and rejects it, leaving the tenant as it was', async () => {
    const dir = new FakeDirectory(tenant(), { readOnly: true });
    const before = JSON.stringify(dir.tenant);
    const id = vaultId('kv-one');
    const writes = [
      dir.updateAccessPolicies(id, 'add', [entry]),
      dir.createRoleAssignment(id, 'ra-new', { roleDefinitionId: READER, principalId: INNER }),
      dir.deleteRoleAssignment(dir.tenant.assignments[1]!.id),
      dir.putDiagnosticSetting(id, { name: 'd', logs: [], metrics: [] }),
      dir.deleteDiagnosticSetting(id, 'd'),
    ];
    const settled = await Promise.allSettled(writes);
    expect(settled.map((r) => r.status === 'rejected' && String(r.reason))).toEqual(
      writes.map(() => expect.stringMatching(/must not be called/)),
    );
    expect(dir.calls.map((c) => c.method)).toEqual([
      'updateAccessPolicies',
      'createRoleAssignment',
      'deleteRoleAssignment',
      'putDiagnosticSetting',
      'deleteDiagnosticSetting',
    ]);
    expect(JSON.stringify(dir.tenant)).toBe(before);
    expect((await dir.getVault(id)).accessPolicies).toEqual([]);
  });

  it('applies the same writes when writable', async () => {
    const dir = new FakeDirectory(tenant());
    expect(await dir.updateAccessPolicies(vaultId('kv-one'), 'add', [entry])).toEqual([entry]);
    await dir.deleteRoleAssignment(dir.tenant.assignments[1]!.id);
    expect(dir.tenant.assignments).toHaveLength(2);
  });
});

describe('FakeDirectory failures and rounds', () => {
  it('fails the next call only, or every call with `always`, with the details given', async () => {
    const dir = new FakeDirectory(tenant());
    dir.fail('findVault', 'throttled', { statusCode: 429, retryAfterInMs: 500 });
    await expect(dir.findVault('kv-one')).rejects.toMatchObject({
      kind: 'throttled',
      details: { operation: 'findVault', statusCode: 429, retryAfterInMs: 500 },
    });
    expect(await dir.findVault('kv-one')).toMatchObject({ name: 'kv-one' });
    dir.fail('getVault', 'forbidden', { operation: 'vaults.get', always: true });
    for (let i = 0; i < 2; i++)
      await expect(dir.getVault(vaultId('kv-one'))).rejects.toMatchObject({
        kind: 'forbidden',
        details: { operation: 'vaults.get' },
      });
  });

  it('counts calls started together as one round', async () => {
    const dir = new FakeDirectory(tenant());
    await Promise.all([dir.findVault('kv-one'), dir.getMemberGroups(USER)]);
    await dir.getDirectoryObjects([USER]);
    expect(dir.rounds).toBe(2);
    expect(dir.calls.map((c) => [c.method, c.round])).toEqual([
      ['findVault', 1],
      ['getMemberGroups', 1],
      ['getDirectoryObjects', 2],
    ]);
  });

  it('returns copies, so a caller cannot change the tenant by mutating an answer', async () => {
    const dir = new FakeDirectory(tenant());
    (await dir.getVault(vaultId('kv-one'))).accessPolicies.push(entry);
    expect(dir.tenant.vaults[0]!.accessPolicies).toEqual([]);
  });
});

describe('FakeDirectory membership semantics', () => {
  it('follows nested groups for getMemberGroups and assignedTo, but not for principalId', async () => {
    const dir = new FakeDirectory(tenant());
    expect((await dir.getMemberGroups(USER)).sort()).toEqual([INNER, OUTER].sort());
    const scope = vaultId('kv-one');
    const assignedTo = await dir.listRoleAssignments(scope, { assignedTo: USER });
    expect(assignedTo.map((a) => a.principalId).sort()).toEqual([OUTER, USER].sort());
    const direct = await dir.listRoleAssignments(scope, { principalId: USER });
    expect(direct.map((a) => a.scope)).toEqual([scope]);
  });

  it('answers 404 for the groups of an object that does not exist', async () => {
    const dir = new FakeDirectory(tenant());
    await expect(dir.getMemberGroups('deadbeef-0000-4000-8000-000000000000')).rejects.toMatchObject({
      kind: 'not-found',
      details: { statusCode: 404 },
    });
  });
});
