/**
 * Plan for the `assign-rbac-role` fix: on an RBAC vault, assign the least-privilege built-in
 * Key Vault role that covers the requested operations, at the vault's scope, under a new GUID.
 * When no single role covers them the outcome is `split`: one plan per role, each approved and
 * applied on its own. On an access-policy vault data roles grant nothing, so the plan is
 * refused and an access-policy grant is offered instead.
 */
import type { RoleAssignment } from '../probes/azure-model.js';
import { formatOperation } from '../probes/operation.js';
import { describeScope, relateScope } from '../probes/scope.js';
import { planGrantAccessPolicy } from './grant-access-policy.js';
import { chooseLeastPrivilegeRoles, keyVaultRoleByGuid, roleCovers } from './key-vault-roles.js';
import type { DiffRow, FixEffect, FixPlan, PlanOutcome } from './fix-plan.js';
import type { FixRequest } from './fix-request.js';
import { principalRefusal, rbacPrincipalType, toPlanPrincipal } from './plan-principal.js';
import { buildPlan, reverseDiff, toPlanVault, type AssignedRole, type GrantPlannerInput } from './planning-context.js';
import { roleAssignmentFingerprint, roleGuid } from './vault-fingerprint.js';

/** What this planner needs. */
export type AssignRbacRoleInput = GrantPlannerInput<'assign-rbac-role' | 'grant-group-access'>;

/** Plans the least-privilege role assignment (see the module comment). */
export function planAssignRbacRole(input: AssignRbacRoleInput): PlanOutcome {
  const { context, principal, operations, request } = input;
  const { vault } = context;
  const fix = input.fix ?? 'assign-rbac-role';
  const refusal = principalRefusal(principal);
  if (refusal) return refusal;
  if (!vault.enableRbacAuthorization) {
    return {
      kind: 'refused',
      reason: 'access-policy-vault',
      message: `${vault.name} uses access policies, so Key Vault data roles grant nothing there. The equivalent is an access-policy grant.`,
      alternative: planGrantAccessPolicy({
        ...input,
        fix: fix === 'grant-group-access' ? fix : 'grant-access-policy',
        request: request.fix === 'assign-rbac-role' ? { ...request, fix: 'grant-access-policy' } : request,
      }),
    };
  }
  const planPrincipal = toPlanPrincipal(principal);
  const planVault = toPlanVault(vault);
  const applicable = context.assignments.filter(
    (a) =>
      a.assignment.principalId.toLowerCase() === principal.id.toLowerCase() &&
      ['vault', 'inherited'].includes(relateScope(a.assignment.scope, vault.id)),
  );
  const uncovered = operations.filter(
    (op) =>
      !applicable.some((a) => {
        const def = a.definition ?? keyVaultRoleByGuid(roleGuid(a.assignment.roleDefinitionId));
        // A conditional assignment may not apply to every object: do not count it as covering.
        return def !== undefined && !a.assignment.condition && roleCovers(def, op);
      }),
  );
  if (uncovered.length === 0) {
    return {
      kind: 'nothing-to-change',
      vault: planVault,
      principal: planPrincipal,
      message: `${planPrincipal.displayName} already has a role on ${vault.name} that allows ${operations.map(formatOperation).join(', ')}; nothing to change. (A new assignment can take several minutes to take effect.)`,
    };
  }
  const before = applicable.map((a) => label(a, vault.id));
  const allAssignments = context.assignments.map((a) => a.assignment);
  const choices = chooseLeastPrivilegeRoles(uncovered);
  const plans: FixPlan[] = choices.map((choice) => {
    const name = context.newGuid();
    const roleDefinitionId = `/subscriptions/${vault.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${choice.role.name}`;
    const shared = {
      scope: vault.id,
      name,
      roleDefinitionId,
      roleName: choice.role.roleName,
      principalId: principal.id,
      principalType: rbacPrincipalType(principal),
    };
    const create: FixEffect = { kind: 'role-assignment-create', ...shared };
    const remove: FixEffect = { kind: 'role-assignment-delete', ...shared };
    const created: RoleAssignment = {
      id: `${vault.id}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      scope: vault.id,
      roleDefinitionId,
      principalId: principal.id,
      principalType: shared.principalType,
    };
    const diff: DiffRow[] = [
      {
        principal: planPrincipal.displayName,
        category: 'role assignments',
        before,
        after: [...before, `${choice.role.roleName} @ the vault`],
      },
    ];
    const warnings = [
      ...(input.warnings ?? []),
      'Azure RBAC changes can take several minutes (up to about 30) to take effect.',
    ];
    if (choice.role.roleName === 'Key Vault Administrator')
      warnings.push(
        'Only Key Vault Administrator covers these operations among the built-in roles; consider a custom role with just these data actions.',
      );
    const roleRequest: FixRequest =
      choices.length > 1 && 'operations' in request ? { ...request, operations: choice.operations } : request;
    return buildPlan({
      fix,
      direction: 'apply',
      vault: planVault,
      principal: planPrincipal,
      summary: `Assign ${choice.role.roleName} to ${planPrincipal.displayName} (${planPrincipal.type}) on ${vault.name} for ${choice.operations.join(', ')}`,
      diff,
      effect: create,
      warnings,
      basedOn: roleAssignmentFingerprint(vault, allAssignments, principal.id),
      request: roleRequest,
      inverse: buildPlan({
        fix,
        direction: 'undo',
        vault: planVault,
        principal: planPrincipal,
        summary: `Undo: remove the ${choice.role.roleName} assignment of ${planPrincipal.displayName} on ${vault.name}`,
        diff: reverseDiff(diff),
        effect: remove,
        warnings: [],
        basedOn: roleAssignmentFingerprint(vault, [...allAssignments, created], principal.id),
      }),
    });
  });
  if (plans.length === 1) return { kind: 'planned', plan: plans[0]! };
  return {
    kind: 'split',
    message: `No single built-in role covers ${uncovered.map(formatOperation).join(', ')} without granting more; the least-privilege answer is ${choices.length} roles: ${choices.map((c) => `${c.role.roleName} (${c.operations.join(', ')})`).join(', ')}.`,
    plans,
  };
}

function label(a: AssignedRole, vaultId: string): string {
  const name =
    a.definition?.roleName ??
    keyVaultRoleByGuid(roleGuid(a.assignment.roleDefinitionId))?.roleName ??
    roleGuid(a.assignment.roleDefinitionId);
  return `${name} @ ${describeScope(a.assignment.scope, vaultId)}`;
}
