import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands/triage.js';

const ROOT = path.resolve(__dirname, '..', '..');
const RBAC =
  'Status=403 Code="Forbidden" Message="Caller is not authorized to perform action on resource.\\r\\nCaller: appid=8a6b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d;oid=e1f2a3b4-c5d6-47e8-9f0a-1b2c3d4e5f60;iss=https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/\\r\\nAction: \'Microsoft.KeyVault/vaults/secrets/readMetadata/action\'\\r\\nResource: \'/subscriptions/1/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-payments\'\\r\\nVault: kv-payments;location=westeurope\\r\\n" InnerError={"code":"ForbiddenByRbac"}';

function kvbot(args: string[], input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('kvbot triage', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the contract JSON for a pasted RBAC denial, with the KB heading and a prefilled probe', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    expect(await run(['--json', RBAC])).toBe(0);
    const result = JSON.parse(out.join('\n'));
    expect(result).toMatchObject({
      kind: 'rbac-denied',
      fields: {
        vault: 'kv-payments',
        region: 'westeurope',
        objectId: 'e1f2a3b4-c5d6-47e8-9f0a-1b2c3d4e5f60',
        appId: '8a6b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        action: 'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
        resource: '/subscriptions/1/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-payments',
      },
      answer: { id: 'error-403', source: { heading: 'Recommended troubleshooting Steps for following error types' } },
      probe: {
        name: 'permission-check',
        args: { vault: 'kv-payments', principal: 'e1f2a3b4-c5d6-47e8-9f0a-1b2c3d4e5f60', operation: 'secrets/list' },
      },
    });
  });

  it('prints a readable summary without --json', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    expect(await run([RBAC])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Kind: rbac-denied');
    expect(text).toContain(
      'kvbot probe permission-check --vault kv-payments --principal e1f2a3b4-c5d6-47e8-9f0a-1b2c3d4e5f60 --operation secrets/list',
    );
    expect(() => JSON.parse(text)).toThrow();
  });

  it('prints the new kinds through the real CLI: a DNS failure as name-resolution with no answer entry or probe', () => {
    const r = kvbot(
      ['triage', '--json'],
      'Error: getaddrinfo ENOTFOUND kv-billing-01.vault.azure.net\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)\n',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      kind: 'name-resolution',
      fields: { vault: 'kv-billing-01' },
      answer: null,
      probe: null,
    });
  });

  it('names a known non-access condition in the readable output', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    expect(await run(["The subscription is not registered to use namespace 'Microsoft.KeyVault'."])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Kind: unrecognised (provider-not-registered)');
    expect(text).toContain('az provider register --namespace Microsoft.KeyVault');
  });

  it('rejects an unknown option with exit code 2', async () => {
    const err: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
    expect(await run(['--jsn', RBAC])).toBe(2);
    expect(err.join('\n')).toContain('unknown option "--jsn"');
  });

  it('reads the error from stdin when no text argument is given', () => {
    const r = kvbot(
      ['triage', '--json'],
      '{"error":{"code":"Throttled","message":"Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached"}}\n',
    );
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.kind).toBe('throttled');
    expect(result.answer.id).toBe('error-429');
    expect(result.probe).toEqual({ name: 'throttling', args: {} });
  });

  it('says clearly that the input is empty and exits 2', () => {
    const r = kvbot(['triage', '--json'], '  \n\n');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('the error text is empty');
  });
});
