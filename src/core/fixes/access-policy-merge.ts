/**
 * Access-policy arithmetic the planners need: which requested permissions an entry lacks, and
 * what ARM's incremental `accessPolicies/add` and `accessPolicies/remove` leave behind (used to
 * predict the after-state a plan's undo is based on). Permission names compare
 * case-insensitively, and `all` grants the whole category, as Key Vault evaluates them.
 */
import type { AccessPolicy, PermissionCategory, PolicyPermissions } from '../probes/azure-model.js';

/** Categories in the order the diff table shows them. */
export const CATEGORY_ORDER: readonly PermissionCategory[] = Object.freeze([
  'secrets',
  'keys',
  'certificates',
  'storage',
]);

/** True when the entry identifies the same principal (and the same compound application, if any). */
export function samePolicyIdentity(
  a: { objectId: string; applicationId?: string },
  b: { objectId: string; applicationId?: string },
): boolean {
  return (
    a.objectId.toLowerCase() === b.objectId.toLowerCase() &&
    (a.applicationId ?? '').toLowerCase() === (b.applicationId ?? '').toLowerCase()
  );
}

/** The entry for a principal (plain, unless an application id is given). */
export function findPolicy(
  policies: readonly AccessPolicy[],
  objectId: string,
  applicationId?: string,
): AccessPolicy | undefined {
  return policies.find((p) =>
    samePolicyIdentity(p, applicationId === undefined ? { objectId } : { objectId, applicationId }),
  );
}

/** True when `granted` covers `permission` (case-insensitive; `all` covers everything). */
export function grants(granted: readonly string[] | undefined, permission: string): boolean {
  const wanted = permission.toLowerCase();
  return (granted ?? []).some((p) => p.toLowerCase() === 'all' || p.toLowerCase() === wanted);
}

/** The permissions of `wanted` that `granted` does not already cover; categories with none left are omitted. */
export function missingPermissions(
  granted: PolicyPermissions | undefined,
  wanted: PolicyPermissions,
): PolicyPermissions {
  const missing: PolicyPermissions = {};
  for (const category of CATEGORY_ORDER) {
    const need = dedupe(wanted[category] ?? []).filter((p) => !grants(granted?.[category], p));
    if (need.length > 0) missing[category] = need;
  }
  return missing;
}

/** True when a permissions object lists no permission at all. */
export function isEmptyPermissions(p: PolicyPermissions): boolean {
  return CATEGORY_ORDER.every((c) => (p[c] ?? []).length === 0);
}

/** ARM `accessPolicies/add`: merge into the principal's entry (appending new names), or append a new entry. */
export function addToPolicies(policies: readonly AccessPolicy[], entry: AccessPolicy): AccessPolicy[] {
  const index = policies.findIndex((p) => samePolicyIdentity(p, entry));
  if (index < 0) return [...policies.map(clonePolicy), clonePolicy(entry)];
  return policies.map((p, i) => {
    if (i !== index) return clonePolicy(p);
    const permissions: PolicyPermissions = { ...clonePermissions(p.permissions) };
    for (const category of CATEGORY_ORDER) {
      const add = entry.permissions[category];
      if (!add || add.length === 0) continue;
      const current = permissions[category] ?? [];
      permissions[category] = [
        ...current,
        ...dedupe(add).filter((n) => !current.some((c) => c.toLowerCase() === n.toLowerCase())),
      ];
    }
    return { ...clonePolicy(p), permissions };
  });
}

/**
 * ARM `accessPolicies/remove`: drop the listed permissions from the principal's entry; a
 * category left empty disappears, and an entry left with no permission is removed. (The public
 * sources do not spell out the server's exact behaviour here; this is the assumption the
 * planners and the test fake share, and verify() re-reads Azure rather than trusting it.)
 */
export function removeFromPolicies(policies: readonly AccessPolicy[], entry: AccessPolicy): AccessPolicy[] {
  const out: AccessPolicy[] = [];
  for (const p of policies) {
    if (!samePolicyIdentity(p, entry)) {
      out.push(clonePolicy(p));
      continue;
    }
    const permissions: PolicyPermissions = {};
    for (const category of CATEGORY_ORDER) {
      const current = p.permissions[category];
      if (current === undefined) continue;
      const drop = (entry.permissions[category] ?? []).map((n) => n.toLowerCase());
      const kept = current.filter((n) => !drop.includes(n.toLowerCase()));
      if (kept.length > 0 || drop.length === 0) permissions[category] = kept;
    }
    if (!isEmptyPermissions(permissions)) out.push({ ...clonePolicy(p), permissions });
  }
  return out;
}

/** A deep copy of an entry, without undefined fields (so results stay JSON-equal). */
export function clonePolicy(p: AccessPolicy): AccessPolicy {
  const copy: AccessPolicy = {
    tenantId: p.tenantId,
    objectId: p.objectId,
    permissions: clonePermissions(p.permissions),
  };
  if (p.applicationId !== undefined) copy.applicationId = p.applicationId;
  return copy;
}

function clonePermissions(p: PolicyPermissions): PolicyPermissions {
  const copy: PolicyPermissions = {};
  for (const category of CATEGORY_ORDER) {
    const list = p[category];
    if (list !== undefined) copy[category] = [...list];
  }
  return copy;
}

function dedupe(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = n.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
