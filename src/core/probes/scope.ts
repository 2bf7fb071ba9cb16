/**
 * How an Azure RBAC scope relates to a vault: role assignments are inherited from the
 * subscription, resource group and management groups above the vault; assignments below it
 * (a single secret, key or certificate) cover only that object.
 */

/** `vault`: assigned on the vault itself; `inherited`: on a scope above it; `object`: below it; `unrelated`: elsewhere. */
export type ScopeRelation = 'vault' | 'inherited' | 'object' | 'unrelated';

function norm(scope: string): string {
  return scope.trim().replace(/\/+$/, '').toLowerCase();
}

/** Classifies `scope` relative to the vault's ARM id (case-insensitive, as ARM compares ids). */
export function relateScope(scope: string, vaultId: string): ScopeRelation {
  const s = norm(scope);
  const v = norm(vaultId);
  if (s === v) return 'vault';
  if (s === '' || v.startsWith(`${s}/`)) return 'inherited';
  if (s.startsWith(`${v}/`)) return 'object';
  // ARM lists management-group assignments when they apply; their path does not contain the vault's.
  if (s.startsWith('/providers/microsoft.management/managementgroups/')) return 'inherited';
  return 'unrelated';
}

/** A human name for the level of a scope: `subscription`, `resource group`, `management group`, `vault`, `secret 'x'`… */
export function describeScope(scope: string, vaultId: string): string {
  const relation = relateScope(scope, vaultId);
  if (relation === 'vault') return 'the vault';
  if (relation === 'object') {
    const rest = scope.slice(vaultId.length).split('/').filter(Boolean);
    const kind = (rest[0] ?? 'object').replace(/s$/, '');
    return `${kind} '${rest[1] ?? '?'}' only`;
  }
  const parts = scope.split('/').filter(Boolean);
  if (parts.length === 0) return 'the root scope';
  if (/managementgroups/i.test(scope)) return `management group '${parts[parts.length - 1]}'`;
  if (parts.length === 2) return `subscription ${parts[1]}`;
  if (parts.length === 4 && /^resourcegroups$/i.test(parts[2]!)) return `resource group '${parts[3]}'`;
  return scope;
}
