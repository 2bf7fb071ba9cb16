/**
 * Semantics of `PUT .../vaults/{name}/accessPolicies/{add|replace|remove}` (ARM
 * `Vaults_UpdateAccessPolicy`). Entries are keyed by objectId + applicationId (case-insensitive):
 * - `add` merges the listed permissions into the matching entry, or appends a new entry;
 * - `replace` sets the matching entry's permissions to exactly the listed ones (appends if none);
 * - `remove` takes the listed permissions away and drops entries left with no permission at all.
 */
import type { ArmAccessPolicyEntry, ArmPermissions } from './fixture-types.js';

/** The update kinds ARM accepts. */
export type AccessPolicyUpdateKind = 'add' | 'replace' | 'remove';

const CATEGORIES = ['keys', 'secrets', 'certificates', 'storage'] as const;

function sameEntry(a: ArmAccessPolicyEntry, b: ArmAccessPolicyEntry): boolean {
  return (
    a.objectId.toLowerCase() === b.objectId.toLowerCase() &&
    (a.applicationId ?? '').toLowerCase() === (b.applicationId ?? '').toLowerCase()
  );
}

function union(a: string[] = [], b: string[] = []): string[] {
  const seen = new Set(a.map((p) => p.toLowerCase()));
  return [...a, ...b.filter((p) => !seen.has(p.toLowerCase()) && seen.add(p.toLowerCase()))];
}

function minus(a: string[] = [], b: string[] = []): string[] {
  const drop = new Set(b.map((p) => p.toLowerCase()));
  // Removing `all` leaves nothing in that category, as the portal shows.
  if (drop.has('all')) return [];
  return a.filter((p) => !drop.has(p.toLowerCase()));
}

function clean(p: ArmPermissions): ArmPermissions {
  const out: ArmPermissions = {};
  for (const c of CATEGORIES) if (p[c] && p[c]!.length > 0) out[c] = [...p[c]!];
  return out;
}

const isEmpty = (p: ArmPermissions): boolean => CATEGORIES.every((c) => !p[c] || p[c]!.length === 0);

/** Returns the vault's new access-policy list after applying `changes` with `kind`. */
export function applyAccessPolicyUpdate(
  current: ArmAccessPolicyEntry[],
  kind: AccessPolicyUpdateKind,
  changes: ArmAccessPolicyEntry[],
): ArmAccessPolicyEntry[] {
  const result = current.map((e) => ({ ...e, permissions: clean(e.permissions) }));
  for (const change of changes) {
    const idx = result.findIndex((e) => sameEntry(e, change));
    const existing = idx >= 0 ? result[idx] : undefined;
    if (kind === 'remove') {
      if (!existing) continue;
      const perms: ArmPermissions = {};
      for (const c of CATEGORIES) perms[c] = minus(existing.permissions[c], change.permissions[c]);
      const left = clean(perms);
      if (isEmpty(left)) result.splice(idx, 1);
      else existing.permissions = left;
      continue;
    }
    if (!existing) {
      const entry: ArmAccessPolicyEntry = {
        tenantId: change.tenantId,
        objectId: change.objectId,
        permissions: clean(change.permissions),
      };
      if (change.applicationId) entry.applicationId = change.applicationId;
      result.push(entry);
      continue;
    }
    if (kind === 'replace') {
      existing.permissions = clean(change.permissions);
    } else {
      const perms: ArmPermissions = {};
      for (const c of CATEGORIES) perms[c] = union(existing.permissions[c], change.permissions[c]);
      existing.permissions = clean(perms);
    }
  }
  return result;
}
