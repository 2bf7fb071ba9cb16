/**
 * Fingerprints of the part of a vault's state a plan depends on. The approval flow stores the
 * plan; when it is applied (maybe hours later) the service re-reads Azure, recomputes the same
 * fingerprint and only applies unchanged plans. Each fingerprint covers a slice, not the whole
 * vault, so an unrelated change (someone else's policy) does not invalidate an approval.
 */
import type { AccessPolicy, DiagnosticSetting, RoleAssignment, Vault } from '../probes/azure-model.js';
import { relateScope } from '../probes/scope.js';
import { CATEGORY_ORDER, samePolicyIdentity } from './access-policy-merge.js';

/** Fingerprint of the vault's permission model and the access-policy entries of one principal. */
export function accessPolicyFingerprint(
  vault: Pick<Vault, 'enableRbacAuthorization'>,
  policies: readonly AccessPolicy[],
  objectId: string,
): string {
  const entries = policies
    .filter((p) => samePolicyIdentity({ objectId: p.objectId }, { objectId }))
    .map((p) => ({
      app: (p.applicationId ?? '').toLowerCase(),
      perms: CATEGORY_ORDER.map(
        (c) => [c, [...(p.permissions[c] ?? [])].map((n) => n.toLowerCase()).sort()] as const,
      ).filter(([, list]) => list.length > 0),
    }))
    .sort((a, b) => a.app.localeCompare(b.app));
  return `ap:${hash({ rbac: vault.enableRbacAuthorization, entries })}`;
}

/** Fingerprint of the permission model and a principal's role assignments on the vault or above it. */
export function roleAssignmentFingerprint(
  vault: Pick<Vault, 'id' | 'enableRbacAuthorization'>,
  assignments: readonly RoleAssignment[],
  principalId: string,
): string {
  const rows = assignments
    .filter((a) => a.principalId.toLowerCase() === principalId.toLowerCase())
    .filter((a) => ['vault', 'inherited'].includes(relateScope(a.scope, vault.id)))
    .map((a) => `${trimScope(a.scope)}|${roleGuid(a.roleDefinitionId)}|${a.name.toLowerCase()}|${a.condition ?? ''}`)
    .sort();
  return `ra:${hash({ rbac: vault.enableRbacAuthorization, rows })}`;
}

/** Fingerprint of the vault's diagnostic settings (names, switched-on categories, destinations). */
export function diagnosticFingerprint(settings: readonly DiagnosticSetting[]): string {
  const rows = settings.map(normaliseSetting).sort((a, b) => a.name.localeCompare(b.name));
  return `ds:${hash(rows)}`;
}

/** The comparable content of a diagnostic setting (Azure adds ids and ordering of its own). */
export function normaliseSetting(s: DiagnosticSetting): {
  name: string;
  logs: string[];
  metrics: string[];
  destinations: string[];
} {
  const on = (list: DiagnosticSetting['logs']) =>
    list
      .filter((c) => c.enabled)
      .map((c) => (c.category ?? `group:${c.categoryGroup ?? ''}`).toLowerCase())
      .sort();
  return {
    name: s.name.toLowerCase(),
    logs: on(s.logs),
    metrics: on(s.metrics),
    destinations: [s.workspaceId, s.storageAccountId, s.eventHubAuthorizationRuleId]
      .filter((d): d is string => !!d)
      .map((d) => d.toLowerCase())
      .sort(),
  };
}

/** The GUID of a role definition id, whichever form ARM returned (`/providers/…/roleDefinitions/{guid}` or subscription-prefixed). */
export function roleGuid(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').filter(Boolean).pop() ?? '').toLowerCase();
}

function trimScope(scope: string): string {
  return scope.trim().replace(/\/+$/, '').toLowerCase();
}

/** Stable JSON (sorted keys) hashed with two FNV-1a 32-bit passes: short, deterministic, pure. */
function hash(value: unknown): string {
  const text = stableJson(value);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
