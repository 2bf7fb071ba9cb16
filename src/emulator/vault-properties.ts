/**
 * The vault `properties` the emulator models (ARM `VaultProperties`), shared by the fixture
 * validator and the PATCH route so the two cannot drift apart.
 */

/** Properties a `PATCH …/vaults/{name}` may change (ARM `VaultPatchProperties`, the ones the emulator models). */
export const PATCHABLE_VAULT_PROPERTIES: readonly string[] = Object.freeze([
  'accessPolicies',
  'enableRbacAuthorization',
  'publicNetworkAccess',
  'networkAcls',
  'enabledForDeployment',
  'enabledForDiskEncryption',
  'enabledForTemplateDeployment',
  'enableSoftDelete',
  'softDeleteRetentionInDays',
  'enablePurgeProtection',
  'sku',
  'tenantId',
]);

/** Every vault property a fixture may carry: the patchable ones and those only ARM sets. */
export const VAULT_PROPERTY_FIELDS: readonly string[] = Object.freeze([
  ...PATCHABLE_VAULT_PROPERTIES,
  'vaultUri',
  'createMode',
  'provisioningState',
  'privateEndpointConnections',
  'hsmPoolResourceId',
]);
