/**
 * Opens the AzureDirectory for the configured mode: `real` (Azure with DefaultAzureCredential),
 * `emulator` (a separately started `kvbot emulator`, by URL and CA file) or `sandbox` (an
 * emulator embedded in this process, loaded with the demo tenant). Used by the composition root
 * and by `kvbot probe`, so both talk to Azure the same way.
 */
import type { AzureConfig } from '../../config.js';
import type { AzureDirectory } from '../../core/probes/azure-directory.js';
import { createAzureDirectoryFromConfig } from './from-config.js';

/** A directory and what must be closed with it (the embedded emulator in sandbox mode). */
export interface OpenedDirectory {
  directory: AzureDirectory;
  /** The embedded emulator's URL in sandbox mode, for logs. */
  sandboxUrl?: string;
  close(): Promise<void>;
}

/** Builds the directory for `azure.mode`; in sandbox mode starts the embedded emulator first. */
export async function openAzureDirectory(azure: Readonly<AzureConfig>): Promise<OpenedDirectory> {
  if (azure.mode !== 'sandbox')
    return { directory: await createAzureDirectoryFromConfig(azure), close: async () => {} };
  // Loaded lazily: real deployments never load the emulator's code.
  const { startEmulator } = await import('../../emulator/index.js');
  const emu = await startEmulator({ fixture: azure.sandboxFixture, port: 0 });
  try {
    const directory = await createAzureDirectoryFromConfig(azure, {
      emulatorUrl: emu.url,
      emulatorCaPem: emu.caPem,
      subscriptionIds: emu.state.fixture.subscriptions.map((s) => s.subscriptionId),
    });
    return { directory, sandboxUrl: emu.url, close: () => emu.close() };
  } catch (e) {
    await emu.close();
    throw e;
  }
}
