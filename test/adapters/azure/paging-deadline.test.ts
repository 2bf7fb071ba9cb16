/**
 * The call deadline (`KVBOT_AZURE_TIMEOUT_MS` → `callTimeoutInMs`) and the caller's abort signal
 * bound every page of a list, not only the first: arm-keyvault 5 follows `nextLink` without the
 * abort signal it was given, so a stalled second page used to hang a probe far past the deadline.
 * The emulator continues vault lists on `/subscriptions/{s}/resources?…&$skiptoken=…` as real ARM
 * does, and its `page: 2` fault stalls that page alone.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureDirectory, staticCredential } from '../../../src/adapters/azure/index.js';
import { AzureAccessError } from '../../../src/core/probes/azure-error.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { SUB_A, SUB_B, emulatorTenant } from './emulator-tenant.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ fixture: emulatorTenant(), port: 0 });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.faults.clear();
  emu.requestLog.length = 0;
});

function directory(callTimeoutInMs: number) {
  return createAzureDirectory({
    credential: staticCredential(),
    subscriptionIds: [SUB_A],
    armEndpoint: emu.url,
    graphEndpoint: emu.url,
    tlsOptions: { ca: emu.caPem },
    retryOptions: { maxRetries: 0 },
    callTimeoutInMs,
    sandbox: true,
  });
}

async function failure(p: Promise<unknown>): Promise<AzureAccessError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AzureAccessError);
    return e as AzureAccessError;
  }
  throw new Error('expected the call to fail');
}

/** Stalls page 2 of every vault list (far longer than any test's own timeout). */
const STALL_PAGE_2 = { method: 'GET', path: '/subscriptions/*/resources', page: 2, latencyInMs: 120_000 };

describe('the call deadline covers every page of a list', () => {
  it('a stalled second page of the vault list ends in the deadline as timeout', async () => {
    emu.faults.add(STALL_PAGE_2);
    const e = await failure(directory(800).findVault('kv-nowhere'));
    expect(e.kind).toBe('timeout');
    expect(e.details.operation).toBe('vaults.listBySubscription');
    // Page 1 was answered; the request that stalled was the nextLink on /resources.
    expect(emu.requestLog.filter((r) => r.status === 200).map((r) => r.path)).toEqual([
      `/subscriptions/${SUB_A}/providers/Microsoft.KeyVault/vaults`,
    ]);
  });

  it("the caller's abort signal also ends a stalled second page", async () => {
    emu.faults.add(STALL_PAGE_2);
    const caller = new AbortController();
    const pending = failure(directory(60_000).findVault('kv-nowhere', { abortSignal: caller.signal }));
    setTimeout(() => caller.abort(), 300);
    expect((await pending).kind).toBe('timeout');
  });

  it('a page-2 fault leaves the first page alone: a vault on page 1 is still found', async () => {
    emu.faults.add(STALL_PAGE_2);
    const v = await directory(5000).getVault(
      `/subscriptions/${SUB_A}/resourceGroups/rg-filler/providers/Microsoft.KeyVault/vaults/kv-filler1`,
    );
    expect(v.name).toBe('kv-filler1');
  });

  it('a vault listed on page 1 is found without waiting for a stalled page 2', async () => {
    emu.faults.add(STALL_PAGE_2);
    expect((await directory(800).findVault('kv-filler2'))?.name).toBe('kv-filler2');
    expect(emu.requestLog.map((r) => r.path)).toEqual([`/subscriptions/${SUB_A}/providers/Microsoft.KeyVault/vaults`]);
  });

  it('a 500 on page 2 only surfaces as unavailable, after page 1 succeeded', async () => {
    emu.faults.add({ method: 'GET', path: '/subscriptions/*/resources', page: 2, status: 500 });
    const e = await failure(directory(5000).findVault('kv-nowhere'));
    expect(e).toMatchObject({ kind: 'unavailable', details: { statusCode: 500 } });
    expect(emu.requestLog.map((r) => r.status)).toEqual([200, 500]);
  });

  it('a second subscription that answers still lists when the first one stalls on page 2', async () => {
    emu.faults.add({ ...STALL_PAGE_2, path: `/subscriptions/${SUB_A}/resources` });
    const dir = createAzureDirectory({
      credential: staticCredential(),
      subscriptionIds: [SUB_A, SUB_B],
      armEndpoint: emu.url,
      graphEndpoint: emu.url,
      tlsOptions: { ca: emu.caPem },
      retryOptions: { maxRetries: 0 },
      callTimeoutInMs: 800,
      sandbox: true,
    });
    expect((await dir.findVault('kv-data'))?.subscriptionId).toBe(SUB_B);
  });
});
