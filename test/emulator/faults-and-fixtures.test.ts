import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FixtureValidationError, startEmulator, validateFixture } from '../../src/emulator/index.js';
import { DEMO_FIXTURE, KV_PAYMENTS, SUB1, rawRequest, thrown, useDemoEmulator } from './emulator-clients.js';

const t = useDemoEmulator();

const VAULT_GLOB = '/subscriptions/*/resourceGroups/*/providers/Microsoft.KeyVault/vaults/kv-payments';

describe('fault injection', () => {
  it('a 429 with Retry-After: 0 is retried transparently by the SDK', async () => {
    t.emu.faults.add({ method: 'GET', path: VAULT_GLOB, status: 429, retryAfterSeconds: 0, times: 1 });
    const v = await t.c.kv.vaults.get('rg-payments', 'kv-payments');
    expect(v.name).toBe('kv-payments');
    expect(t.emu.requestLog.map((r) => r.status)).toEqual([429, 200]);
  });

  it('a 429 without a retry header surfaces as TooManyRequests after one attempt', async () => {
    t.emu.faults.add({ path: VAULT_GLOB, status: 429 });
    const e = await thrown(() => t.c.kv.vaults.get('rg-payments', 'kv-payments'));
    expect(e.statusCode).toBe(429);
    expect(e.code).toBe('TooManyRequests');
    expect(t.emu.requestLog).toHaveLength(1);
  });

  it('a persistent 500 exhausts the retries (maxRetries 2 → 3 attempts)', async () => {
    t.emu.faults.add({ pathRegex: 'roleAssignments$', status: 500 });
    const e = await thrown(async () => {
      for await (const _ of t.c.authz.roleAssignments.listForScope(KV_PAYMENTS)) {
        /* drain */
      }
    });
    expect(e.statusCode).toBe(500);
    expect(e.code).toBe('InternalServerError');
    expect(t.emu.requestLog.map((r) => r.status)).toEqual([500, 500, 500]);
  });

  it('a dropped connection is retried, and fails when it keeps dropping', async () => {
    t.emu.faults.add({ path: VAULT_GLOB, drop: true, times: 1 });
    expect((await t.c.kv.vaults.get('rg-payments', 'kv-payments')).name).toBe('kv-payments');
    expect(t.emu.requestLog.map((r) => r.fault ?? 'ok')).toEqual(['drop', 'ok']);
    t.emu.faults.add({ path: VAULT_GLOB, drop: true });
    const e = await thrown(() => t.c.kv.vaults.get('rg-payments', 'kv-payments'));
    expect(String(e.code ?? e.message)).toMatch(/ECONNRESET|socket hang up/i);
  });

  it('latency delays the answer and is recorded in the request log', async () => {
    t.emu.faults.add({ path: '/v1.0/**', latencyInMs: 60, times: 1 });
    const res = await t.c.graph.path('/v1.0/groups').get();
    expect(res.status).toBe('200');
    expect(t.emu.requestLog[0]!.fault).toBe('latency');
    expect(t.emu.requestLog[0]!.durationInMs).toBeGreaterThanOrEqual(55);
  });

  it('faults and the request log can be driven over HTTP by another process', async () => {
    const added = await rawRequest(t.emu, 'POST', '/_emulator/faults', {
      body: { path: VAULT_GLOB, status: 503, retryAfterMs: 0, times: 1 },
    });
    expect(added.status).toBe(201);
    expect((await t.c.kv.vaults.get('rg-payments', 'kv-payments')).name).toBe('kv-payments');
    const log = await rawRequest(t.emu, 'GET', '/_emulator/requests');
    expect((log.body as { value: { status: number }[] }).value.map((r) => r.status)).toEqual([503, 200]);
    const bad = await rawRequest(t.emu, 'POST', '/_emulator/faults', { body: { path: '/x' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('does nothing');
    const state = await rawRequest(t.emu, 'GET', '/_emulator/state');
    expect((state.body as { tenantId: string }).tenantId).toBe('00000000-0000-0000-0000-000000000001');
    expect((await rawRequest(t.emu, 'DELETE', '/_emulator/requests')).status).toBe(204);
    expect(t.emu.requestLog).toHaveLength(0);
  });
});

describe('paging', () => {
  it('a fault with page: 2 hits only the request its nextLink leads to', async () => {
    t.emu.faults.add({ method: 'GET', path: '/subscriptions/*/**', page: 2, status: 503, times: 5 });
    const first = await rawRequest(
      t.emu,
      'GET',
      `/subscriptions/${SUB1}/providers/Microsoft.KeyVault/vaults?api-version=2026-02-01`,
      { headers: { authorization: 'Bearer t' } },
    );
    expect(first.status).toBe(200);
    const next = new URL((first.body as { nextLink: string }).nextLink);
    const second = await rawRequest(t.emu, 'GET', `${next.pathname}${next.search}`, {
      headers: { authorization: 'Bearer t' },
    });
    expect(second.status).toBe(503);
  });

  it('a skip token the emulator did not issue is a 400, not a silent first page', async () => {
    const r = await rawRequest(
      t.emu,
      'GET',
      `/subscriptions/${SUB1}/providers/Microsoft.KeyVault/vaults?api-version=2026-02-01&$skiptoken=2`,
      { headers: { authorization: 'Bearer t' } },
    );
    expect(r.status).toBe(400);
  });
});

describe('fixture validation', () => {
  async function demo(): Promise<Record<string, unknown>> {
    return JSON.parse(await readFile(DEMO_FIXTURE, 'utf8')) as Record<string, unknown>;
  }

  it('names the JSON path of every problem', async () => {
    const f = (await demo()) as {
      subscriptions: {
        vaults: { properties: Record<string, unknown> }[];
        roleAssignments: { properties: Record<string, unknown> }[];
      }[];
      directory: { groups: { members: string[] }[] };
    };
    delete f.subscriptions[0]!.vaults[2]!.properties.tenantId;
    delete f.subscriptions[0]!.roleAssignments[1]!.properties.principalId;
    f.directory.groups[0]!.members.push('not-an-object');
    let error: unknown;
    try {
      validateFixture(f, 'bad.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FixtureValidationError);
    expect((error as FixtureValidationError).problems).toEqual(
      expect.arrayContaining([
        'subscriptions[0].vaults[2].properties.tenantId is required',
        'subscriptions[0].roleAssignments[1].properties.principalId is required',
        'directory.groups[0].members[2] "not-an-object" is not an object in the directory',
      ]),
    );
  });

  it('reports unreadable and malformed files with the file name and line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kvbot-fixture-'));
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{\n  "tenantId": "t",\n  oops\n}');
    const e = await thrown(() => startEmulator({ fixture: broken }));
    expect(e.name).toBe('FixtureValidationError');
    expect(String(e.message)).toMatch(/broken\.json[\s\S]*not valid JSON \(line 3\)/);
    const missing = await thrown(() => startEmulator({ fixture: path.join(dir, 'nope.json') }));
    expect(String(missing.message)).toContain('cannot read the file');
  });

  it('refuses ids that are not GUIDs, as Azure and Graph do, naming the path', async () => {
    const f = (await demo()) as {
      tenantId: string;
      directory: { users: { id: string }[] };
      subscriptions: { vaults: { properties: { accessPolicies?: { objectId: string }[] } }[] }[];
    };
    f.tenantId = '00000000-0000-0000-0000-0000000000001';
    f.directory.users[0]!.id = '00000000-0000-0000-0000-0000000000020';
    f.subscriptions[0]!.vaults[0]!.properties.accessPolicies![0]!.objectId = 'payments-readers';
    let error: unknown;
    try {
      validateFixture(f, 'bad.json');
    } catch (e) {
      error = e;
    }
    expect((error as FixtureValidationError).problems).toEqual(
      expect.arrayContaining([
        'tenantId "00000000-0000-0000-0000-0000000000001" is not a GUID (8-4-4-4-12 hex digits): Azure and Microsoft Graph refuse such ids',
        expect.stringMatching(/^directory\.users\[0\]\.id "00000000-0000-0000-0000-0000000000020" is not a GUID/),
        expect.stringMatching(
          /^subscriptions\[0\]\.vaults\[0\]\.properties\.accessPolicies\[0\]\.objectId "payments-readers" is not a GUID/,
        ),
      ]),
    );
  });

  it("checks a fault's page number", () => {
    const base = { tenantId: '00000000-0000-0000-0000-000000000001', subscriptions: [] };
    expect(() => validateFixture({ ...base, faults: [{ path: '/x', page: 0, status: 500 }] })).toThrow(
      /faults\[0\]\.page must be a page number/,
    );
    expect(() => validateFixture({ ...base, faults: [{ path: '/x', page: 2, status: 500 }] })).not.toThrow();
  });

  it('rejects a fault in the fixture that names no path', () => {
    expect(() =>
      validateFixture({
        tenantId: 't',
        subscriptions: [],
        directory: { users: [], groups: [], servicePrincipals: [], applications: [] },
        faults: [{ status: 429 }],
      }),
    ).toThrow(/faults\[0\] needs exactly one of path \(glob\) or pathRegex/);
  });
});

describe('kvbot emulator command', () => {
  it('starts, prints its URL and CA file, serves, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'emulator', '--fixture', DEMO_FIXTURE, '--port', '0'],
      { cwd: path.resolve(__dirname, '../..') },
    );
    let out = '';
    const started = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('CA file:') && out.includes('KVBOT_EMULATOR_URL')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    await started;
    const url = /listening on (https:\/\/\S+)/.exec(out)![1]!;
    const caFile = /CA file: (\S+)/.exec(out)![1]!;
    const ca = await readFile(caFile, 'utf8');
    const res = await rawRequest({ url, caPem: ca }, 'GET', '/_emulator/state');
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
