import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureDirectoryFromConfig } from '../../../src/adapters/azure/index.js';
import { loadConfig } from '../../../src/config.js';
import type { AzureDirectory } from '../../../src/core/probes/azure-directory.js';
import { ProbeService } from '../../../src/core/probes/probe-service.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { ALEX, G_DEVS, G_PLATFORM, MEGAN, SUB_A, SUB_B, emulatorTenant } from './emulator-tenant.js';

let emu: RunningEmulator;
let directory: AzureDirectory;

beforeAll(async () => {
  emu = await startEmulator({ fixture: emulatorTenant(), port: 0 });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  emu.faults.clear();
  const config = loadConfig({ KVBOT_EMULATOR_URL: emu.url, KVBOT_EMULATOR_CA: emu.caFile });
  directory = await createAzureDirectoryFromConfig(config.azure, {
    retryOptions: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
  });
});

describe('ProbeService over the real adapter and the emulator', () => {
  it('emulator mode discovers the subscriptions, trusts the CA file and marks results as sandbox', async () => {
    const r = await new ProbeService(directory).run('permission-check', {
      vault: 'kv-app',
      principal: ALEX,
      operation: 'secrets/list',
      clientIp: '203.0.113.10',
    });
    expect(r).toMatchObject({
      probe: 'permission-check',
      vault: 'kv-app',
      model: 'access-policy',
      verdict: 'allowed',
      network: 'open',
      sandbox: true,
    });
    expect(r.evidence.find((e) => e.kind === 'access-policy')).toMatchObject({
      objectId: G_PLATFORM,
      groupPath: [G_DEVS, G_PLATFORM],
    });
  });

  it('checks an RBAC vault in the second subscription: allowed by role, blocked by the network', async () => {
    const r = await new ProbeService(directory).run('permission-check', {
      vault: 'kv-data',
      principal: ALEX,
      operation: 'secrets/get',
    });
    expect(r).toMatchObject({ model: 'rbac', verdict: 'denied', network: 'blocked', fixes: [] });
    expect(r.evidence.find((e) => e.kind === 'role-assignment' && e.grants === true)).toMatchObject({
      roleName: 'Key Vault Secrets User',
      scopeLevel: 'inherited',
    });
    expect(r.reason).toMatch(/has the permission, but public network access is disabled/);
  });

  it('applies a custom role with notDataActions and notes an object-scope assignment', async () => {
    const svc = new ProbeService(directory);
    const list = await svc.run('permission-check', { vault: 'kv-data', principal: MEGAN, operation: 'secrets/list' });
    expect(list.evidence.find((e) => e.roleName === 'Secret Lister')).toMatchObject({ grants: true });
    const get = await svc.run('permission-check', { vault: 'kv-data', principal: MEGAN, operation: 'secrets/get' });
    expect(get.evidence.find((e) => e.roleName === 'Secret Lister')!.text).toMatch(/notDataActions exclude it/);
    expect(get.evidence.find((e) => e.scopeLevel === 'object')!.text).toMatch(/secret 'one' only/);
    expect(get.fixes).toEqual(['assign-rbac-role']);
  });

  it('finds the application-object policy and names the service principal', async () => {
    const r = await new ProbeService(directory).run('unknown-policies', { vault: 'kv-app' });
    expect(r.verdict).toBe('denied');
    expect(r.evidence.find((e) => e.kind === 'application-object-policy')!.text).toMatch(/payments-api/);
  });

  it('reads logging status and throttling from the monitoring APIs', async () => {
    const svc = new ProbeService(directory);
    expect(await svc.run('logging-status', { vault: 'kv-app' })).toMatchObject({ verdict: 'allowed', enabled: true });
    expect(await svc.run('logging-status', { vault: 'kv-data' })).toMatchObject({
      verdict: 'denied',
      fixes: ['enable-audit-logging'],
    });
    expect(await svc.run('throttling', { vault: 'kv-app' })).toMatchObject({
      verdict: 'denied',
      total: 1230,
      throttled: 30,
    });
  });

  it('turns a 403 on role assignments into "grant the bot Reader"', async () => {
    emu.faults.add({ path: '**/roleAssignments', status: 403 });
    const r = await new ProbeService(directory).run('permission-check', { vault: 'kv-data', principal: ALEX });
    expect(r).toMatchObject({ verdict: 'undetermined', model: 'rbac' });
    expect(r.reason).toMatch(/Reader/);
  });

  it('turns a persistent Graph 429 without Retry-After into "throttled, try again"', async () => {
    emu.faults.add({ path: '/v1.0/**', status: 429 });
    const r = await new ProbeService(directory).run('permission-check', { vault: 'kv-app', principal: ALEX });
    expect(r.verdict).toBe('undetermined');
    expect(r.reason).toMatch(/throttling the bot's requests.*try again/);
  });

  it('lists the subscriptions the emulator serves', () => {
    expect(emu.state.fixture.subscriptions.map((s) => s.subscriptionId)).toEqual([SUB_A, SUB_B]);
  });
});
