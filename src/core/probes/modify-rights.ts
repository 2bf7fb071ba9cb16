/**
 * The `modify-rights` probe's evaluation: who may change the vault's access. On access-policy
 * vaults that is `Microsoft.KeyVault/vaults/accessPolicies/write`; on RBAC vaults it is
 * `Microsoft.Authorization/roleAssignments/write`. Management actions are always RBAC.
 */
import { roleGrantsAction } from './action-match.js';
import type { RoleAssignment, RoleDefinition, Vault } from './azure-model.js';
import type { Memberships } from './group-path.js';
import { groupPath } from './group-path.js';
import type { DirectoryIndex } from './principal-name.js';
import { describePrincipal } from './principal-name.js';
import type { EvidenceItem, FixName, Verdict } from './probe-result.js';
import { findDefinition } from './rbac-evaluation.js';
import { describeScope, relateScope } from './scope.js';

/** One principal that may change the vault's access. */
export interface Modifier {
  principalId: string;
  name: string;
  roleName: string;
  scope: string;
  condition?: string;
}

/** The probe's answer. */
export interface ModifyRightsOutcome {
  verdict: Verdict;
  reason: string;
  evidence: EvidenceItem[];
  fixes: FixName[];
  action: string;
  modifiers: Modifier[];
  /** When a principal was asked about: whether it can change the vault's access. */
  principalCan?: boolean;
}

/** Inputs of {@link evaluateModifyRights}. */
export interface ModifyRightsInput {
  vault: Vault;
  assignments: RoleAssignment[];
  definitions: ReadonlyMap<string, RoleDefinition>;
  names: DirectoryIndex;
  /** The principal asked about, with its memberships. */
  principal?: Memberships;
}

/** The management action that changes access on this vault. */
export function modifyActionFor(vault: Vault): string {
  return vault.enableRbacAuthorization
    ? 'Microsoft.Authorization/roleAssignments/write'
    : 'Microsoft.KeyVault/vaults/accessPolicies/write';
}

/** Lists who may change the vault's access and whether the given principal can (pure). */
export function evaluateModifyRights(input: ModifyRightsInput): ModifyRightsOutcome {
  const { vault, names } = input;
  const action = modifyActionFor(vault);
  const modifiers: Modifier[] = [];
  const evidence: EvidenceItem[] = [
    {
      kind: 'operation',
      text: `On ${vault.enableRbacAuthorization ? 'an RBAC' : 'an access-policy'} vault, changing access needs ${action}.`,
      action,
    },
  ];
  let unreadable = 0;
  for (const a of input.assignments) {
    const relation = relateScope(a.scope, vault.id);
    if (relation !== 'vault' && relation !== 'inherited') continue;
    const def = findDefinition(input.definitions, a.roleDefinitionId);
    if (!def) {
      unreadable++;
      continue;
    }
    const grant = roleGrantsAction(def, action);
    if (!grant.granted) continue;
    const m: Modifier = {
      principalId: a.principalId,
      name: describePrincipal(a.principalId, names),
      roleName: def.roleName,
      scope: a.scope,
      ...(a.condition ? { condition: a.condition } : {}),
    };
    modifiers.push(m);
    evidence.push({
      kind: 'role-assignment',
      assignmentId: a.id,
      principalId: a.principalId,
      roleName: def.roleName,
      scope: a.scope,
      text: `${m.name} has ${def.roleName} at ${describeScope(a.scope, vault.id)} (grants ${action} via ${grant.matchedBy})${a.condition ? `, limited by an ABAC condition: ${a.condition}` : ''}.`,
    });
  }
  if (unreadable)
    evidence.push({
      kind: 'note',
      text: `${unreadable} role definition(s) could not be read; the list may be incomplete.`,
    });

  const names_ = modifiers.map((m) => `${m.name} (${m.roleName})`).join(', ');
  if (!input.principal) {
    return {
      verdict: modifiers.length ? 'allowed' : 'undetermined',
      action,
      modifiers,
      evidence,
      fixes: [],
      reason: modifiers.length
        ? `${modifiers.length} principal(s) may change access to ${vault.name}: ${names_}.`
        : `No role assignment the bot can see grants ${action} on ${vault.name}.`,
    };
  }
  const p = input.principal;
  const who = describePrincipal(p.principalId, names);
  const mine = modifiers.filter(
    (m) => m.principalId.toLowerCase() === p.principalId.toLowerCase() || groupPath(p, m.principalId),
  );
  const principalCan = mine.length > 0;
  if (principalCan)
    return {
      verdict: 'allowed',
      action,
      modifiers,
      evidence,
      fixes: [],
      principalCan,
      reason: `${who} may change access to ${vault.name} through ${mine.map((m) => m.roleName).join(', ')}.`,
    };
  return {
    verdict: unreadable ? 'undetermined' : 'denied',
    action,
    modifiers,
    evidence,
    fixes: [],
    principalCan,
    reason: `${who} has no role that grants ${action} on ${vault.name}${modifiers.length ? `; ask one of: ${names_}` : ''}.`,
  };
}
