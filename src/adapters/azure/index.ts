/** The Azure adapter: the AzureDirectory port over the Azure SDKs and Microsoft Graph. */
export {
  createAzureDirectory,
  roleAssignmentFilter,
  ARM_SCOPE,
  type AzureDirectoryOptions,
} from './create-azure-directory.js';
export {
  createAzureDirectoryFromConfig,
  AzureSetupError,
  type AzureDirectoryFromConfigOptions,
} from './from-config.js';
export { staticCredential } from './static-credential.js';
export { toAzureAccessError } from './map-azure-error.js';
export { EmulatorDiscoveryError } from './emulator-subscriptions.js';
