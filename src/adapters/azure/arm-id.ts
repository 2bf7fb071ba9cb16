/**
 * Parses ARM resource ids of vaults and scopes: `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}`.
 */
import { AzureAccessError } from '../../core/probes/azure-error.js';

/** The parts of a vault id. */
export interface VaultIdParts {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** Splits a vault id; throws a `bad-request` AzureAccessError when it is not one. */
export function parseVaultId(id: string, operation: string): VaultIdParts {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)\/?$/i.exec(
      id.trim(),
    );
  if (!m) throw new AzureAccessError('bad-request', `"${id}" is not a Key Vault resource id`, { operation });
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! };
}

/** The subscription id a scope or resource id starts with, if any. */
export function subscriptionOf(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
}
