/**
 * Evaluates an operation on an RBAC vault: role assignments to the principal or its groups at
 * the vault or an inherited scope, whose role definitions grant the operation's data action
 * (wildcards, `notDataActions`). Assignments below the vault, ABAC conditions and
 * management-only roles (Key Vault Contributor, Contributor, Owner) are explained.
 */
import { roleGrantsAction, roleGrantsDataAction } from './action-match.js';
import type { RoleAssignment, RoleDefinition, Vault } from './azure-model.js';
import type { Memberships } from './group-path.js';
import { groupPath } from './group-path.js';
import type { Operation } from './operation.js';
import { dataActionFor, formatOperation } from './operation.js';
import type { DirectoryIndex } from './principal-name.js';
import { describePrincipal } from './principal-name.js';
import type { EvidenceItem, FixName, Verdict } from './probe-result.js';
import { describeScope, relateScope } from './scope.js';
import { suggestedRoleFor } from './suggested-role.js';

/** Inputs of {@link evaluateRbac}. */
export interface RbacEvaluationInput {
  vault: Vault;
  principalId: string;
  operation: Operation;
  memberships: Memberships;
  names: DirectoryIndex;
  assignments: RoleAssignment[];
  /** Role definitions by lower-cased full id or GUID. */
  definitions: ReadonlyMap<string, RoleDefinition>;
}

/** What RBAC says about one principal and operation. */
export interface RbacEvaluation {
  verdict: Verdict;
  reason: string;
  evidence: EvidenceItem[];
  fixes: FixName[];
  dataAction: string;
  /** The least-privilege built-in role that would grant the operation. */
  suggestedRole: { roleName: string; guid: string };
}

/** Looks a role definition up by full id or by its GUID (the last path segment). */
export function findDefinition(
  definitions: ReadonlyMap<string, RoleDefinition>,
  roleDefinitionId: string,
): RoleDefinition | undefined {
  const id = roleDefinitionId.toLowerCase();
  return definitions.get(id) ?? definitions.get(id.split('/').pop() ?? id);
}

/** Evaluates role assignments for the principal (pure). */
export function evaluateRbac(input: RbacEvaluationInput): RbacEvaluation {
  const { vault, principalId, operation, memberships, names, definitions } = input;
  const op = formatOperation(operation);
  const dataAction = dataActionFor(operation);
  const who = describePrincipal(principalId, names);
  const role = suggestedRoleFor(operation);
  const suggestedRole = { roleName: role.roleName, guid: role.guid };
  const evidence: EvidenceItem[] = [
    {
      kind: 'operation',
      text: `On an RBAC vault, ${op} needs the data action ${dataAction}.`,
      operation: op,
      dataAction,
    },
  ];

  let granting = 0;
  let conditional = 0;
  let unreadable = 0;
  // Names of the applying roles that are management-plane only, and how many other roles apply
  // without granting: the reason names the roles the person actually holds.
  const managementRoles: string[] = [];
  let otherNonGranting = 0;
  for (const a of input.assignments) {
    const relation = relateScope(a.scope, vault.id);
    if (relation === 'unrelated') continue;
    const direct = a.principalId.toLowerCase() === principalId.toLowerCase();
    const path = direct ? undefined : groupPath(memberships, a.principalId);
    if (!direct && !path) continue;
    const def = findDefinition(definitions, a.roleDefinitionId);
    const via = path ? `through group ${path.map((g) => describePrincipal(g, names)).join(' → ')}` : 'directly';
    const base = {
      kind: 'role-assignment',
      assignmentId: a.id,
      scope: a.scope,
      scopeLevel: relation,
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      via: path ? 'group' : 'direct',
      ...(path ? { groupPath: path } : {}),
      ...(a.condition ? { condition: a.condition } : {}),
    };
    const at = describeScope(a.scope, vault.id);
    if (!def) {
      unreadable++;
      evidence.push({
        ...base,
        grants: false,
        text: `A role assignment at ${at} applies to ${who} ${via}, but its role definition ${a.roleDefinitionId} could not be read.`,
      });
      continue;
    }
    const grant = roleGrantsDataAction(def, dataAction);
    const roleName = def.roleName;
    let text = `${roleName} at ${at} applies to ${who} ${via}; `;
    if (grant.granted) text += `it grants ${dataAction} (via ${grant.matchedBy}).`;
    else if (grant.excludedBy)
      text += `its data actions match ${dataAction} but notDataActions exclude it (${grant.excludedBy}).`;
    else text += `it does not grant ${dataAction}.`;
    let counts = grant.granted;
    if (grant.granted && relation === 'object') {
      counts = false;
      text += ` It is assigned below the vault, so it covers ${at} and not a vault-wide ${op}.`;
    }
    if (counts && a.condition) {
      text += ` It carries an ABAC condition that may restrict it: ${a.condition}`;
      conditional++;
    } else if (counts) {
      granting++;
    }
    const hasDataActions = def.permissions.some((p) => p.dataActions.length > 0);
    if (!grant.granted && !hasDataActions && roleGrantsAction(def, 'Microsoft.KeyVault/vaults/write').granted) {
      if (!managementRoles.includes(roleName)) managementRoles.push(roleName);
      text += ` ${roleName} is a management-plane role: it lets you manage the vault but grants no access to keys, secrets or certificates on an RBAC vault.`;
    } else if (!counts) {
      otherNonGranting++;
    }
    evidence.push({ ...base, roleName, grants: counts, text });
  }

  if (granting > 0)
    return {
      verdict: 'allowed',
      reason: `${who} has ${op} on ${vault.name} through an Azure RBAC role assignment.`,
      evidence,
      fixes: [],
      dataAction,
      suggestedRole,
    };
  if (conditional > 0)
    return {
      verdict: 'undetermined',
      reason: `${who} has ${op} on ${vault.name} only under an ABAC condition the bot cannot evaluate.`,
      evidence,
      fixes: [],
      dataAction,
      suggestedRole,
    };
  if (unreadable > 0)
    return {
      verdict: 'undetermined',
      reason: `Some role definitions assigned to ${who} could not be read, so the bot cannot tell whether ${op} is allowed.`,
      evidence,
      fixes: [],
      dataAction,
      suggestedRole,
    };
  evidence.push({
    kind: 'suggestion',
    text: `The least-privilege built-in role for ${op} is ${role.roleName}, assigned at the vault.`,
    roleName: role.roleName,
    roleDefinitionGuid: role.guid,
  });
  const managementList = managementRoles.join(', ');
  const reason =
    managementRoles.length > 0 && otherNonGranting === 0
      ? `${who} has only management-plane roles on ${vault.name} (${managementList}): on an RBAC vault these grant no data access, so ${op} is denied.`
      : managementRoles.length > 0
        ? `No role assignment at ${vault.name} or above grants ${who} ${dataAction}, so ${op} is denied (${managementList}: management-plane only, no data access on an RBAC vault).`
        : `No role assignment at ${vault.name} or above grants ${who} ${dataAction}, so ${op} is denied.`;
  return { verdict: 'denied', reason, evidence, fixes: ['assign-rbac-role'], dataAction, suggestedRole };
}
