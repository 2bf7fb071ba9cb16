/**
 * Shared setup for the emulator tests: the real Azure SDK clients pointed at a running emulator
 * over HTTPS, trusting its CA per client (never NODE_TLS_REJECT_UNAUTHORIZED).
 */
import { getClient } from '@azure-rest/core-client';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { MonitorClient } from '@azure/arm-monitor';
import type { TokenCredential } from '@azure/core-auth';
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { DEMO_FIXTURE } from '../helpers/demo-tenant.js';

export {
  ADELE,
  ALEX,
  DEMO_FIXTURE,
  DEMO_TENANT_ID as TENANT,
  ISAIAH,
  LYNNE,
  MEGAN,
  PATTI,
} from '../helpers/demo-tenant.js';
export const SUB1 = '11111111-1111-4111-8111-111111111111';
export const SUB2 = '22222222-2222-4222-8222-222222222222';
export const PAYMENTS_READERS = 'a1000000-0000-4000-8000-000000000001';
export const PAYMENTS_DEVELOPERS = 'a1000000-0000-4000-8000-000000000002';
export const ORDERS_TEAM = 'a1000000-0000-4000-8000-000000000003';
export const APPROVERS = 'a1000000-0000-4000-8000-000000000004';
export const LEGACY_APP_OBJECT = 'c1000000-0000-4000-8000-000000000001';
export const LEGACY_APP_ID = 'c2000000-0000-4000-8000-000000000001';
export const LEGACY_SP = 'c3000000-0000-4000-8000-000000000001';
export const PAYMENTS_FUNC_SP = 'd1000000-0000-4000-8000-000000000001';
export const DELETED_USER = 'e1000000-0000-4000-8000-00000000dead';
export const KV_PAYMENTS = `/subscriptions/${SUB1}/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments`;
export const KV_ORDERS = `/subscriptions/${SUB1}/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders`;
export const KV_PRIVATE = `/subscriptions/${SUB1}/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-private`;
export const KV_RESTRICTED = `/subscriptions/${SUB1}/resourceGroups/rg-restricted/providers/Microsoft.KeyVault/vaults/kv-restricted`;

/** A credential that always hands out the same token. */
export const staticCredential: TokenCredential = {
  getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600e3 }),
};

/** Fast retries so fault tests do not sleep for seconds. */
export const FAST_RETRY = { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 };

/** The four clients the adapter uses, wired to the emulator. */
export function clientsFor(emu: RunningEmulator, subscriptionId = SUB1) {
  const common = { endpoint: emu.url, tlsOptions: { ca: emu.caPem }, retryOptions: FAST_RETRY };
  return {
    kv: new KeyVaultManagementClient(staticCredential, subscriptionId, {
      ...common,
      credentials: { scopes: ['https://management.azure.com/.default'] },
    }),
    authz: new AuthorizationManagementClient(staticCredential, subscriptionId, {
      ...common,
      credentialScopes: ['https://management.azure.com/.default'],
    }),
    monitor: new MonitorClient(staticCredential, subscriptionId, {
      ...common,
      credentialScopes: ['https://management.azure.com/.default'],
    }),
    graph: getClient(emu.url, staticCredential, {
      credentials: { scopes: ['https://graph.microsoft.com/.default'] },
      tlsOptions: { ca: emu.caPem },
      retryOptions: FAST_RETRY,
    }),
  };
}

/** The emulator and its SDK clients, for the tests of one file. */
export interface DemoEmulator {
  readonly emu: RunningEmulator;
  /** The clients on the emulator, for subscription SUB1. */
  readonly c: ReturnType<typeof clientsFor>;
}

/**
 * Starts the demo-tenant emulator before the file's tests and closes it after them; before each
 * test its faults and request log are cleared, so no test sees another's. Read `emu` and `c`
 * inside tests (they exist only once `beforeAll` has run).
 */
export function useDemoEmulator(): DemoEmulator {
  let running: { emu: RunningEmulator; c: ReturnType<typeof clientsFor> } | undefined;
  const started = () => {
    if (!running) throw new Error('the emulator starts in beforeAll: use it inside a test or hook');
    return running;
  };
  beforeAll(async () => {
    const emu = await startEmulator({ fixture: DEMO_FIXTURE });
    running = { emu, c: clientsFor(emu) };
  });
  afterAll(async () => {
    await running?.emu.close();
  });
  beforeEach(() => {
    started().emu.faults.clear();
    started().emu.requestLog.length = 0;
  });
  return {
    get emu() {
      return started().emu;
    },
    get c() {
      return started().c;
    },
  };
}

/** A raw HTTPS call (for control routes and wire-level checks). */
export function rawRequest(
  emu: Pick<RunningEmulator, 'url' | 'caPem'>,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const text = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(
      `${emu.url}${path}`,
      {
        method,
        ca: emu.caPem,
        headers: { ...(text ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const s = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: s ? JSON.parse(s) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await fn();
  } catch (e) {
    return e as Record<string, unknown>;
  }
  throw new Error('expected the call to throw');
}
