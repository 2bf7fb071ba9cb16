/**
 * The sandbox as the bot runs it: the emulator in this process with the demo tenant, the real
 * Azure adapter pointed at it, and the probe routes over the real ProbeService. Tests read the
 * emulator's `requestLog` to prove what the bot did (and did not) send to "Azure".
 */
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  createAzureDirectoryFromConfig,
  type AzureDirectoryFromConfigOptions,
} from '../../src/adapters/azure/index.js';
import type { AzureDirectory } from '../../src/core/probes/azure-directory.js';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import { startEmulator, type RequestLogEntry, type RunningEmulator } from '../../src/emulator/index.js';
import { probeRoutes } from '../../src/app/wire-probes.js';
import type { ProbeRoutes } from '../../dialogs/probe/create-probe-routes.js';
import type { ProbeConsent } from '../../src/core/probes/probe-consent.js';
import { vaultApproverCheck } from '../../dialogs/probe/vault-approvers.js';
import { DEMO_FIXTURE } from './demo-tenant.js';
import { MemoryRecordStore } from './memory-record-store.js';

/** A running emulator and the real Azure adapter on it. */
export interface SandboxAzure {
  readonly emu: RunningEmulator;
  /** The AzureDirectory of sandbox mode (`directory.sandbox` is true), over every fixture subscription. */
  readonly directory: AzureDirectory;
  close(): Promise<void>;
}

/** Starts the demo-tenant emulator on an ephemeral port and builds the sandbox AzureDirectory on it. */
export async function startSandboxAzure(
  options: { retryOptions?: AzureDirectoryFromConfigOptions['retryOptions'] } = {},
): Promise<SandboxAzure> {
  const emu = await startEmulator({ fixture: DEMO_FIXTURE, port: 0 });
  try {
    const directory = await createAzureDirectoryFromConfig(loadConfig({}).azure, {
      emulatorUrl: emu.url,
      emulatorCaPem: emu.caPem,
      subscriptionIds: emu.state.fixture.subscriptions.map((s) => s.subscriptionId),
      ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
    });
    return { emu, directory, close: () => emu.close() };
  } catch (e) {
    await emu.close();
    throw e;
  }
}

/** Options of {@link sandboxProbeRoutes}. */
export interface SandboxProbeRoutesOptions {
  /** The bot's name on the consent card. */
  botName: string;
  /** Members of this group may check other people's access (config.approvals.approverGroupId). */
  approverGroupId?: string;
}

/** The probe routes the bot wires, over the real ProbeService on `directory` and consents in memory. */
export function sandboxProbeRoutes(directory: AzureDirectory, options: SandboxProbeRoutesOptions): ProbeRoutes {
  return probeRoutes({
    probes: new ProbeService(directory),
    consents: new MemoryRecordStore<ProbeConsent>(),
    isApprover: vaultApproverCheck(
      directory,
      options.approverGroupId ? { approverGroupId: options.approverGroupId } : {},
    ),
    identity: { sandbox: directory.sandbox, botName: options.botName },
  });
}

/** Graph POSTs that only read: getByIds and the membership checks. */
const GRAPH_READ_POST =
  /^\/v1\.0\/(directoryObjects\/getByIds|(users|groups|servicePrincipals|directoryObjects)\/[^/]+\/(getMemberObjects|getMemberGroups|checkMemberGroups|checkMemberObjects))$/;

/**
 * Asserts that the emulator saw requests and every one was a read: GET, or a Graph POST that only
 * reads; management plane and Graph only, never a vault's data plane (secrets, keys, certificates).
 */
export function expectOnlyReads(requestLog: readonly RequestLogEntry[]): void {
  expect(requestLog.length).toBeGreaterThan(0);
  for (const r of requestLog) {
    expect(r.method === 'GET' || (r.method === 'POST' && GRAPH_READ_POST.test(r.path)), `${r.method} ${r.path}`).toBe(
      true,
    );
    expect(r.path, `${r.method} ${r.path}`).toMatch(/^\/(subscriptions|providers|v1\.0)\//);
    expect(r.path).not.toMatch(/\/vaults\/[^/]+\/(secrets|keys|certificates)\b/i);
  }
}

/**
 * Probe routes that refuse to run any probe (nothing may be read before consent): for tests of the
 * conversation up to the consent card (the vault prompt, the consent offer).
 */
export function consentOnlyProbeRoutes(): ProbeRoutes {
  return probeRoutes({
    probes: { run: () => Promise.reject(new Error('nothing may be read before consent')) },
    consents: new MemoryRecordStore<ProbeConsent>(),
    identity: { sandbox: true, botName: 'KV Bot' },
    isApprover: () => false,
  });
}
