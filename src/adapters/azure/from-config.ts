/**
 * Builds the AzureDirectory for the composition root from `config.azure`: `real` uses
 * DefaultAzureCredential against Azure; `sandbox` and `emulator` use a static token and trust
 * only the emulator's CA, for these clients only.
 */
import { readFile } from 'node:fs/promises';
import { DefaultAzureCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureConfig } from '../../config.js';
import type { AzureDirectory } from '../../core/probes/azure-directory.js';
import type { AzureDirectoryOptions } from './create-azure-directory.js';
import { createAzureDirectory } from './create-azure-directory.js';
import { discoverEmulatorSubscriptions } from './emulator-subscriptions.js';
import { staticCredential } from './static-credential.js';

/** The configuration cannot produce a working AzureDirectory. */
export class AzureSetupError extends Error {
  override readonly name = 'AzureSetupError';
  constructor(
    readonly mode: AzureConfig['mode'],
    message: string,
  ) {
    super(message);
  }
}

/** Extras the composition root knows and the config does not. */
export interface AzureDirectoryFromConfigOptions {
  /** The embedded emulator's CA (sandbox mode); otherwise read from `config.caFile`. */
  emulatorCaPem?: string;
  /** The embedded emulator's URL (sandbox mode); otherwise `config.armEndpoint` / `graphEndpoint`. */
  emulatorUrl?: string;
  /** Subscriptions to search (sandbox: the fixture's); otherwise `config.subscriptionIds`. */
  subscriptionIds?: string[];
  /** Overrides the credential (tests). */
  credential?: TokenCredential;
  retryOptions?: AzureDirectoryOptions['retryOptions'];
}

/** Creates the AzureDirectory for the configured mode. */
export async function createAzureDirectoryFromConfig(
  config: AzureConfig,
  extras: AzureDirectoryFromConfigOptions = {},
): Promise<AzureDirectory> {
  if (config.mode === 'real') {
    return createAzureDirectory({
      credential: extras.credential ?? new DefaultAzureCredential(config.tenantId ? { tenantId: config.tenantId } : {}),
      subscriptionIds: extras.subscriptionIds ?? config.subscriptionIds,
      armEndpoint: config.armEndpoint,
      graphEndpoint: config.graphEndpoint,
      callTimeoutInMs: config.callTimeoutInMs,
      ...(extras.retryOptions ? { retryOptions: extras.retryOptions } : {}),
      sandbox: false,
    });
  }
  const ca = extras.emulatorCaPem ?? (config.caFile ? await readFile(config.caFile, 'utf8') : undefined);
  if (!ca)
    throw new AzureSetupError(
      config.mode,
      `Azure mode "${config.mode}" needs the emulator's CA: pass emulatorCaPem or set KVBOT_EMULATOR_CA`,
    );
  const armEndpoint = extras.emulatorUrl ?? config.armEndpoint;
  const graphEndpoint = extras.emulatorUrl ?? config.graphEndpoint;
  const subscriptionIds =
    extras.subscriptionIds ??
    (config.subscriptionIds.length ? config.subscriptionIds : await discoverEmulatorSubscriptions(armEndpoint, ca));
  return createAzureDirectory({
    credential: extras.credential ?? staticCredential(),
    subscriptionIds,
    armEndpoint,
    graphEndpoint,
    tlsOptions: { ca },
    callTimeoutInMs: config.callTimeoutInMs,
    ...(extras.retryOptions ? { retryOptions: extras.retryOptions } : {}),
    sandbox: true,
  });
}
