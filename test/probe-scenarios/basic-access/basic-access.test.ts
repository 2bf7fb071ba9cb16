/**
 * Probe scenarios of the basic access models (access policies, groups, RBAC scopes and custom roles,
 * network, monitoring, two subscriptions), by an outside tester: tenants written only from docs/emulator.md, docs/probes.md and the
 * README, each with the verdict and key evidence expected BEFORE the probe ran. Every fixture is
 * served by its own emulator; most rows call the probe in-process through the same path the CLI
 * uses (`loadConfig` in emulator mode → `openAzureDirectory` → `ProbeService`), rows marked `cli`
 * spawn `npm run -s kvbot -- probe … --json` with KVBOT_EMULATOR_URL/KVBOT_EMULATOR_CA, and one test
 * starts the emulator itself with `npm run -s kvbot -- emulator --fixture … --port 0`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { openAzureDirectory, type OpenedDirectory } from '../../../src/adapters/azure/open-directory.js';
import { ProbeService } from '../../../src/core/probes/probe-service.js';
import type { ProbeArgs } from '../../../src/core/probes/probe-args.js';
import { startEmulator, validateFixture, type RunningEmulator } from '../../../src/emulator/index.js';

const ROOT = path.resolve(__dirname, '../../..');
const fx = (name: string) => path.join(__dirname, `${name}.json`);

const T = '9a3f0000-0000-4000-8000-00000000aaaa';
const S1 = '5c100000-0000-4000-8000-000000000001';
const u = (n: number) => `0a000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const g = (n: number) => `0b000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const MI = '0c000000-0000-4000-8000-000000000001';
const APP_SP = '0c000000-0000-4000-8000-000000000002';
const APP_ID = '0d000000-0000-4000-8000-000000000002';
const APP_OBJ = '0e000000-0000-4000-8000-000000000002';
const DELETED = '0a000000-0000-4000-8000-00000000dead';

/** A probe result as printed by `kvbot probe --json`. */
type Result = Record<string, unknown> & {
  verdict: string;
  reason: string;
  model: string | null;
  evidence: { kind: string; text: string }[];
  fixes: string[];
};

interface Expect {
  verdict: 'allowed' | 'denied' | 'undetermined';
  model?: 'access-policy' | 'rbac' | null;
  /** Each must match the evidence texts joined with newlines. */
  evidence?: RegExp[];
  reason?: RegExp;
  fixes?: string[];
  /** Partial match on the probe-specific fields. */
  fields?: Record<string, unknown>;
  check?: (r: Result) => void;
}

interface Row {
  id: string;
  fixture: string;
  probe: string;
  args: ProbeArgs;
  expect: Expect;
  /** Run through `npm run -s kvbot -- probe` as a child process. */
  cli?: boolean;
}

const pc = (vault: string, principal: string, operation: string, extra: Partial<ProbeArgs> = {}): ProbeArgs => ({
  vault,
  principal,
  operation,
  ...extra,
});

const ROWS: Row[] = [
  // access-policy vault, direct grants
  {
    id: 'A1 direct grant get,list → list allowed',
    fixture: 'access-policy-direct',
    probe: 'permission-check',
    args: pc('kv-ap-direct', u(1), 'secrets/list'),
    cli: true,
    expect: {
      verdict: 'allowed',
      model: 'access-policy',
      evidence: [/Ursula Direct|access polic/i],
      fixes: [],
      fields: { network: 'open' },
    },
  },
  {
    id: 'A2 has get not list → denied',
    fixture: 'access-policy-direct',
    probe: 'permission-check',
    args: pc('kv-ap-direct', u(2), 'secrets/list'),
    expect: { verdict: 'denied', model: 'access-policy', reason: /list/i, fixes: ['grant-access-policy'] },
  },
  {
    id: 'A3 secrets "all" → list allowed',
    fixture: 'access-policy-direct',
    probe: 'permission-check',
    args: pc('kv-ap-direct', u(3), 'secrets/list'),
    expect: { verdict: 'allowed', evidence: [/\ball\b/i] },
  },
  {
    id: 'A3b secrets "all" does not cover keys',
    fixture: 'access-policy-direct',
    probe: 'permission-check',
    args: pc('kv-ap-direct', u(3), 'keys/get'),
    expect: { verdict: 'denied', fixes: ['grant-access-policy'] },
  },
  {
    id: 'A4 policy with UPPERCASE objectId and "Get","List" → allowed',
    fixture: 'access-policy-direct',
    probe: 'permission-check',
    args: pc('kv-ap-direct', u(4), 'secrets/list'),
    expect: { verdict: 'allowed' },
  },
  {
    id: 'A4b "LIST" certificates → allowed',
    fixture: 'access-policy-direct',
    probe: 'permission-check',
    args: pc('kv-ap-direct', u(4), 'certificates/list'),
    expect: { verdict: 'allowed' },
  },
  {
    id: 'A5 principal asked in UPPERCASE → allowed',
    fixture: 'access-policy-direct',
    probe: 'permission-check',
    args: pc('kv-ap-direct', u(1).toUpperCase(), 'secrets/get'),
    expect: { verdict: 'allowed' },
  },

  // groups, service principals, compound identity
  {
    id: 'B1 nested 2 levels → allowed, group path named',
    fixture: 'access-policy-groups',
    probe: 'permission-check',
    args: pc('kv-ap-groups', u(5), 'secrets/get'),
    cli: true,
    expect: { verdict: 'allowed', evidence: [/Vault Readers/, /Platform Team/, /Platform Oncall/] },
  },
  {
    id: 'B2 managed identity direct get → allowed',
    fixture: 'access-policy-groups',
    probe: 'permission-check',
    args: pc('kv-ap-groups', MI, 'secrets/get'),
    expect: { verdict: 'allowed', evidence: [/orders-func|access polic/i] },
  },
  {
    id: 'B2b managed identity list → denied',
    fixture: 'access-policy-groups',
    probe: 'permission-check',
    args: pc('kv-ap-groups', MI, 'secrets/list'),
    expect: { verdict: 'denied', fixes: ['grant-access-policy'] },
  },
  {
    id: 'B3 service principal keys/sign → allowed',
    fixture: 'access-policy-groups',
    probe: 'permission-check',
    args: pc('kv-ap-groups', APP_SP, 'keys/sign'),
    expect: { verdict: 'allowed' },
  },
  {
    id: 'B4 compound entry, user alone → denied',
    fixture: 'access-policy-groups',
    probe: 'permission-check',
    args: pc('kv-ap-groups', u(6), 'secrets/list'),
    expect: { verdict: 'denied', evidence: [/batch-app|application|0d000000-0000-4000-8000-000000000002/i] },
  },
  {
    id: 'B5 compound entry, through the app → allowed',
    fixture: 'access-policy-groups',
    probe: 'permission-check',
    args: pc('kv-ap-groups', u(6), 'secrets/list', { applicationId: APP_ID }),
    cli: true,
    expect: { verdict: 'allowed' },
  },
  {
    id: 'B6 no entry at all → denied',
    fixture: 'access-policy-groups',
    probe: 'permission-check',
    args: pc('kv-ap-groups', u(7), 'secrets/get'),
    expect: { verdict: 'denied', fixes: ['grant-access-policy'] },
  },

  // RBAC scopes
  {
    id: 'C1 Secrets User at vault → get allowed',
    fixture: 'rbac-scopes',
    probe: 'permission-check',
    args: pc('kv-rbac', u(1), 'secrets/get'),
    expect: {
      verdict: 'allowed',
      model: 'rbac',
      evidence: [/Key Vault Secrets User/],
      fields: { dataAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action' },
    },
  },
  {
    id: 'C2 Reader at resource group → list allowed',
    fixture: 'rbac-scopes',
    probe: 'permission-check',
    args: pc('kv-rbac', u(2), 'secrets/list'),
    expect: { verdict: 'allowed', evidence: [/Key Vault Reader/, /rg-rbac/] },
  },
  {
    id: 'C3 Reader at resource group → get denied, Secrets User suggested',
    fixture: 'rbac-scopes',
    probe: 'permission-check',
    args: pc('kv-rbac', u(2), 'secrets/get'),
    expect: {
      verdict: 'denied',
      fixes: ['assign-rbac-role'],
      check: (r) => expect(JSON.stringify(r.suggestedRole)).toMatch(/Key Vault Secrets User/),
    },
  },
  {
    id: 'C4 Secrets Officer at subscription → inherited get allowed',
    fixture: 'rbac-scopes',
    probe: 'permission-check',
    args: pc('kv-rbac', u(3), 'secrets/get'),
    cli: true,
    expect: { verdict: 'allowed', evidence: [/Key Vault Secrets Officer/, /subscription/i] },
  },
  {
    id: 'C5 role assigned to a group → allowed, group named',
    fixture: 'rbac-scopes',
    probe: 'permission-check',
    args: pc('kv-rbac', u(4), 'secrets/get'),
    expect: { verdict: 'allowed', evidence: [/RBAC Secret Users/] },
  },
  {
    id: 'C6 assignment written with UPPERCASE principal/role ids → allowed',
    fixture: 'rbac-scopes',
    probe: 'permission-check',
    args: pc('kv-rbac', u(5), 'secrets/get'),
    expect: { verdict: 'allowed' },
  },
  {
    id: 'C7 role on another vault → denied',
    fixture: 'rbac-scopes',
    probe: 'permission-check',
    args: pc('kv-rbac', u(6), 'secrets/get'),
    expect: { verdict: 'denied', fixes: ['assign-rbac-role'] },
  },

  // custom roles
  {
    id: 'D1 secrets/* minus getSecret → get denied',
    fixture: 'rbac-custom-role',
    probe: 'permission-check',
    args: pc('kv-custom', u(1), 'secrets/get'),
    expect: { verdict: 'denied', evidence: [/Secret Lister No Get/], fixes: ['assign-rbac-role'] },
  },
  {
    id: 'D2 secrets/* minus getSecret → list allowed',
    fixture: 'rbac-custom-role',
    probe: 'permission-check',
    args: pc('kv-custom', u(1), 'secrets/list'),
    expect: { verdict: 'allowed', evidence: [/Secret Lister No Get/] },
  },
  {
    id: 'D3 vaults/* minus secrets readMetadata (at subscription) → list denied',
    fixture: 'rbac-custom-role',
    probe: 'permission-check',
    args: pc('kv-custom', u(2), 'secrets/list'),
    expect: { verdict: 'denied' },
  },
  {
    id: 'D4 lower-case "microsoft.keyvault/vaults/*" → keys/get allowed',
    fixture: 'rbac-custom-role',
    probe: 'permission-check',
    args: pc('kv-custom', u(2), 'keys/get'),
    expect: { verdict: 'allowed', evidence: [/Everything But Secret Metadata/] },
  },

  // management-plane roles
  {
    id: 'E1 Owner at subscription, RBAC vault → denied, says no data access',
    fixture: 'management-roles',
    probe: 'permission-check',
    args: pc('kv-mgmt-rbac', u(1), 'secrets/list'),
    expect: {
      verdict: 'denied',
      evidence: [/Owner/, /data/i],
      reason: /management-plane roles on kv-mgmt-rbac \(Owner\)/,
      fixes: ['assign-rbac-role'],
      check: (r) => {
        expect(r.reason).not.toMatch(/Key Vault Contributor/);
        expect(r.suggestedRole).toMatchObject({ roleName: 'Key Vault Reader' });
      },
    },
  },
  {
    id: 'E2 Key Vault Contributor, RBAC vault → denied',
    fixture: 'management-roles',
    probe: 'permission-check',
    args: pc('kv-mgmt-rbac', u(2), 'secrets/list'),
    expect: { verdict: 'denied', evidence: [/Key Vault Contributor/, /data/i], reason: /\(Key Vault Contributor\)/ },
  },
  {
    id: 'E3 Key Vault Contributor, access-policy vault → denied',
    fixture: 'management-roles',
    probe: 'permission-check',
    args: pc('kv-mgmt-ap', u(2), 'secrets/list'),
    expect: { verdict: 'denied', fixes: ['grant-access-policy'] },
  },
  {
    id: 'E4 …but could grant themselves (modify-rights)',
    fixture: 'management-roles',
    probe: 'modify-rights',
    args: { vault: 'kv-mgmt-ap', principal: u(2) },
    expect: {
      verdict: 'allowed',
      fields: { action: 'Microsoft.KeyVault/vaults/accessPolicies/write', principalCan: true },
    },
  },
  {
    id: 'E5 Key Vault Contributor cannot assign roles on RBAC vault',
    fixture: 'management-roles',
    probe: 'modify-rights',
    args: { vault: 'kv-mgmt-rbac', principal: u(2) },
    expect: {
      verdict: 'denied',
      fields: { action: 'Microsoft.Authorization/roleAssignments/write', principalCan: false },
    },
  },
  {
    id: 'E6 who can assign roles on RBAC vault: Owner and UAA',
    fixture: 'management-roles',
    probe: 'modify-rights',
    args: { vault: 'kv-mgmt-rbac' },
    expect: {
      verdict: 'allowed',
      check: (r) => {
        const m = JSON.stringify(r.modifiers);
        expect(m).toMatch(/Olga Owner|0a000000-0000-4000-8000-000000000001/);
        expect(m).toMatch(/Uma Useraccess|0a000000-0000-4000-8000-000000000003/);
        expect(m).not.toMatch(/Carl Contributor/);
      },
    },
  },

  // network
  {
    id: 'F1 firewall Deny, no client IP → denied may-block',
    fixture: 'network',
    probe: 'permission-check',
    args: pc('kv-fw', u(1), 'secrets/list'),
    cli: true,
    expect: { verdict: 'denied', fields: { network: 'may-block' }, fixes: [], reason: /firewall|network/i },
  },
  {
    id: 'F2 client IP inside CIDR rule → allowed',
    fixture: 'network',
    probe: 'permission-check',
    args: pc('kv-fw', u(1), 'secrets/list', { clientIp: '203.0.113.10' }),
    expect: { verdict: 'allowed', fields: { network: 'open' } },
  },
  {
    id: 'F3 client IP outside rules → denied blocked',
    fixture: 'network',
    probe: 'permission-check',
    args: pc('kv-fw', u(1), 'secrets/list', { clientIp: '192.0.2.1' }),
    expect: { verdict: 'denied', fields: { network: 'blocked' }, fixes: [] },
  },
  {
    id: 'F4 client IP equal to a bare-IP rule → allowed',
    fixture: 'network',
    probe: 'permission-check',
    args: pc('kv-fw', u(1), 'secrets/list', { clientIp: '198.51.100.7' }),
    expect: { verdict: 'allowed', fields: { network: 'open' } },
  },
  {
    id: 'F5 publicNetworkAccess Disabled → denied, not open',
    fixture: 'network',
    probe: 'permission-check',
    args: pc('kv-nopublic', u(1), 'secrets/get'),
    expect: {
      verdict: 'denied',
      fixes: [],
      reason: /public|private/i,
      check: (r) => expect(r.network).not.toBe('open'),
    },
  },
  {
    id: 'F6 firewall defaultAction Allow → allowed',
    fixture: 'network',
    probe: 'permission-check',
    args: pc('kv-fw-allow', u(1), 'secrets/list'),
    expect: { verdict: 'allowed', fields: { network: 'open' } },
  },

  // unknown policies
  {
    id: 'G1 deleted object + application object id → denied',
    fixture: 'unknown-policies',
    probe: 'unknown-policies',
    args: { vault: 'kv-orphans' },
    expect: {
      verdict: 'denied',
      fixes: ['remove-orphaned-policy', 'grant-access-policy'],
      check: (r) => {
        const entries = JSON.stringify(r.entries);
        expect(entries).toContain(DELETED);
        expect(entries).toContain(APP_OBJ);
        expect(r.evidence.map((e) => e.text).join('\n')).toMatch(/batch-app|service principal/i);
      },
    },
  },
  {
    id: 'G2 clean vault → allowed',
    fixture: 'unknown-policies',
    probe: 'unknown-policies',
    args: { vault: 'kv-clean' },
    expect: { verdict: 'allowed', fixes: [] },
  },

  // logging, throttling
  {
    id: 'H1 AuditEvent on → allowed',
    fixture: 'monitoring',
    probe: 'logging-status',
    args: { vault: 'kv-log-on' },
    expect: { verdict: 'allowed', fields: { enabled: true } },
  },
  {
    id: 'H2 no settings → denied',
    fixture: 'monitoring',
    probe: 'logging-status',
    args: { vault: 'kv-log-off' },
    cli: true,
    expect: { verdict: 'denied', fixes: ['enable-audit-logging'], fields: { enabled: false } },
  },
  {
    id: 'H3 AuditEvent present but disabled → denied',
    fixture: 'monitoring',
    probe: 'logging-status',
    args: { vault: 'kv-log-disabled' },
    expect: { verdict: 'denied', fixes: ['enable-audit-logging'] },
  },
  {
    id: 'H4 allLogs category group → allowed',
    fixture: 'monitoring',
    probe: 'logging-status',
    args: { vault: 'kv-log-group' },
    expect: { verdict: 'allowed' },
  },
  {
    id: 'H5 429s in 24 h → denied with counts',
    fixture: 'monitoring',
    probe: 'throttling',
    args: { vault: 'kv-busy' },
    expect: { verdict: 'denied', fields: { throttled: 150, total: 2850 } },
  },
  {
    id: 'H6 only 200s → allowed',
    fixture: 'monitoring',
    probe: 'throttling',
    args: { vault: 'kv-calm' },
    expect: { verdict: 'allowed', fields: { throttled: 0, total: 110 } },
  },
  {
    id: 'H7 no metrics → undetermined',
    fixture: 'monitoring',
    probe: 'throttling',
    args: { vault: 'kv-nodata' },
    expect: { verdict: 'undetermined', reason: /metric|data/i },
  },

  // arm export
  {
    id: 'I1 export of 3 policies',
    fixture: 'arm-export',
    probe: 'arm-export',
    args: { vault: 'kv-export' },
    cli: true,
    expect: {
      verdict: 'allowed',
      check: (r) => {
        const arm = JSON.stringify(r.arm);
        for (const id of [u(1), g(1), u(2), APP_ID]) expect(arm).toContain(id);
        expect(arm.match(/"objectId"/g)?.length).toBe(3);
        for (const id of [u(1), g(1), u(2)]) expect(String(r.bicep)).toContain(id);
        expect(JSON.stringify(r.incremental)).toMatch(/accessPolicies|\/add/);
      },
    },
  },

  // subscriptions and bot rights
  {
    id: 'J1 vault the bot may not read → undetermined, names the missing role',
    fixture: 'two-subscriptions',
    probe: 'permission-check',
    args: pc('kv-hidden', u(1), 'secrets/list'),
    cli: true,
    expect: { verdict: 'undetermined', model: null, reason: /Reader|read/i },
  },
  {
    id: 'J2 vault in the second subscription, role at that subscription → allowed',
    fixture: 'two-subscriptions',
    probe: 'permission-check',
    args: pc('kv-second', u(1), 'secrets/get'),
    expect: { verdict: 'allowed', model: 'rbac', evidence: [/Key Vault Secrets User/] },
  },
  {
    id: 'J3 empty access policies → denied',
    fixture: 'two-subscriptions',
    probe: 'permission-check',
    args: pc('kv-first', u(1), 'secrets/list'),
    expect: { verdict: 'denied', fixes: ['grant-access-policy'] },
  },
  {
    id: 'J4 logging-status on the unreadable vault → undetermined',
    fixture: 'two-subscriptions',
    probe: 'logging-status',
    args: { vault: 'kv-hidden' },
    expect: { verdict: 'undetermined', model: null },
  },
  {
    id: 'J5 unknown vault → undetermined not found',
    fixture: 'two-subscriptions',
    probe: 'permission-check',
    args: pc('kv-nowhere', u(1), 'secrets/list'),
    expect: { verdict: 'undetermined', model: null, reason: /not found/i },
  },

  // case
  {
    id: 'K1 group and member ids UPPERCASE, "Secrets": ["LIST"], vault asked as KV-CASE → allowed',
    fixture: 'case-insensitive',
    probe: 'permission-check',
    args: pc('KV-CASE', u(1), 'secrets/list'),
    expect: { verdict: 'allowed', evidence: [/Case Group/], check: (r) => expect(r.vault).toBe('kv-case') },
  },
  {
    id: 'K2 "Get","List" → get allowed',
    fixture: 'case-insensitive',
    probe: 'permission-check',
    args: pc('kv-case', u(2), 'secrets/get'),
    expect: { verdict: 'allowed' },
  },
];

const FIXTURES = [...new Set(ROWS.map((r) => r.fixture))];

/** Runs `npm run -s kvbot -- <args>` and collects its output. */
function kvbot(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'kvbot', '--', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function argv(row: Row): string[] {
  const a = ['probe', row.probe, '--vault', row.args.vault];
  if (row.args.principal) a.push('--principal', row.args.principal);
  if (row.args.operation) a.push('--operation', row.args.operation);
  if (row.args.clientIp) a.push('--client-ip', row.args.clientIp);
  if (row.args.applicationId) a.push('--application-id', row.args.applicationId);
  return [...a, '--json'];
}

function assertRow(row: Row, r: Result): void {
  const e = row.expect;
  const context = `${row.id}\n${JSON.stringify(r, null, 1)}`;
  expect(r.verdict, context).toBe(e.verdict);
  expect(r.reason.length, context).toBeGreaterThan(0);
  if (e.model !== undefined) expect(r.model, context).toBe(e.model);
  const evidence = r.evidence.map((x) => x.text).join('\n');
  for (const re of e.evidence ?? []) expect(evidence, context).toMatch(re);
  if (e.reason) expect(r.reason, context).toMatch(e.reason);
  if (e.fixes) expect(r.fixes, context).toEqual(e.fixes);
  if (e.fields) expect(r, context).toMatchObject(e.fields);
  e.check?.(r);
}

describe('outside-tester scenarios', () => {
  const emulators = new Map<string, RunningEmulator>();
  const sessions = new Map<string, OpenedDirectory>();

  beforeAll(async () => {
    for (const name of FIXTURES) {
      const emu = await startEmulator({ fixture: fx(name), port: 0 });
      emulators.set(name, emu);
      const config = loadConfig({ KVBOT_EMULATOR_URL: emu.url, KVBOT_EMULATOR_CA: emu.caFile });
      sessions.set(name, await openAzureDirectory(config.azure));
    }
  });
  afterAll(async () => {
    for (const s of sessions.values()) await s.close();
    for (const e of emulators.values()) await e.close();
  });

  it.each(ROWS.filter((r) => !r.cli).map((r) => [r.id, r] as const))('%s', async (_id, row) => {
    const r = (await new ProbeService(sessions.get(row.fixture)!.directory).run(
      row.probe,
      row.args,
    )) as unknown as Result;
    expect(r.sandbox).toBe(true); // any emulator answer is flagged, not only the embedded demo tenant
    if (process.env.SCENARIO_DUMP)
      console.log(
        `### ${row.id}\n${r.verdict} | ${r.reason}\n${r.evidence.map((x) => `  - [${x.kind}] ${x.text}`).join('\n')}\n  fixes=${r.fixes.join(',')} network=${String(r.network)}`,
      );
    assertRow(row, r);
  });

  it.each(ROWS.filter((r) => r.cli).map((r) => [r.id, r] as const))(
    '%s (kvbot probe child process)',
    async (_id, row) => {
      const emu = emulators.get(row.fixture)!;
      const out = await kvbot(argv(row), { KVBOT_EMULATOR_URL: emu.url, KVBOT_EMULATOR_CA: emu.caFile });
      expect(out.code, out.stderr).toBe(0);
      assertRow(row, JSON.parse(out.stdout) as Result);
    },
  );
});

describe('the documented command path end to end', () => {
  it('kvbot emulator --fixture <scenario> --port 0, then kvbot probe with the printed URL and CA', async () => {
    // Its own process group: npm starts the emulator as a grandchild, and the whole group must stop.
    const child = spawn('npm', ['run', '-s', 'kvbot', '--', 'emulator', '--fixture', fx('network'), '--port', '0'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      detached: true,
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (/CA file: \S+/.test(out)) resolve(out);
        });
        child.on('close', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
      });
      const url = /listening on (https:\/\/\S+)/.exec(printed)![1]!;
      const ca = /CA file: (\S+)/.exec(printed)![1]!;
      const env = { KVBOT_EMULATOR_URL: url, KVBOT_EMULATOR_CA: ca };
      const inside = await kvbot(
        [
          'probe',
          'permission-check',
          '--vault',
          'kv-fw',
          '--principal',
          u(1),
          '--operation',
          'secrets/list',
          '--client-ip',
          '203.0.113.10',
          '--json',
        ],
        env,
      );
      expect(inside.code, inside.stderr).toBe(0);
      expect(JSON.parse(inside.stdout)).toMatchObject({ verdict: 'allowed', network: 'open', sandbox: true });
      const text = await kvbot(['probe', 'permission-check', '--vault', 'kv-fw', '--principal', u(1)], env);
      expect(text.stdout).toMatch(/verdict: denied/);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
});

/** Mistakes a scenario author makes, and the message they should get. */
const BASE = () => ({
  tenantId: T,
  subscriptions: [
    {
      subscriptionId: S1,
      displayName: 'x',
      resourceGroups: [{ name: 'rg-a', location: 'westeurope' }],
      vaults: [
        {
          id: `/subscriptions/${S1}/resourceGroups/rg-a/providers/Microsoft.KeyVault/vaults/kv-a`,
          properties: {
            tenantId: T,
            sku: { family: 'A', name: 'standard' },
            accessPolicies: [{ tenantId: T, objectId: u(1), permissions: { secrets: ['get'] } }],
          },
        },
      ],
      roleAssignments: [] as unknown[],
    },
  ],
  directory: { users: [{ id: u(1), displayName: 'U' }], groups: [] as unknown[] },
});
type Base = ReturnType<typeof BASE> & Record<string, unknown>;
const vault0 = (f: Base) => f.subscriptions[0]!.vaults[0]!.properties as Record<string, unknown>;

const MISTAKES: [string, (f: Base) => void, RegExp][] = [
  [
    'missing tenantId',
    (f) => {
      delete (f as Partial<Base>).tenantId;
    },
    /- tenantId is required/,
  ],
  [
    'typo accesPolicies',
    (f) => {
      vault0(f).accesPolicies = vault0(f).accessPolicies;
      delete vault0(f).accessPolicies;
    },
    /subscriptions\[0\]\.vaults\[0\]\.properties\.accesPolicies is not a known field: did you mean accessPolicies\?/,
  ],
  [
    'typo enableRbacAuthorisation',
    (f) => {
      vault0(f).enableRbacAuthorisation = true;
    },
    /subscriptions\[0\]\.vaults\[0\]\.properties\.enableRbacAuthorisation/,
  ],
  [
    'permissions as a string',
    (f) => {
      (vault0(f).accessPolicies as { permissions: unknown }[])[0]!.permissions = { secrets: 'get' };
    },
    /subscriptions\[0\]\.vaults\[0\]\.properties\.accessPolicies\[0\]\.permissions\.secrets/,
  ],
  [
    'unknown permission "lst"',
    (f) => {
      (vault0(f).accessPolicies as { permissions: unknown }[])[0]!.permissions = { secrets: ['lst'] };
    },
    /accessPolicies\[0\]\.permissions\.secrets\[0\].*lst/,
  ],
  [
    'enableRbacAuthorization as a string',
    (f) => {
      vault0(f).enableRbacAuthorization = 'true';
    },
    /properties\.enableRbacAuthorization/,
  ],
  [
    'role assignment without principalId',
    (f) => {
      f.subscriptions[0]!.roleAssignments.push({
        properties: {
          scope: `/subscriptions/${S1}`,
          roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6',
        },
      });
    },
    /subscriptions\[0\]\.roleAssignments\[0\]\.properties\.principalId/,
  ],
  [
    'role assignment to an unknown role',
    (f) => {
      f.subscriptions[0]!.roleAssignments.push({
        properties: {
          scope: `/subscriptions/${S1}`,
          principalId: u(1),
          roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-4000-8000-000000000bad',
        },
      });
    },
    /subscriptions\[0\]\.roleAssignments\[0\]\.properties\.roleDefinitionId/,
  ],
  [
    'group member not in the directory',
    (f) => {
      f.directory.groups.push({ id: g(1), displayName: 'G', members: ['nobody'] });
    },
    /directory\.groups\[0\]\.members\[0\]/,
  ],
  [
    'typo in directory list name',
    (f) => {
      (f.directory as Record<string, unknown>).user = [];
    },
    /directory\.user\b/,
  ],
  [
    'top-level typo roleAssignment',
    (f) => {
      (f.subscriptions[0] as Record<string, unknown>).roleAssignment = [];
    },
    /subscriptions\[0\]\.roleAssignment\b/,
  ],
  [
    'networkAcls.defaultAction "Block"',
    (f) => {
      vault0(f).networkAcls = { defaultAction: 'Block', ipRules: [] };
    },
    /properties\.networkAcls\.defaultAction must be one of Allow, Deny/,
  ],
  [
    'permission category "Secrets"',
    (f) => {
      (vault0(f).accessPolicies as { permissions: unknown }[])[0]!.permissions = { Secrets: ['get'] };
    },
    /permissions\.Secrets is not one of keys, secrets/,
  ],
  [
    'same vault name in two subscriptions',
    (f) => {
      const S2 = '5c200000-0000-4000-8000-000000000002';
      f.subscriptions.push({
        subscriptionId: S2,
        displayName: 'y',
        resourceGroups: [{ name: 'rg-b', location: 'eastus' }],
        roleAssignments: [],
        vaults: [
          {
            id: `/subscriptions/${S2}/resourceGroups/rg-b/providers/Microsoft.KeyVault/vaults/kv-a`,
            properties: { tenantId: T, sku: { family: 'A', name: 'standard' }, accessPolicies: [] },
          },
        ],
      });
    },
    /subscriptions\[1\]\.vaults\[0\].*kv-a/,
  ],
];

describe('fixture mistakes give messages naming the JSON path', () => {
  it('the base fixture is valid', () => {
    expect(() => validateFixture(BASE())).not.toThrow();
  });
  it('directory, its lists and accessPolicies are optional and filled in empty', () => {
    const f = BASE() as Partial<Base>;
    delete f.directory;
    delete (vault0(f as Base) as Partial<Record<string, unknown>>).accessPolicies;
    const loaded = validateFixture(f);
    expect(loaded.directory).toMatchObject({ users: [], groups: [], servicePrincipals: [], applications: [] });
  });
  it.each(MISTAKES)('%s', (_name, mutate, message) => {
    const f = BASE() as Base;
    mutate(f);
    expect(() => validateFixture(f)).toThrow(message);
  });
});
