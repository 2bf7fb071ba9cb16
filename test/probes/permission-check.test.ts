import { describe, expect, it } from 'vitest';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import { FakeDirectory } from '../helpers/fake-directory.js';
import { ADELE, ALEX, APP_ID, G_DEVS, G_PLATFORM, ISAIAH, LYNNE, MEGAN, MI, PATTI, SP_API, tenant } from './tenant.js';

async function check(
  vault: string,
  principal: string,
  operation: string,
  extra: { clientIp?: string; applicationId?: string } = {},
) {
  const dir = new FakeDirectory(tenant(), { readOnly: true });
  const result = await new ProbeService(dir).run('permission-check', { vault, principal, operation, ...extra });
  return { result, dir };
}

describe('permission-check on access-policy vaults', () => {
  it.each([
    {
      who: 'Alex through nested groups',
      vault: 'kv-payments',
      principal: ALEX,
      op: 'secrets/list',
      verdict: 'allowed',
      fixes: [],
    },
    {
      who: 'Alex with the mixed-case "Get" policy',
      vault: 'kv-payments',
      principal: ALEX,
      op: 'SECRETS/GET',
      verdict: 'allowed',
      fixes: [],
    },
    {
      who: 'Alex for a key operation no policy grants',
      vault: 'kv-payments',
      principal: ALEX,
      op: 'keys/sign',
      verdict: 'denied',
      fixes: ['grant-access-policy', 'grant-group-access'],
    },
    {
      who: 'Megan whose entry lacks secrets',
      vault: 'kv-payments',
      principal: MEGAN,
      op: 'secrets/list',
      verdict: 'denied',
      fixes: ['grant-access-policy'],
    },
    {
      who: 'Megan for keys/get she has',
      vault: 'kv-payments',
      principal: MEGAN,
      op: 'keys/get',
      verdict: 'allowed',
      fixes: [],
    },
    {
      who: 'Adele with only a compound-identity entry',
      vault: 'kv-payments',
      principal: ADELE,
      op: 'secrets/list',
      verdict: 'denied',
      fixes: ['grant-access-policy', 'grant-group-access'],
    },
    {
      who: '"all" grants every permission of its category',
      vault: 'kv-firewall',
      principal: ALEX,
      op: 'secrets/purge',
      clientIp: '203.0.113.9',
      verdict: 'allowed',
      fixes: [],
    },
  ])('$who: $op → $verdict', async ({ vault, principal, op, verdict, fixes, clientIp }) => {
    const { result } = await check(vault, principal, op, clientIp ? { clientIp } : {});
    expect(result).toMatchObject({
      probe: 'permission-check',
      vault,
      model: 'access-policy',
      verdict,
      fixes,
      sandbox: false,
    });
    expect(result.reason).toBeTruthy();
  });

  it('names the group path of a nested membership in the evidence', async () => {
    const { result } = await check('kv-payments', ALEX, 'secrets/list');
    const policy = result.evidence.find((e) => e.kind === 'access-policy' && e.grants === true);
    expect(policy).toMatchObject({ objectId: G_PLATFORM, via: 'group', groupPath: [G_DEVS, G_PLATFORM] });
    expect(policy!.text).toContain('Payments Devs');
    expect(policy!.text).toContain('Platform Engineering');
    expect(result.reason).toContain('Platform Engineering');
  });

  it('lists the entries that apply but do not grant, and explains compound identities', async () => {
    const { result } = await check('kv-payments', ADELE, 'secrets/list');
    const compound = result.evidence.find((e) => e.kind === 'access-policy');
    expect(compound).toMatchObject({ objectId: ADELE, compound: true, grants: false, applicationId: APP_ID });
    expect(compound!.text).toMatch(/compound-identity/);
    expect(result.reason).toMatch(/compound-identity/);
  });

  it('counts a compound-identity entry when the caller uses that application', async () => {
    const { result } = await check('kv-payments', ADELE, 'secrets/list', { applicationId: APP_ID });
    expect(result.verdict).toBe('allowed');
  });

  it('warns that a managed identity gets group access only after its token refresh', async () => {
    const { result } = await check('kv-payments', MI, 'secrets/get');
    expect(result.verdict).toBe('allowed');
    expect(result.evidence.some((e) => e.kind === 'note' && /managed identity/.test(e.text))).toBe(true);
  });
});

describe('permission-check on RBAC vaults', () => {
  it.each([
    {
      who: 'Alex via Secrets User on the resource group through nested groups',
      principal: ALEX,
      op: 'secrets/list',
      verdict: 'allowed',
      fixes: [],
    },
    {
      who: 'Alex for secrets/set, which Secrets User lacks',
      principal: ALEX,
      op: 'secrets/set',
      verdict: 'denied',
      fixes: ['assign-rbac-role'],
    },
    {
      who: 'Megan with Key Vault Contributor only',
      principal: MEGAN,
      op: 'secrets/get',
      verdict: 'denied',
      fixes: ['assign-rbac-role'],
    },
    {
      who: 'Patti via a subscription custom role with wildcard data actions',
      principal: PATTI,
      op: 'secrets/list',
      verdict: 'allowed',
      fixes: [],
    },
    {
      who: 'Patti whose custom role excludes getSecret by notDataActions',
      principal: PATTI,
      op: 'secrets/get',
      verdict: 'denied',
      fixes: ['assign-rbac-role'],
    },
    {
      who: 'Patti for keys/sign under Microsoft.KeyVault/vaults/*',
      principal: PATTI,
      op: 'keys/sign',
      verdict: 'allowed',
      fixes: [],
    },
    {
      who: 'Isaiah with an assignment on one secret only',
      principal: ISAIAH,
      op: 'secrets/list',
      verdict: 'denied',
      fixes: ['assign-rbac-role'],
    },
    {
      who: 'Lynne whose role carries an ABAC condition',
      principal: LYNNE,
      op: 'secrets/list',
      verdict: 'undetermined',
      fixes: [],
    },
    {
      who: 'the payments-api SP via a lower-case secrets/* wildcard',
      principal: SP_API,
      op: 'secrets/set',
      verdict: 'allowed',
      fixes: [],
    },
    {
      who: 'Adele, Owner of the subscription',
      principal: ADELE,
      op: 'secrets/get',
      verdict: 'denied',
      fixes: ['assign-rbac-role'],
    },
  ])('$who: $op → $verdict', async ({ principal, op, verdict, fixes }) => {
    const { result } = await check('kv-rbac', principal, op);
    expect(result).toMatchObject({ model: 'rbac', verdict, fixes });
  });

  it('maps the operation to its data action', async () => {
    const { result } = await check('kv-rbac', ALEX, 'secrets/list');
    expect(result.dataAction).toBe('Microsoft.KeyVault/vaults/secrets/readMetadata/action');
  });

  it('reports the inherited resource-group scope and the group path', async () => {
    const { result } = await check('kv-rbac', ALEX, 'secrets/list');
    const granting = result.evidence.find((e) => e.kind === 'role-assignment' && e.grants === true);
    expect(granting).toMatchObject({
      scopeLevel: 'inherited',
      roleName: 'Key Vault Secrets User',
      groupPath: [G_DEVS, G_PLATFORM],
    });
    expect(granting!.text).toContain("resource group 'rg-payments'");
  });

  it('explains that Key Vault Contributor gives no data access and suggests the least-privilege role', async () => {
    const { result } = await check('kv-rbac', MEGAN, 'secrets/get');
    expect(result.reason).toMatch(/management-plane/);
    expect(result.evidence.find((e) => e.roleName === 'Key Vault Contributor')!.text).toMatch(
      /grants no access to keys, secrets or certificates/,
    );
    expect(result.suggestedRole).toEqual({
      roleName: 'Key Vault Secrets User',
      guid: '4633458b-17de-408a-b874-0445c86b69e6',
    });
  });

  it('ignores assignments on other resource groups', async () => {
    const { result } = await check('kv-rbac', MEGAN, 'secrets/set');
    expect(result.verdict).toBe('denied');
    expect(result.evidence.some((e) => String(e.scope ?? '').includes('rg-other'))).toBe(false);
  });

  it('names the notDataActions pattern that removes the permission', async () => {
    const { result } = await check('kv-rbac', PATTI, 'secrets/get');
    expect(result.evidence.find((e) => e.kind === 'role-assignment')!.text).toContain(
      'notDataActions exclude it (Microsoft.KeyVault/vaults/secrets/getSecret/action)',
    );
  });

  it('notes that an object-scope assignment does not cover a vault-wide list', async () => {
    const { result } = await check('kv-rbac', ISAIAH, 'secrets/list');
    expect(result.evidence.find((e) => e.kind === 'role-assignment')).toMatchObject({
      scopeLevel: 'object',
      grants: false,
    });
    expect(result.evidence.find((e) => e.kind === 'role-assignment')!.text).toContain("secret 'db-password' only");
  });

  it('reads everything in at most three sequential rounds, using assignedTo for a user', async () => {
    const { dir } = await check('kv-rbac', ALEX, 'secrets/list');
    expect(dir.rounds).toBeLessThanOrEqual(3);
    expect(
      dir.calls
        .filter((c) => c.round === 1)
        .map((c) => c.method)
        .sort(),
    ).toEqual(['findVault', 'getDirectoryObjects', 'getMemberGroups']);
    expect(dir.calls.filter((c) => c.method === 'getRoleDefinition').every((c) => c.round === 3)).toBe(true);
  });
});

describe('permission-check and the network', () => {
  it.each([
    { vault: 'kv-firewall', clientIp: undefined, verdict: 'denied', network: 'may-block' },
    { vault: 'kv-firewall', clientIp: '203.0.113.77', verdict: 'allowed', network: 'open' },
    { vault: 'kv-firewall', clientIp: '198.51.100.7', verdict: 'allowed', network: 'open' },
    { vault: 'kv-firewall', clientIp: '198.51.100.8', verdict: 'denied', network: 'blocked' },
    { vault: 'kv-private', clientIp: undefined, verdict: 'denied', network: 'blocked' },
    { vault: 'kv-private-pe', clientIp: undefined, verdict: 'denied', network: 'may-block' },
  ])('$vault from $clientIp → $verdict ($network)', async ({ vault, clientIp, verdict, network }) => {
    const { result } = await check(vault, ALEX, 'secrets/list', clientIp ? { clientIp } : {});
    expect(result).toMatchObject({ verdict, network });
    expect(result.fixes).toEqual([]);
    if (network !== 'open') expect(result.reason).toMatch(/firewall|public network access/);
  });

  it('shows the firewall rules as evidence when the client IP is unknown', async () => {
    const { result } = await check('kv-firewall', ALEX, 'secrets/list');
    expect(result.evidence.find((e) => e.kind === 'network')).toMatchObject({
      ipRules: ['203.0.113.0/24', '198.51.100.7'],
      defaultAction: 'Deny',
    });
    expect(result.reason).toMatch(/may block/);
  });

  it('says a network block has no automatic fix', async () => {
    const { result } = await check('kv-private', ALEX, 'secrets/list');
    expect(result.reason).toMatch(/no automatic fix/);
  });
});

describe('permission-check evidence summary', () => {
  it('names the entries that do not apply to the principal', async () => {
    const { result } = await check('kv-payments', MEGAN, 'secrets/list');
    const summary = result.evidence.find((e) => e.kind === 'access-policy-summary')!;
    expect(summary).toMatchObject({ total: 5, applicable: 1 });
    expect(summary.otherPrincipals).toHaveLength(4);
    expect(summary.text).toContain('Platform Engineering');
  });
});
