/**
 * The Azure state a planner works from, read by the FixService and handed to the pure
 * planners, plus the small helpers every planner uses to build a plan from an effect.
 */
import type { DirectoryObject, RoleAssignment, RoleDefinition, Vault } from '../probes/azure-model.js';
import type { Operation } from '../probes/operation.js';
import { azureCallFor } from './azure-call.js';
import type { DiffRow, FixName, FixPlan, PlanVault } from './fix-plan.js';
import type { FixRequest } from './fix-request.js';

/** A role assignment and its definition (absent when it could not be read). */
export interface AssignedRole {
  assignment: RoleAssignment;
  definition?: RoleDefinition;
}

/** What planners know about the vault. */
export interface PlanningContext {
  vault: Vault;
  /** The principal's role assignments that apply to the vault (RBAC vaults; may be empty). */
  assignments: AssignedRole[];
  /** Makes the GUID name of a new role assignment. */
  newGuid: () => string;
}

/** The plan's view of a vault. */
export function toPlanVault(vault: Vault): PlanVault {
  return { id: vault.id, name: vault.name, model: vault.enableRbacAuthorization ? 'rbac' : 'access-policy' };
}

/** Fields of a plan before its call is derived: everything but the call. */
export type PlanParts = Omit<FixPlan, 'call'>;

/** A plan with its exact Azure call derived from the effect (JSON-clean: no undefined fields). */
export function buildPlan(parts: PlanParts): FixPlan {
  const plan: FixPlan = {
    fix: parts.fix,
    direction: parts.direction,
    vault: parts.vault,
    principal: parts.principal,
    summary: parts.summary,
    diff: parts.diff,
    call: azureCallFor(parts.vault.id, parts.effect),
    effect: parts.effect,
    warnings: parts.warnings,
    basedOn: parts.basedOn,
  };
  if (parts.inverse) plan.inverse = parts.inverse;
  if (parts.request) plan.request = parts.request;
  return JSON.parse(JSON.stringify(plan)) as FixPlan;
}

/** The diff seen from the other side (for an inverse plan). */
export function reverseDiff(diff: readonly DiffRow[]): DiffRow[] {
  return diff.map((row) => ({
    principal: row.principal,
    category: row.category,
    before: [...row.after],
    after: [...row.before],
  }));
}

/** `secrets get, list; keys sign` for summaries. */
export function describePermissions(p: Partial<Record<string, string[]>>): string {
  return Object.entries(p)
    .filter(([, list]) => list && list.length > 0)
    .map(([c, list]) => `${c} ${list!.join(', ')}`)
    .join('; ');
}

/** What a grant planner needs: the vault state, whom to grant, which operations, for which fix. */
export interface GrantPlannerInput<F extends FixName> {
  context: PlanningContext;
  principal: DirectoryObject;
  operations: Operation[];
  request: FixRequest;
  /** The fix the plan is for (`grant-group-access` reuses the grant planners). */
  fix?: F;
  warnings?: string[];
}
