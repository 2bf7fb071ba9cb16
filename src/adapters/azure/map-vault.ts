/** Maps an arm-keyvault 5 `Vault` onto the domain `Vault`. */
import type { Vault as SdkVault } from '@azure/arm-keyvault';
import type { NetworkRules, Vault } from '../../core/probes/azure-model.js';
import { parseVaultId } from './arm-id.js';
import { mapAccessPolicy } from './map-access-policy.js';

/** The domain vault of an SDK vault (ids parsed from the ARM id). */
export function mapVault(v: SdkVault): Vault {
  const id = v.id ?? '';
  const parts = parseVaultId(id, 'vaults.get');
  const p = v.properties;
  const acls = p.networkAcls;
  const networkAcls: NetworkRules | undefined = acls
    ? {
        defaultAction: (acls.defaultAction ?? 'Allow').toLowerCase() === 'deny' ? 'Deny' : 'Allow',
        bypass: (acls.bypass ?? 'AzureServices').toLowerCase() === 'none' ? 'None' : 'AzureServices',
        // A rule without a value says nothing; keeping it would print "IP rules: ;".
        ipRules: (acls.ipRules ?? []).map((r) => r?.value?.trim()).filter((v): v is string => !!v),
        virtualNetworkRules: (acls.virtualNetworkRules ?? []).map((r) => r?.id).filter((v): v is string => !!v),
      }
    : undefined;
  const approved = (p.privateEndpointConnections ?? []).filter(
    (c) => (c.privateLinkServiceConnectionState?.status ?? '').toLowerCase() === 'approved',
  );
  return {
    id,
    name: v.name ?? parts.name,
    subscriptionId: parts.subscriptionId,
    resourceGroup: parts.resourceGroup,
    location: v.location ?? '',
    tenantId: p.tenantId,
    ...(p.vaultUri ? { vaultUri: p.vaultUri } : {}),
    enableRbacAuthorization: p.enableRbacAuthorization === true,
    publicNetworkAccess: (p.publicNetworkAccess ?? 'Enabled').toLowerCase() === 'disabled' ? 'Disabled' : 'Enabled',
    ...(networkAcls ? { networkAcls } : {}),
    accessPolicies: (p.accessPolicies ?? []).map(mapAccessPolicy),
    privateEndpointCount: approved.length,
    tags: v.tags ?? {},
    skuName: p.sku.name,
  };
}
