/**
 * ARM's `$filter` for role assignments (azure-facts §3.3): `atScope()`, `assignedTo('{id}')`
 * (transitive through nested groups), `principalId eq '{id}'` (direct only), joined with `and`.
 * Without `atScope()` an assignment applies at, above and below the scope; with it, at or above.
 */
import type { ArmRoleAssignment } from './fixture-types.js';
import { isAtOrAbove } from './scope.js';
import type { TenantState } from './tenant-state.js';

/** A parsed filter. */
export interface RoleAssignmentFilter {
  atScope: boolean;
  assignedTo?: string;
  principalId?: string;
}

/** The filter had a clause the emulator (and ARM) does not understand. */
export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
}

/** Parses `$filter` (already URL-decoded). */
export function parseRoleAssignmentFilter(filter: string | null): RoleAssignmentFilter {
  const result: RoleAssignmentFilter = { atScope: false };
  if (!filter || !filter.trim()) return result;
  for (const raw of filter.split(/\s+and\s+/i)) {
    const clause = raw.trim();
    let m: RegExpExecArray | null;
    if (/^atScope\(\)$/i.test(clause)) result.atScope = true;
    else if ((m = /^assignedTo\('([^']*)'\)$/i.exec(clause))) result.assignedTo = m[1]!;
    else if ((m = /^principalId\s+eq\s+'([^']*)'$/i.exec(clause))) result.principalId = m[1]!;
    else
      throw new FilterSyntaxError(
        `The filter '${filter}' is not supported. Supported filters are 'atScope()', 'assignedTo('{objectId}')', 'principalId eq '{objectId}'' and their combination with 'and'.`,
      );
  }
  return result;
}

/** The assignments that answer a list at `scope` with `filter`. */
export function selectRoleAssignments(
  state: TenantState,
  scope: string,
  filter: RoleAssignmentFilter,
): ArmRoleAssignment[] {
  const principals =
    filter.assignedTo !== undefined
      ? new Set([filter.assignedTo.toLowerCase(), ...state.transitiveGroupIds(filter.assignedTo)])
      : undefined;
  return state.allRoleAssignments().filter((ra) => {
    const at = ra.properties.scope;
    const inScope = isAtOrAbove(at, scope) || (!filter.atScope && isAtOrAbove(scope, at));
    if (!inScope) return false;
    const pid = ra.properties.principalId.toLowerCase();
    if (principals && !principals.has(pid)) return false;
    if (filter.principalId !== undefined && pid !== filter.principalId.toLowerCase()) return false;
    return true;
  });
}
