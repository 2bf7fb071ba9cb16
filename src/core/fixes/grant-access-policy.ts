/**
 * Plan for the `grant-access-policy` fix: add only the missing permissions to a principal's
 * access-policy entry with ARM's incremental `accessPolicies/add` (never a whole-vault PUT,
 * which would replace every other policy). On an RBAC vault access policies are ignored, so the
 * plan is refused and a role assignment is offered instead.
 */
import {
  addToPolicies,
  CATEGORY_ORDER,
  findPolicy,
  isEmptyPermissions,
  missingPermissions,
} from './access-policy-merge.js';
import { planAssignRbacRole } from './assign-rbac-role.js';
import type { DiffRow, FixEffect, PlanOutcome } from './fix-plan.js';
import { toPermissions } from './operation-list.js';
import { principalRefusal, toPlanPrincipal } from './plan-principal.js';
import {
  buildPlan,
  describePermissions,
  reverseDiff,
  toPlanVault,
  type GrantPlannerInput,
} from './planning-context.js';
import { accessPolicyFingerprint } from './vault-fingerprint.js';

/** What this planner needs. */
export type GrantAccessPolicyInput = GrantPlannerInput<'grant-access-policy' | 'grant-group-access'>;

/** Plans the incremental access-policy grant (see the module comment). */
export function planGrantAccessPolicy(input: GrantAccessPolicyInput): PlanOutcome {
  const { context, principal, operations, request } = input;
  const { vault } = context;
  const fix = input.fix ?? 'grant-access-policy';
  const refusal = principalRefusal(principal);
  if (refusal) return refusal;
  if (vault.enableRbacAuthorization) {
    return {
      kind: 'refused',
      reason: 'rbac-vault',
      message: `${vault.name} uses the Azure RBAC permission model, so access policies are ignored there. The equivalent is a Key Vault role assignment.`,
      alternative: planAssignRbacRole({
        ...input,
        fix: fix === 'grant-group-access' ? fix : 'assign-rbac-role',
        request: request.fix === 'grant-access-policy' ? { ...request, fix: 'assign-rbac-role' } : request,
      }),
    };
  }
  const planPrincipal = toPlanPrincipal(principal);
  const planVault = toPlanVault(vault);
  const existing = findPolicy(vault.accessPolicies, principal.id);
  const missing = missingPermissions(existing?.permissions, toPermissions(operations));
  if (isEmptyPermissions(missing)) {
    return {
      kind: 'nothing-to-change',
      vault: planVault,
      principal: planPrincipal,
      message: `${planPrincipal.displayName} already has ${describePermissions(toPermissions(operations))} on ${vault.name}; nothing to change.`,
    };
  }
  const tenantId = existing?.tenantId ?? vault.tenantId;
  const after = addToPolicies(vault.accessPolicies, { tenantId, objectId: principal.id, permissions: missing });
  const afterEntry = findPolicy(after, principal.id)!;
  const diff: DiffRow[] = CATEGORY_ORDER.filter((c) => missing[c]).map((c) => ({
    principal: planPrincipal.displayName,
    category: c,
    before: [...(existing?.permissions[c] ?? [])],
    after: [...(afterEntry.permissions[c] ?? [])],
  }));
  const added = describePermissions(missing);
  const addEffect: FixEffect = { kind: 'access-policy-add', tenantId, objectId: principal.id, permissions: missing };
  const removeEffect: FixEffect = {
    kind: 'access-policy-remove',
    tenantId,
    objectId: principal.id,
    permissions: missing,
  };
  const warnings = [...(input.warnings ?? [])];
  const inverse = buildPlan({
    fix,
    direction: 'undo',
    vault: planVault,
    principal: planPrincipal,
    summary: `Undo: remove ${added} from ${planPrincipal.displayName} on ${vault.name}`,
    diff: reverseDiff(diff),
    effect: removeEffect,
    warnings: [],
    basedOn: accessPolicyFingerprint(vault, after, principal.id),
  });
  return {
    kind: 'planned',
    plan: buildPlan({
      fix,
      direction: 'apply',
      vault: planVault,
      principal: planPrincipal,
      summary: `Grant ${planPrincipal.displayName} (${planPrincipal.type}) ${added} on ${vault.name} (access policy, incremental add)`,
      diff,
      effect: addEffect,
      warnings,
      basedOn: accessPolicyFingerprint(vault, vault.accessPolicies, principal.id),
      request,
      inverse,
    }),
  };
}
