import { describe, expect, it } from 'vitest';
import type { AzureFailureKind } from '../../src/core/probes/azure-error.js';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import { authorizeProbe, needsApprover } from '../../src/core/probes/probe-authorization.js';
import { FakeDirectory, type DirectoryMethod } from '../helpers/fake-directory.js';
import { ALEX, APP_ID, MEGAN, SP_API, tenant } from './tenant.js';

function svc() {
  const dir = new FakeDirectory(tenant(), { readOnly: true });
  return { dir, service: new ProbeService(dir) };
}

describe('ProbeService turns every Azure failure into an undetermined result', () => {
  it.each<{
    kind: AzureFailureKind;
    method: DirectoryMethod;
    operation: string;
    extra?: { statusCode?: number; retryAfterInMs?: number };
    reason: RegExp;
  }>([
    {
      kind: 'forbidden',
      method: 'listRoleAssignments',
      operation: 'roleAssignments.listForScope',
      reason: /lacks read rights on role assignments.*Reader/,
    },
    { kind: 'forbidden', method: 'getDirectoryObjects', operation: 'graph.getByIds', reason: /Directory\.Read\.All/ },
    {
      kind: 'throttled',
      method: 'findVault',
      operation: 'vaults.listBySubscription',
      extra: { retryAfterInMs: 12_500 },
      reason: /try again in 13 s/,
    },
    {
      kind: 'unavailable',
      method: 'getMemberGroups',
      operation: 'graph.getMemberGroups',
      extra: { statusCode: 503 },
      reason: /unavailable.*503/,
    },
    {
      kind: 'timeout',
      method: 'getRoleDefinition',
      operation: 'roleDefinitions.get',
      reason: /did not answer in time/,
    },
    {
      kind: 'unauthenticated',
      method: 'findVault',
      operation: 'vaults.listBySubscription',
      reason: /could not sign in/,
    },
    { kind: 'invalid-response', method: 'findVault', operation: 'vaults.get', reason: /could not read/ },
  ])('$kind in $method → $reason', async ({ kind, method, operation, extra, reason }) => {
    const { dir, service } = svc();
    dir.fail(method, kind, { message: `${kind}!`, operation, ...extra, always: true });
    const r = await service.run('permission-check', { vault: 'kv-rbac', principal: ALEX, operation: 'secrets/list' });
    expect(r).toMatchObject({ probe: 'permission-check', vault: 'kv-rbac', verdict: 'undetermined', fixes: [] });
    expect(r.reason).toMatch(reason);
    expect(r.evidence[0]).toMatchObject({ kind: 'azure-error', failure: kind, operation });
  });

  it('says where it looked when the vault does not exist', async () => {
    const r = await svc().service.run('logging-status', { vault: 'kv-nowhere' });
    expect(r).toMatchObject({ verdict: 'undetermined', model: null });
    expect(r.reason).toMatch(/not found in the subscriptions the bot is configured for/);
  });

  it('treats a deleted principal as one without groups', async () => {
    const r = await svc().service.run('permission-check', {
      vault: 'kv-payments',
      principal: 'eeeeeeee-0000-0000-0000-000000000000',
    });
    expect(r.verdict).toBe('denied');
    expect(r.evidence.some((e) => e.kind === 'principal' && /did not resolve/.test(e.text))).toBe(true);
    // A grant for an id nobody has would only add an "Unknown" access policy.
    expect(r.fixes).toEqual([]);
    expect(r.reason).toMatch(/No fix is proposed: access for an id the directory does not know/);
  });

  it("an application's client id in place of an object id: names its service principal, proposes no fix", async () => {
    const r = await svc().service.run('permission-check', { vault: 'kv-payments', principal: APP_ID });
    expect(r.verdict).toBe('denied');
    expect(r.fixes).toEqual([]);
    const principal = r.evidence.find((e) => e.kind === 'principal');
    expect(principal?.text).toContain(`it is the application (client) id of payments-api`);
    expect(principal?.text).toContain(`object id ${SP_API}`);
    expect(r.reason).toContain(`"check ${SP_API} on kv-payments"`);
  });

  it('tolerates a role definition that no longer exists', async () => {
    const { dir, service } = svc();
    dir.tenant.definitions = dir.tenant.definitions.filter((d) => d.roleName !== 'Key Vault Secrets User');
    const r = await service.run('permission-check', { vault: 'kv-rbac', principal: ALEX });
    expect(r.verdict).toBe('undetermined');
    expect(r.reason).toMatch(/could not be read/);
  });
});

describe('ProbeService refuses bad input without calling Azure', () => {
  it.each([
    { probe: 'permission-check', args: { vault: 'kv-payments' }, message: /needs the object id/ },
    { probe: 'permission-check', args: { vault: 'kv payments!', principal: ALEX }, message: /not a Key Vault name/ },
    {
      probe: 'permission-check',
      args: { vault: 'kv-payments', principal: 'alex@contoso.com' },
      message: /not an Entra object id/,
    },
    {
      probe: 'permission-check',
      args: { vault: 'kv-payments', principal: ALEX, operation: 'secrets/fly' },
      message: /not a secrets permission/,
    },
    {
      probe: 'permission-check',
      args: { vault: 'kv-payments', principal: ALEX, clientIp: '10.0.0' },
      message: /not an IPv4 address/,
    },
    { probe: 'rm-rf', args: { vault: 'kv-payments' }, message: /not a probe/ },
  ])('$probe $args → $message', async ({ probe, args, message }) => {
    const { dir, service } = svc();
    const r = await service.run(probe, args);
    expect(r.verdict).toBe('undetermined');
    expect(r.reason).toMatch(message);
    expect(dir.calls).toEqual([]);
  });

  it('defaults the operation to secrets/list', async () => {
    const r = await svc().service.run('permission-check', { vault: 'kv-payments', principal: ALEX });
    expect(r.operation).toBe('secrets/list');
  });
});

describe('authorizeProbe', () => {
  const asker = { objectId: ALEX };
  it.each([
    { probe: 'permission-check', principal: undefined, approver: false, allowed: true, needs: false },
    { probe: 'permission-check', principal: ALEX.toUpperCase(), approver: false, allowed: true, needs: false },
    { probe: 'permission-check', principal: MEGAN, approver: false, allowed: false, needs: true },
    { probe: 'permission-check', principal: MEGAN, approver: true, allowed: true, needs: true },
    { probe: 'modify-rights', principal: ALEX, approver: false, allowed: true, needs: false },
    { probe: 'modify-rights', principal: MEGAN, approver: false, allowed: false, needs: true },
    { probe: 'unknown-policies', principal: undefined, approver: false, allowed: false, needs: true },
    { probe: 'arm-export', principal: undefined, approver: false, allowed: false, needs: true },
    { probe: 'arm-export', principal: undefined, approver: true, allowed: true, needs: true },
    { probe: 'logging-status', principal: undefined, approver: false, allowed: true, needs: false },
    { probe: 'throttling', principal: MEGAN, approver: false, allowed: true, needs: false },
  ] as const)(
    '$probe for $principal (approver: $approver) → $allowed',
    async ({ probe, principal, approver, allowed, needs }) => {
      let asked = 0;
      const decision = await authorizeProbe(
        { probe, vault: 'kv-payments', ...(principal ? { principal } : {}) },
        asker,
        async (who, vault) => {
          asked++;
          expect(who).toBe(asker);
          expect(vault).toBe('kv-payments');
          return approver;
        },
      );
      expect(decision).toMatchObject({ allowed, needsApprover: needs });
      expect(asked).toBe(needs ? 1 : 0);
      expect(needsApprover({ probe, vault: 'kv-payments', ...(principal ? { principal } : {}) }, asker)).toBe(needs);
      if (!allowed) expect(decision.reason).toMatch(/Only approvers of kv-payments/);
    },
  );
});
