/**
 * Plan for the `grant-group-access` fix, the customer's headline request: "give this Entra group
 * access to the vault". The group is named by display name or object id; the service resolves it
 * through the directory and hands the matches here. No match, several matches, a non-group or a
 * non-security group each end in an outcome the dialog can show; otherwise the grant is an
 * access-policy `add` or, on an RBAC vault, the least-privilege role assignment.
 */
import type { DirectoryObject } from '../probes/azure-model.js';
import type { Operation } from '../probes/operation.js';
import { planAssignRbacRole } from './assign-rbac-role.js';
import type { PlanOutcome } from './fix-plan.js';
import type { GroupMemberKind, FixRequest } from './fix-request.js';
import { planGrantAccessPolicy } from './grant-access-policy.js';
import { groupWarnings, matchedByNameWarning } from './group-warnings.js';
import { principalLabel, principalRefusal } from './plan-principal.js';
import type { PlanningContext } from './planning-context.js';

/** What the group planner needs. */
export interface GrantGroupAccessInput {
  context: PlanningContext;
  /** What the requester typed: a display name or an object id. */
  query: string;
  /** True when `query` was used as an object id. */
  byId: boolean;
  /** The directory objects the query resolved to. */
  matches: DirectoryObject[];
  operations: Operation[];
  memberKinds?: GroupMemberKind[];
  request: FixRequest;
}

/** Plans the group grant (see the module comment). */
export function planGrantGroupAccess(input: GrantGroupAccessInput): PlanOutcome {
  const { context, query, matches } = input;
  if (matches.length === 0) {
    return {
      kind: 'not-found',
      what: 'group',
      message: input.byId
        ? `No group with object id ${query} exists in this directory. Check the id (Entra ID → Groups → the group → Object ID).`
        : `No group named "${query}" was found in the directory. Check the spelling, or give the group's object id. (A group created in the last few minutes may not be visible yet.)`,
    };
  }
  if (matches.length > 1) {
    return {
      kind: 'ambiguous',
      message: `${matches.length} groups are named "${query}". Which one do you mean?`,
      candidates: matches.map((m) => ({
        id: m.id,
        displayName: principalLabel(m),
        securityEnabled: m.securityEnabled === true,
      })),
    };
  }
  const group = matches[0]!;
  if (group.type !== 'group') {
    return {
      kind: 'refused',
      reason: 'not-a-group',
      message: `${query} is a ${group.type} ("${principalLabel(group)}"), not a group. To give this ${group.type} access directly, use "grant access" for the principal instead.`,
    };
  }
  const refusal = principalRefusal(group);
  if (refusal) return refusal;
  const model = context.vault.enableRbacAuthorization ? 'rbac' : 'access-policy';
  const warnings = groupWarnings(model, input.memberKinds);
  if (!input.byId) warnings.unshift(matchedByNameWarning(principalLabel(group), group.id));
  const shared = {
    context,
    principal: group,
    operations: input.operations,
    request: input.request,
    warnings,
    fix: 'grant-group-access' as const,
  };
  return model === 'rbac' ? planAssignRbacRole(shared) : planGrantAccessPolicy(shared);
}
