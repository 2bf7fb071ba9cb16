/**
 * Probe scenarios at platform scale (a second, independent outside tester): realistic tenants — forty
 * groups, three subscriptions, metrics over time, conditions, orphans — written from docs/emulator.md,
 * docs/probes.md and README.md only. Each fixture is loaded into an in-process emulator; probes
 * run through the real adapter (`openAzureDirectory` + `loadConfig` in emulator mode) and
 * `ProbeService`; a few run through the real `kvbot probe --json` command. Every expectation
 * (verdict and key evidence) was written before the probe was first run.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { openAzureDirectory, type OpenedDirectory } from '../../../src/adapters/azure/open-directory.js';
import { ProbeService } from '../../../src/core/probes/probe-service.js';
import type { ProbeArgs } from '../../../src/core/probes/probe-args.js';
import { startEmulator, loadFixtureFile, validateFixture, type RunningEmulator } from '../../../src/emulator/index.js';

const run = promisify(execFile);
const DIR = __dirname;
const ROOT = path.resolve(DIR, '../../..');
const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;

type Result = Record<string, unknown> & {
  verdict: string;
  model: string | null;
  reason: string;
  evidence: unknown[];
  fixes: string[];
  sandbox: boolean;
};
interface Case {
  name: string;
  probe: string;
  args: ProbeArgs;
  /** The expectation, in words, written before the first run. */
  expected: string;
  check: (r: Result) => void;
  /** Run through the real `npm run -s kvbot -- probe … --json` instead of in-process. */
  cli?: boolean;
}

/** All evidence and probe-specific fields as one lower-case string, for "mentions X" checks. */
const text = (r: Result) => JSON.stringify(r).toLowerCase();
/** `suggestedRole` is `{ guid, roleName }`. */
const role = (r: Result) => (r.suggestedRole as { roleName?: string } | undefined)?.roleName;
const mentions = (r: Result, ...words: string[]) => {
  for (const w of words) expect(text(r)).toContain(w.toLowerCase());
};

function scenario(fixtureFile: string, cases: Case[]): void {
  describe(fixtureFile, () => {
    let emu: RunningEmulator;
    let opened: OpenedDirectory;
    let probes: ProbeService;
    beforeAll(async () => {
      emu = await startEmulator({ fixture: path.join(DIR, fixtureFile), port: 0 });
      const config = loadConfig({ KVBOT_EMULATOR_URL: emu.url, KVBOT_EMULATOR_CA: emu.caFile });
      opened = await openAzureDirectory(config.azure);
      probes = new ProbeService(opened.directory);
    });
    afterAll(async () => {
      await opened?.close();
      await emu?.close();
    });
    for (const c of cases) {
      it(
        `${c.probe} ${c.args.vault}: ${c.name} → ${c.expected}`,
        async () => {
          let r: Result;
          if (c.cli) {
            const argv = ['run', '-s', 'kvbot', '--', 'probe', c.probe, '--vault', c.args.vault, '--json'];
            if (c.args.principal) argv.push('--principal', c.args.principal);
            if (c.args.operation) argv.push('--operation', c.args.operation);
            if (c.args.clientIp) argv.push('--client-ip', c.args.clientIp);
            if (c.args.applicationId) argv.push('--application-id', c.args.applicationId);
            const env: NodeJS.ProcessEnv = {
              ...process.env,
              KVBOT_EMULATOR_URL: emu.url,
              KVBOT_EMULATOR_CA: emu.caFile,
            };
            delete env.AZURE_SUBSCRIPTION_IDS;
            // A denied verdict may exit non-zero; the JSON on stdout is what is judged.
            const out = await run('npm', argv, { cwd: ROOT, env }).catch((e: { stdout?: string }) => ({
              stdout: e.stdout ?? '',
            }));
            r = JSON.parse(out.stdout) as Result;
          } else {
            r = (await probes.run(c.probe, c.args)) as unknown as Result;
          }
          expect(r.probe).toBe(c.probe);
          expect(r.sandbox).toBe(true);
          c.check(r);
        },
        c.cli ? 90_000 : 20_000,
      );
    }
  });
}

// ---------------------------------------------------------------- 1. platform team, 3 subscriptions
{
  const sre = id('10000000', 1),
    dev = id('10000000', 2),
    lead = id('10000000', 3),
    fin = id('10000000', 4);
  const gAll = id('20000000', 1),
    gFin = id('20000000', 4),
    ci = id('30000000', 1);
  scenario('platform-three-subscriptions.json', [
    {
      name: 'SRE via 3-deep nesting (SRE → Platform Eng → All Eng)',
      probe: 'permission-check',
      args: { vault: 'kv-plat-prod-ap', principal: sre, operation: 'secrets/get' },
      expected: 'allowed, access-policy, open, evidence names All Engineering',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.model).toBe('access-policy');
        expect(r.network).toBe('open');
        mentions(r, 'All Engineering');
        expect(r.fixes).toEqual([]);
      },
    },
    {
      name: 'SRE set not granted',
      probe: 'permission-check',
      args: { vault: 'kv-plat-prod-ap', principal: sre, operation: 'secrets/set' },
      expected: 'denied, fix grant-access-policy',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.fixes).toContain('grant-access-policy');
      },
    },
    {
      name: 'developer 2-deep',
      probe: 'permission-check',
      args: { vault: 'kv-plat-prod-ap', principal: dev, operation: 'secrets/list' },
      expected: 'allowed via All Engineering',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        mentions(r, 'All Engineering');
      },
    },
    {
      name: 'CI managed identity direct entry',
      probe: 'permission-check',
      args: { vault: 'kv-plat-prod-ap', principal: ci, operation: 'secrets/set' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'SRE via group role at resource group',
      probe: 'permission-check',
      args: { vault: 'kv-plat-prod-rbac', principal: sre, operation: 'secrets/get' },
      expected: 'allowed, rbac, evidence names Key Vault Secrets User',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.model).toBe('rbac');
        expect(r.dataAction).toBe('Microsoft.KeyVault/vaults/secrets/getSecret/action');
        mentions(r, 'Key Vault Secrets User');
      },
    },
    {
      name: 'SRE group Secrets Officer on nonprod subscription',
      probe: 'permission-check',
      args: { vault: 'kv-plat-dev-rbac', principal: sre, operation: 'secrets/set' },
      expected: 'allowed (Secrets Officer at subscription 2)',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        mentions(r, 'Key Vault Secrets Officer');
      },
    },
    {
      name: 'developer Key Vault Reader cannot read values',
      probe: 'permission-check',
      args: { vault: 'kv-plat-dev-rbac', principal: dev, operation: 'secrets/get' },
      expected: 'denied, suggestedRole Key Vault Secrets User, fix assign-rbac-role',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(role(r)).toBe('Key Vault Secrets User');
        expect(r.fixes).toEqual(['assign-rbac-role']);
      },
    },
    {
      name: 'developer Key Vault Reader lists',
      probe: 'permission-check',
      args: { vault: 'kv-plat-dev-rbac', principal: dev, operation: 'secrets/list' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'role in subscription 1 does not reach a vault in subscription 3',
      probe: 'permission-check',
      args: { vault: 'kv-plat-shared', principal: fin, operation: 'secrets/get' },
      expected: 'denied, suggestedRole Key Vault Secrets User',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(role(r)).toBe('Key Vault Secrets User');
      },
    },
    {
      name: 'subscription Owner has no data access on RBAC vault',
      probe: 'permission-check',
      args: { vault: 'kv-plat-prod-rbac', principal: lead, operation: 'secrets/list' },
      expected: 'denied, evidence says Owner grants no data access, suggestedRole Key Vault Reader',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        mentions(r, 'Owner');
        expect(role(r)).toBe('Key Vault Reader');
      },
    },
    {
      name: 'who may edit policies',
      probe: 'modify-rights',
      args: { vault: 'kv-plat-prod-ap' },
      expected: 'allowed, modifiers include Ana Costa (Owner at subscription)',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.action).toBe('Microsoft.KeyVault/vaults/accessPolicies/write');
        expect(JSON.stringify(r.modifiers)).toContain('Ana Costa');
      },
    },
    {
      name: 'export the three entries',
      probe: 'arm-export',
      args: { vault: 'kv-plat-prod-ap' },
      expected:
        'allowed, arm/bicep/incremental carry all three object ids; incremental is the accessPolicies child named add',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        for (const o of [gAll, gFin, ci]) {
          expect(JSON.stringify(r.arm)).toContain(o);
          expect(String(r.bicep)).toContain(o);
        }
        const inc = r.incremental as { arm: { type: string; name: string }; bicep: string };
        expect(inc.arm.type).toBe('Microsoft.KeyVault/vaults/accessPolicies');
        expect(inc.arm.name).toBe('kv-plat-prod-ap/add');
        expect(inc.bicep).toContain(ci);
      },
    },
    {
      name: 'every entry resolves (groups and a managed identity)',
      probe: 'unknown-policies',
      args: { vault: 'kv-plat-prod-ap' },
      expected: 'allowed, 3 entries all ok, no fixes',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect((r.entries as { status: string }[]).map((e) => e.status)).toEqual(['ok', 'ok', 'ok']);
        expect(r.fixes).toEqual([]);
      },
    },
    {
      name: 'vault name in upper case',
      probe: 'permission-check',
      args: { vault: 'KV-PLAT-DEV-RBAC', principal: dev, operation: 'secrets/list' },
      expected: 'allowed, vault kv-plat-dev-rbac',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.vault).toBe('kv-plat-dev-rbac');
      },
    },
    {
      name: 'CLI: SRE nested read',
      probe: 'permission-check',
      cli: true,
      args: { vault: 'kv-plat-prod-ap', principal: sre, operation: 'secrets/get' },
      expected: 'allowed (same as in-process)',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        mentions(r, 'All Engineering');
      },
    },
  ]);
}

// ---------------------------------------------------------------- 2. a user in 40 groups
{
  const big = id('10000000', 11),
    small = id('10000000', 12);
  scenario('user-in-forty-groups.json', [
    {
      name: 'group #37 of 40 holds the policy',
      probe: 'permission-check',
      args: { vault: 'kv-corp-payroll', principal: big, operation: 'secrets/get' },
      expected: 'allowed, evidence names Payroll Readers',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        mentions(r, 'Payroll Readers');
      },
    },
    {
      name: 'no key rights in any of 40 groups',
      probe: 'permission-check',
      args: { vault: 'kv-corp-payroll', principal: big, operation: 'keys/list' },
      expected: 'denied, fix grant-access-policy',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.fixes).toContain('grant-access-policy');
      },
    },
    {
      name: 'group #25 holds Key Vault Reader at the resource group',
      probe: 'permission-check',
      args: { vault: 'kv-corp-rbac', principal: big, operation: 'secrets/list' },
      expected: 'allowed, evidence names Team 25 and Key Vault Reader',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        mentions(r, 'Team 25', 'Key Vault Reader');
      },
    },
    {
      name: 'Reader via group cannot get',
      probe: 'permission-check',
      args: { vault: 'kv-corp-rbac', principal: big, operation: 'secrets/get' },
      expected: 'denied, suggestedRole Key Vault Secrets User',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(role(r)).toBe('Key Vault Secrets User');
      },
    },
    {
      name: 'user with a keys-only entry',
      probe: 'permission-check',
      args: { vault: 'kv-corp-payroll', principal: small, operation: 'keys/list' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'user with a keys-only entry lists secrets',
      probe: 'permission-check',
      args: { vault: 'kv-corp-payroll', principal: small, operation: 'secrets/list' },
      expected: 'denied, grant-access-policy',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.fixes).toContain('grant-access-policy');
      },
    },
    {
      name: 'CLI: 40 groups',
      probe: 'permission-check',
      cli: true,
      args: { vault: 'kv-corp-payroll', principal: big, operation: 'secrets/list' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
  ]);
}

// ---------------------------------------------------------------- 3. custom roles, wildcards, conditions
{
  const [u1, u2, u3, u4, u5] = [1, 2, 3, 4, 5].map((i) => id('10000000', 20 + i)) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const v = 'kv-sec-rbac';
  scenario('custom-roles-and-conditions.json', [
    {
      name: 'secrets/* covers readMetadata',
      probe: 'permission-check',
      args: { vault: v, principal: u1, operation: 'secrets/list' },
      expected: 'allowed via Secret Metadata And Key Reader',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        mentions(r, 'Secret Metadata And Key Reader');
      },
    },
    {
      name: 'notDataActions subtracts getSecret',
      probe: 'permission-check',
      args: { vault: v, principal: u1, operation: 'secrets/get' },
      expected: 'denied, suggestedRole Key Vault Secrets User',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(role(r)).toBe('Key Vault Secrets User');
      },
    },
    {
      name: 'second permission block grants keys/read',
      probe: 'permission-check',
      args: { vault: v, principal: u1, operation: 'keys/get' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.dataAction).toBe('Microsoft.KeyVault/vaults/keys/read');
      },
    },
    {
      name: 'vaults/*/read covers certificates/read',
      probe: 'permission-check',
      args: { vault: v, principal: u2, operation: 'certificates/get' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'vaults/*/read does not cover secrets readMetadata/action',
      probe: 'permission-check',
      args: { vault: v, principal: u2, operation: 'secrets/list' },
      expected: 'denied, suggestedRole Key Vault Reader',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(role(r)).toBe('Key Vault Reader');
      },
    },
    {
      name: 'vaults/*/read covers keys/read',
      probe: 'permission-check',
      args: { vault: v, principal: u2, operation: 'keys/list' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'vaults/* minus secrets/* wraps keys',
      probe: 'permission-check',
      args: { vault: v, principal: u3, operation: 'keys/wrapKey' },
      expected: 'allowed, dataAction keys/wrap/action',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.dataAction).toBe('Microsoft.KeyVault/vaults/keys/wrap/action');
      },
    },
    {
      name: 'vaults/* minus secrets/* cannot list secrets',
      probe: 'permission-check',
      args: { vault: v, principal: u3, operation: 'secrets/list' },
      expected: 'denied',
      check: (r) => {
        expect(r.verdict).toBe('denied');
      },
    },
    {
      name: 'vaults/* minus secrets/* imports certificates',
      probe: 'permission-check',
      args: { vault: v, principal: u3, operation: 'certificates/import' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.dataAction).toBe('Microsoft.KeyVault/vaults/certificates/import/action');
      },
    },
    {
      name: 'conditional Secrets User, list (condition only limits getSecret)',
      probe: 'permission-check',
      args: { vault: v, principal: u4, operation: 'secrets/list' },
      // First written as "allowed" (Azure evaluates the condition true for readMetadata); the bot
      // does not evaluate ABAC conditions and says so — now documented in docs/probes.md.
      expected: 'undetermined, evidence carries the condition',
      check: (r) => {
        expect(r.verdict).toBe('undetermined');
        mentions(r, 'ABAC condition', 'StringStartsWith');
      },
    },
    {
      name: 'conditional Secrets User, get (only secrets named app-*)',
      probe: 'permission-check',
      args: { vault: v, principal: u4, operation: 'secrets/get' },
      expected: 'not a plain allowed: evidence mentions the condition',
      check: (r) => {
        expect(r.verdict).toBe('undetermined');
        mentions(r, 'condition');
      },
    },
    {
      name: 'custom role: storage SAS set',
      probe: 'permission-check',
      args: { vault: v, principal: u5, operation: 'storage/setsas' },
      expected: 'allowed, dataAction storageaccounts/sas/set/action',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.dataAction).toBe('Microsoft.KeyVault/vaults/storageaccounts/sas/set/action');
      },
    },
    {
      name: 'custom role: certificate import from second block',
      probe: 'permission-check',
      args: { vault: v, principal: u5, operation: 'certificates/import' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'custom role: storage regeneratekey not granted',
      probe: 'permission-check',
      args: { vault: v, principal: u5, operation: 'storage/regeneratekey' },
      expected: 'denied',
      check: (r) => {
        expect(r.verdict).toBe('denied');
      },
    },
    {
      name: 'nobody can write role assignments',
      probe: 'modify-rights',
      args: { vault: v },
      // First written as "denied"; nobody visible may be someone the bot cannot see (assignments
      // above the subscription, PIM), so the probe says undetermined — now documented.
      expected: 'undetermined, no modifiers',
      check: (r) => {
        expect(r.verdict).toBe('undetermined');
        expect(r.action).toBe('Microsoft.Authorization/roleAssignments/write');
        expect(r.modifiers).toEqual([]);
      },
    },
  ]);

  describe('management-group scope in a fixture', () => {
    it('is refused at load with the JSON path (the docs list subscription, resource group and vault scopes only)', async () => {
      const doc = await loadFixtureFile(path.join(DIR, 'custom-roles-and-conditions.json'));
      const copy = structuredClone(doc);
      copy.subscriptions[0]!.roleAssignments![0]!.properties.scope =
        '/providers/Microsoft.Management/managementGroups/mg-woodgrove';
      expect(() => validateFixture(copy)).toThrow(/subscriptions\[0\]\.roleAssignments\[0\]\.properties\.scope/);
    });
  });
}

// ---------------------------------------------------------------- 4. network
{
  const nia = id('10000000', 31),
    raj = id('10000000', 32);
  scenario('network-rules.json', [
    {
      name: 'caller inside a /26 rule',
      probe: 'permission-check',
      args: { vault: 'kv-net-fw', principal: nia, operation: 'secrets/get', clientIp: '203.0.113.70' },
      expected: 'allowed, network open',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.network).toBe('open');
      },
    },
    {
      name: 'caller just outside the /26',
      probe: 'permission-check',
      args: { vault: 'kv-net-fw', principal: nia, operation: 'secrets/get', clientIp: '203.0.113.130' },
      // First written as "blocked"; the vault also has a virtual-network rule the caller may come
      // through, so "may-block" is right — docs/probes.md now says so.
      expected: 'denied, network may-block (vnet rule), no fixes, reason says permission is there',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.network).toBe('may-block');
        mentions(r, 'has the permission', 'virtual network');
        expect(r.fixes).toEqual([]);
      },
    },
    {
      name: 'no client ip on a Deny firewall',
      probe: 'permission-check',
      args: { vault: 'kv-net-fw', principal: nia, operation: 'secrets/get' },
      expected: 'denied, may-block, no fixes',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.network).toBe('may-block');
        expect(r.fixes).toEqual([]);
      },
    },
    {
      name: 'single address rule written without /32',
      probe: 'permission-check',
      args: { vault: 'kv-net-fw', principal: nia, operation: 'secrets/list', clientIp: '198.51.100.7' },
      expected: 'allowed, open',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.network).toBe('open');
      },
    },
    {
      name: 'inside the firewall but no policy',
      probe: 'permission-check',
      args: { vault: 'kv-net-fw', principal: raj, operation: 'secrets/get', clientIp: '203.0.113.70' },
      expected: 'denied, grant-access-policy',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.fixes).toContain('grant-access-policy');
      },
    },
    {
      name: 'public access disabled with an approved private endpoint, caller unknown',
      probe: 'permission-check',
      args: { vault: 'kv-net-private', principal: nia, operation: 'secrets/get' },
      expected: 'denied, may-block (the caller may come through the private endpoint)',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.network).toBe('may-block');
      },
    },
    {
      name: 'public access disabled, caller on a public ip',
      probe: 'permission-check',
      args: { vault: 'kv-net-private', principal: nia, operation: 'secrets/get', clientIp: '203.0.113.70' },
      // First written as "blocked"; an approved private endpoint exists, so the caller may still get in through it.
      expected: 'denied, may-block (approved private endpoint)',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.network).toBe('may-block');
        mentions(r, 'private endpoint');
      },
    },
    {
      name: 'public access disabled, private endpoint only pending',
      probe: 'permission-check',
      args: { vault: 'kv-net-pending', principal: nia, operation: 'secrets/get' },
      expected: 'denied, blocked',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.network).toBe('blocked');
      },
    },
    {
      name: 'IP rules only (no vnet rules, bypass None), caller outside',
      probe: 'permission-check',
      args: { vault: 'kv-net-strict', principal: nia, operation: 'secrets/get', clientIp: '203.0.113.130' },
      expected: 'denied, blocked, no fixes',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.network).toBe('blocked');
        expect(r.fixes).toEqual([]);
      },
    },
    {
      name: 'defaultAction Allow with ip rules',
      probe: 'permission-check',
      args: { vault: 'kv-net-allow', principal: nia, operation: 'secrets/get', clientIp: '8.8.8.8' },
      expected: 'allowed, open',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.network).toBe('open');
      },
    },
    {
      name: 'CLI: outside the /26',
      probe: 'permission-check',
      cli: true,
      args: { vault: 'kv-net-fw', principal: nia, operation: 'secrets/get', clientIp: '203.0.113.130' },
      expected: 'denied, may-block (same as in-process)',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.network).toBe('may-block');
        expect(r.fixes).toEqual([]);
      },
    },
  ]);
}

// ---------------------------------------------------------------- 5. diagnostic settings
{
  const allowed = (r: Result) => {
    expect(r.verdict).toBe('allowed');
    expect(r.enabled).toBe(true);
    expect(r.fixes).toEqual([]);
  };
  const denied = (r: Result) => {
    expect(r.verdict).toBe('denied');
    expect(r.enabled).toBe(false);
    expect(r.fixes).toEqual(['enable-audit-logging']);
  };
  scenario('diagnostic-settings.json', [
    {
      name: 'AuditEvent to a storage account',
      probe: 'logging-status',
      args: { vault: 'kv-diag-storage' },
      expected: 'allowed',
      check: (r) => {
        allowed(r);
        mentions(r, 'to-storage');
      },
    },
    {
      name: 'audit category group to a workspace',
      probe: 'logging-status',
      args: { vault: 'kv-diag-workspace' },
      expected: 'allowed',
      check: allowed,
    },
    {
      name: 'allLogs to an event hub',
      probe: 'logging-status',
      args: { vault: 'kv-diag-allogs' },
      expected: 'allowed',
      check: allowed,
    },
    {
      name: 'AuditEvent present but disabled, metrics only',
      probe: 'logging-status',
      args: { vault: 'kv-diag-disabled' },
      expected: 'denied, enable-audit-logging',
      check: denied,
    },
    {
      name: 'one disabled setting, one allLogs setting',
      probe: 'logging-status',
      args: { vault: 'kv-diag-mixed' },
      expected: 'allowed, names sentinel',
      check: (r) => {
        allowed(r);
        mentions(r, 'sentinel');
      },
    },
    {
      name: 'no settings',
      probe: 'logging-status',
      args: { vault: 'kv-diag-none' },
      expected: 'denied, settings []',
      check: (r) => {
        denied(r);
        expect(r.settings).toEqual([]);
      },
    },
    {
      name: 'only AzurePolicyEvaluationDetails enabled',
      probe: 'logging-status',
      args: { vault: 'kv-diag-policyonly' },
      expected: 'denied',
      check: denied,
    },
  ]);
}

// ---------------------------------------------------------------- 6. metrics over time
{
  scenario('metrics-over-time.json', [
    {
      name: '429s at -20h and -3h, 403s, 200s',
      probe: 'throttling',
      args: { vault: 'kv-retail-busy' },
      expected: 'denied, throttled 75, total 1687, peak 800, limitPer10s 4000',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.throttled).toBe(75);
        expect(r.total).toBe(1687);
        expect(r.peak).toMatchObject({ count: 800, per10s: 133 });
        expect(r.limitPer10s).toBe(4000);
      },
    },
    {
      name: '429s only 30 hours ago',
      probe: 'throttling',
      args: { vault: 'kv-retail-old429' },
      expected: 'allowed, throttled 0, total 1900',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.throttled).toBe(0);
        expect(r.total).toBe(1900);
      },
    },
    {
      name: 'no metrics at all',
      probe: 'throttling',
      args: { vault: 'kv-retail-quiet' },
      expected: 'undetermined',
      check: (r) => {
        expect(r.verdict).toBe('undetermined');
        expect(r.reason.length).toBeGreaterThan(10);
      },
    },
    {
      name: 'only Availability/Latency data',
      probe: 'throttling',
      args: { vault: 'kv-retail-slow' },
      expected: 'undetermined',
      check: (r) => {
        expect(r.verdict).toBe('undetermined');
      },
    },
    {
      name: 'latency 1,450 ms',
      probe: 'availability',
      args: { vault: 'kv-retail-slow' },
      expected: 'denied, availability 100, latencyMs 1450',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.availability).toEqual({ average: 100, minimum: 100 });
        expect(r.latencyMs).toEqual({ average: 1450, maximum: 1450 });
      },
    },
    {
      name: 'one hour at 99.1 %',
      probe: 'availability',
      args: { vault: 'kv-retail-flaky' },
      expected: 'denied, availability < 100',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.availability).toEqual({ average: 99.7, minimum: 99.1 });
      },
    },
    {
      name: 'healthy',
      probe: 'availability',
      args: { vault: 'kv-retail-healthy' },
      expected: 'allowed, 100 %, 85 ms',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.availability).toEqual({ average: 100, minimum: 100 });
        expect(r.latencyMs).toEqual({ average: 85, maximum: 85 });
      },
    },
    {
      name: 'no availability data',
      probe: 'availability',
      args: { vault: 'kv-retail-quiet' },
      expected: 'undetermined',
      check: (r) => {
        expect(r.verdict).toBe('undetermined');
      },
    },
    {
      name: 'steady 200s',
      probe: 'throttling',
      args: { vault: 'kv-retail-healthy' },
      expected: 'allowed, total 1600, peak 400',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.total).toBe(1600);
        expect(r.peak).toMatchObject({ count: 400, per10s: 67 });
      },
    },
  ]);
}

// ---------------------------------------------------------------- 7. orphans and compound identities
{
  const eva = id('10000000', 41),
    ben = id('10000000', 42),
    del1 = id('10000000', 4343),
    del2 = id('10000000', 4444);
  const appObj = id('40000000', 1),
    batchSp = id('42000000', 1),
    portalApp = id('41000000', 2);
  const mi = id('30000000', 51),
    rotator = id('42000000', 3);
  const v = 'kv-fin-legacy';
  type Entry = { objectId: string; status: string };
  const statusOf = (r: Result, oid: string) =>
    (r.entries as Entry[]).filter((e) => e.objectId.toLowerCase() === oid).map((e) => e.status);
  scenario('orphans-and-compound.json', [
    {
      name: 'two deleted users and an application object among valid entries',
      probe: 'unknown-policies',
      args: { vault: v },
      expected:
        'denied; del1/del2 deleted, app object application-object, others ok; fixes remove-orphaned-policy + grant-access-policy',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(statusOf(r, del1)).toEqual(['deleted']);
        expect(statusOf(r, del2)).toEqual(['deleted']);
        expect(statusOf(r, appObj)).toEqual(['application-object']);
        expect(statusOf(r, eva)).toEqual(['ok', 'ok']);
        for (const o of [ben, mi, rotator, batchSp]) expect(statusOf(r, o)).toEqual(['ok']);
        expect(r.fixes).toEqual(expect.arrayContaining(['remove-orphaned-policy', 'grant-access-policy']));
      },
    },
    {
      name: 'plain entry gives list',
      probe: 'permission-check',
      args: { vault: v, principal: eva, operation: 'secrets/list' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'set only through the portal app (compound)',
      probe: 'permission-check',
      args: { vault: v, principal: eva, operation: 'secrets/set' },
      expected: 'denied',
      check: (r) => {
        expect(r.verdict).toBe('denied');
      },
    },
    {
      name: 'set through the portal app',
      probe: 'permission-check',
      args: { vault: v, principal: eva, operation: 'secrets/set', applicationId: portalApp },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'certificates all',
      probe: 'permission-check',
      args: { vault: v, principal: ben, operation: 'certificates/import' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'certificates all but keys empty',
      probe: 'permission-check',
      args: { vault: v, principal: ben, operation: 'keys/get' },
      expected: 'denied, grant-access-policy',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.fixes).toContain('grant-access-policy');
      },
    },
    {
      name: 'managed identity wrapKey written "WrapKey"',
      probe: 'permission-check',
      args: { vault: v, principal: mi, operation: 'keys/wrapKey' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'storage setsas',
      probe: 'permission-check',
      args: { vault: v, principal: rotator, operation: 'storage/setsas' },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'storage regeneratekey',
      probe: 'permission-check',
      args: { vault: v, principal: rotator, operation: 'storage/regeneratekey' },
      expected: 'denied, grant-access-policy',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.fixes).toContain('grant-access-policy');
      },
    },
    {
      name: 'batch SP: get was granted to its application object instead',
      probe: 'permission-check',
      args: { vault: v, principal: batchSp, operation: 'secrets/get' },
      expected: 'denied, grant-access-policy',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.fixes).toContain('grant-access-policy');
      },
    },
    {
      name: 'export keeps the compound entry',
      probe: 'arm-export',
      args: { vault: v },
      expected: 'allowed, arm has applicationId of the portal app and 9 entries',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(JSON.stringify(r.arm)).toContain(portalApp);
        expect(JSON.stringify(r.arm).match(/"objectId"/g)?.length).toBe(9);
      },
    },
  ]);
}

// ---------------------------------------------------------------- 8. modify rights, object scope, locked subscription, faults
{
  const olga = id('10000000', 61),
    karl = id('10000000', 62),
    rita = id('10000000', 63),
    uma = id('10000000', 64),
    dan = id('10000000', 65),
    amy = id('10000000', 66),
    nora = id('10000000', 68);
  const names = (r: Result) => JSON.stringify(r.modifiers);
  scenario('modify-rights-and-scopes.json', [
    {
      name: 'access-policy vault: Owner, nested KV Contributor group, Contributor SP, custom 2-block role',
      probe: 'modify-rights',
      args: { vault: 'kv-app-ap' },
      expected: 'allowed; modifiers include Olga, Cloud Ops, gh-deploy-proseware, Cal Reyes; not Nora, Rita, Uma',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        for (const n of ['Olga Ivanova', 'Cloud Ops', 'gh-deploy-proseware', 'Cal Reyes'])
          expect(names(r)).toContain(n);
        for (const n of ['Nora Bell', 'Rita Gomez', 'Uma Rao']) expect(names(r)).not.toContain(n);
      },
    },
    {
      name: 'Karl through a 3-deep group',
      probe: 'modify-rights',
      args: { vault: 'kv-app-ap', principal: karl },
      expected: 'allowed, principalCan true',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.principalCan).toBe(true);
      },
    },
    {
      name: 'Nora: Microsoft.KeyVault/* minus accessPolicies/write',
      probe: 'modify-rights',
      args: { vault: 'kv-app-ap', principal: nora },
      expected: 'denied, principalCan false',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.principalCan).toBe(false);
      },
    },
    {
      name: 'Rita: Reader',
      probe: 'modify-rights',
      args: { vault: 'kv-app-ap', principal: rita },
      expected: 'denied',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.principalCan).toBe(false);
      },
    },
    {
      name: 'RBAC vault: Owner, UAA, Data Access Admin',
      probe: 'modify-rights',
      args: { vault: 'kv-app-rbac' },
      expected: 'allowed; modifiers Olga, Uma, Dan; not Karl, not gh-deploy-proseware',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.action).toBe('Microsoft.Authorization/roleAssignments/write');
        for (const n of ['Olga Ivanova', 'Uma Rao', 'Dan Lee']) expect(names(r)).toContain(n);
        for (const n of ['Karl Weber', 'gh-deploy-proseware']) expect(names(r)).not.toContain(n);
      },
    },
    {
      name: 'Karl: KV Contributor cannot assign roles',
      probe: 'modify-rights',
      args: { vault: 'kv-app-rbac', principal: karl },
      expected: 'denied',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        expect(r.principalCan).toBe(false);
      },
    },
    {
      name: 'Dan: Key Vault Data Access Administrator',
      probe: 'modify-rights',
      args: { vault: 'kv-app-rbac', principal: dan },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
        expect(r.principalCan).toBe(true);
      },
    },
    {
      name: 'Key Vault Contributor has no data access',
      probe: 'permission-check',
      args: { vault: 'kv-app-rbac', principal: karl, operation: 'secrets/list' },
      expected: 'denied; evidence names Key Vault Contributor; suggestedRole Key Vault Reader',
      check: (r) => {
        expect(r.verdict).toBe('denied');
        mentions(r, 'Key Vault Contributor');
        expect(role(r)).toBe('Key Vault Reader');
      },
    },
    {
      name: 'Secrets User on one secret does not cover list',
      probe: 'permission-check',
      args: { vault: 'kv-app-rbac', principal: amy, operation: 'secrets/list' },
      expected: 'denied',
      check: (r) => {
        expect(r.verdict).toBe('denied');
      },
    },
    {
      name: 'vault in a subscription the bot may not read',
      probe: 'permission-check',
      args: { vault: 'kv-hr-locked', principal: olga, operation: 'secrets/get' },
      expected: 'undetermined, model null, reason mentions Reader',
      check: (r) => {
        expect(r.verdict).toBe('undetermined');
        expect(r.model).toBeNull();
        expect(r.reason).toContain('Reader');
      },
    },
    {
      name: 'diagnostic settings read throttled (429, no Retry-After)',
      probe: 'logging-status',
      args: { vault: 'kv-app-noisy' },
      expected: 'undetermined, reason about throttling',
      check: (r) => {
        expect(r.verdict).toBe('undetermined');
        expect(r.reason.toLowerCase()).toMatch(/throttl|too many/);
      },
    },
    {
      name: 'Olga (Owner) on the access-policy vault',
      probe: 'modify-rights',
      args: { vault: 'kv-app-ap', principal: olga },
      expected: 'allowed',
      check: (r) => {
        expect(r.verdict).toBe('allowed');
      },
    },
    {
      name: 'Uma (UAA) on the access-policy vault',
      probe: 'modify-rights',
      args: { vault: 'kv-app-ap', principal: uma },
      expected: 'denied (UAA has no Microsoft.KeyVault write)',
      check: (r) => {
        expect(r.verdict).toBe('denied');
      },
    },
  ]);
}
