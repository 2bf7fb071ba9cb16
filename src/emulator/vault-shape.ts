/**
 * A vault as ARM returns it, not as the fixture wrote it: a single IP rule comes back as a `/32`
 * range and subnet ids come back lower-cased (`keyvault-2026-02-01-createVaultWithNetworkAcls.json`:
 * `124.56.78.91` → `124.56.78.91/32`, `/resourceGroups/rg1/…/virtualNetworks/test-vnet` →
 * `/resourcegroups/rg1/…/virtualnetworks/test-vnet`). Optional properties the fixture omits stay
 * absent, as in real responses.
 */
import type { ArmVault } from './fixture-types.js';

const BARE_IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** ARM's stored form of one IP rule value. */
export function normaliseIpRule(value: string): string {
  return BARE_IPV4.test(value.trim()) ? `${value.trim()}/32` : value;
}

/** A copy of the vault in the shape ARM serves. */
export function presentVault(vault: ArmVault): ArmVault {
  const out = structuredClone(vault);
  const acls = out.properties?.networkAcls; // a test may blank properties to get an unreadable body
  if (acls) {
    if (acls.ipRules) acls.ipRules = acls.ipRules.map((r) => ({ ...r, value: normaliseIpRule(r.value) }));
    if (acls.virtualNetworkRules)
      acls.virtualNetworkRules = acls.virtualNetworkRules.map((r) => ({ ...r, id: r.id.toLowerCase() }));
  }
  return out;
}
