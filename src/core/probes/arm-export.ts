/**
 * The `arm-export` probe's evaluation: the vault's current access policies as an ARM template
 * resource and a Bicep block, so that a redeploy keeps them (a vault redeploy replaces all
 * access policies with the template's), plus the incremental alternative: the
 * `Microsoft.KeyVault/vaults/accessPolicies` child resource named `add` (azure-facts.md §7.2).
 */
import type { AccessPolicy, Vault } from './azure-model.js';
import type { EvidenceItem, FixName, Verdict } from './probe-result.js';

/** API version written into exported templates. */
export const EXPORT_API_VERSION = '2025-05-01';

/** The probe's answer. */
export interface ArmExportOutcome {
  verdict: Verdict;
  reason: string;
  evidence: EvidenceItem[];
  fixes: FixName[];
  /** ARM template resource of the vault, with its access policies. */
  arm: Record<string, unknown>;
  /** The same as a Bicep resource declaration. */
  bicep: string;
  /** The incremental child resource (`accessPolicies/add`), which merges instead of replacing. */
  incremental: { arm: Record<string, unknown>; bicep: string };
}

function policyJson(p: AccessPolicy): Record<string, unknown> {
  const permissions = Object.fromEntries(Object.entries(p.permissions).filter(([, v]) => v && v.length > 0));
  return {
    tenantId: p.tenantId,
    objectId: p.objectId,
    ...(p.applicationId ? { applicationId: p.applicationId } : {}),
    permissions,
  };
}

function bicepString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Renders a JSON value as Bicep syntax at the given indentation. */
function toBicep(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${indent}  ${toBicep(v, `${indent}  `)}`).join('\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${indent}  ${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : bicepString(k)}: ${toBicep(v, `${indent}  `)}`).join('\n')}\n${indent}}`;
  }
  if (typeof value === 'string') return bicepString(value);
  return String(value);
}

function symbolic(name: string): string {
  const s = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
  return /^[A-Za-z]/.test(s) ? s : `kv${s}`;
}

/** Builds the export blocks for the vault (pure). */
export function evaluateArmExport(vault: Vault): ArmExportOutcome {
  const accessPolicies = vault.accessPolicies.map(policyJson);
  const properties: Record<string, unknown> = {
    tenantId: vault.tenantId,
    sku: { family: 'A', name: vault.skuName ?? 'standard' },
    enableRbacAuthorization: vault.enableRbacAuthorization,
    accessPolicies,
  };
  const arm = {
    type: 'Microsoft.KeyVault/vaults',
    apiVersion: EXPORT_API_VERSION,
    name: vault.name,
    location: vault.location,
    properties,
  };
  const sym = symbolic(vault.name);
  const bicep = `resource ${sym} 'Microsoft.KeyVault/vaults@${EXPORT_API_VERSION}' = {\n  name: ${bicepString(vault.name)}\n  location: ${bicepString(vault.location)}\n  properties: ${toBicep(properties, '  ')}\n}\n`;
  const incArm = {
    type: 'Microsoft.KeyVault/vaults/accessPolicies',
    apiVersion: EXPORT_API_VERSION,
    name: `${vault.name}/add`,
    properties: { accessPolicies },
  };
  const incBicep = `resource ${sym}Existing 'Microsoft.KeyVault/vaults@${EXPORT_API_VERSION}' existing = {\n  name: ${bicepString(vault.name)}\n}\n\nresource ${sym}AddPolicies 'Microsoft.KeyVault/vaults/accessPolicies@${EXPORT_API_VERSION}' = {\n  parent: ${sym}Existing\n  name: 'add'\n  properties: ${toBicep({ accessPolicies }, '  ')}\n}\n`;
  const evidence: EvidenceItem[] = [
    {
      kind: 'export',
      count: accessPolicies.length,
      text: `Exported ${accessPolicies.length} access-policy entr${accessPolicies.length === 1 ? 'y' : 'ies'} of ${vault.name}. Redeploying the vault replaces all access policies with the template's, so keep these in it.`,
    },
    {
      kind: 'note',
      text: 'Alternative: deploy the child resource Microsoft.KeyVault/vaults/accessPolicies named "add", which merges entries into the existing policies instead of replacing them.',
    },
  ];
  if (vault.enableRbacAuthorization)
    evidence.push({
      kind: 'note',
      text: `${vault.name} uses Azure RBAC: access policies are ignored and role assignments survive a redeploy, so nothing needs preserving.`,
    });
  return {
    verdict: 'allowed',
    reason: `Exported the ${accessPolicies.length} access policies of ${vault.name} as ARM and Bicep.`,
    evidence,
    fixes: [],
    arm,
    bicep,
    incremental: { arm: incArm, bicep: incBicep },
  };
}
