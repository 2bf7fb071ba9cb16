/**
 * The `permission-check` probe's pure evaluation: can this principal perform this operation on
 * this vault? The vault's permission model decides which evaluation runs; the network rules
 * that can still block the caller are checked afterwards.
 */
import type { DirectoryObject, RoleAssignment, RoleDefinition, Vault } from './azure-model.js';
import { evaluateAccessPolicies } from './access-policy-evaluation.js';
import type { Memberships } from './group-path.js';
import type { NetworkEffect } from './network-check.js';
import { assessNetwork } from './network-check.js';
import type { Operation } from './operation.js';
import { dataActionFor, formatOperation } from './operation.js';
import type { DirectoryIndex } from './principal-name.js';
import { describePrincipal } from './principal-name.js';
import type { EvidenceItem, FixName, PermissionModel, Verdict } from './probe-result.js';
import { evaluateRbac } from './rbac-evaluation.js';

/** Everything the permission check reasons about, already read from Azure. */
export interface PermissionCheckInput {
  vault: Vault;
  principalId: string;
  operation: Operation;
  memberships: Memberships;
  names: DirectoryIndex;
  /** Role assignments that apply at the vault scope (RBAC vaults). */
  assignments?: RoleAssignment[];
  /** Role definitions by lower-cased full id or GUID. */
  definitions?: ReadonlyMap<string, RoleDefinition>;
  clientIp?: string;
  applicationId?: string;
  /**
   * When `principalId` resolves to no object: the service principal of the application whose
   * client id it is, if any (people often give the app id where the object id belongs).
   */
  servicePrincipalOfAppId?: DirectoryObject;
}

/** The permission check's answer (the probe result without the envelope fields). */
export interface PermissionCheckOutcome {
  model: PermissionModel;
  verdict: Verdict;
  reason: string;
  evidence: EvidenceItem[];
  fixes: FixName[];
  operation: string;
  dataAction: string;
  principal: { id: string; name: string; type?: string };
  /** Whether the network rules let the caller in. */
  network: NetworkEffect;
  /** On RBAC vaults: the least-privilege built-in role the `assign-rbac-role` fix would assign. */
  suggestedRole?: { roleName: string; guid: string };
}

/** Evaluates the permission check (pure). */
export function evaluatePermissionCheck(input: PermissionCheckInput): PermissionCheckOutcome {
  const { vault, principalId, operation, names } = input;
  const model: PermissionModel = vault.enableRbacAuthorization ? 'rbac' : 'access-policy';
  const principalObj = names.get(principalId.toLowerCase());
  const principal = {
    id: principalId,
    name: describePrincipal(principalId, names),
    ...(principalObj ? { type: principalObj.type } : {}),
  };
  const common = { model, operation: formatOperation(operation), dataAction: dataActionFor(operation), principal };
  const evidence: EvidenceItem[] = [
    {
      kind: 'vault',
      text: `${vault.name} uses the ${model === 'rbac' ? 'Azure RBAC' : 'access policy'} permission model${model === 'rbac' && vault.accessPolicies.length ? ` (its ${vault.accessPolicies.length} access policies are ignored)` : ''}.`,
      vaultId: vault.id,
      model,
    },
  ];
  const sp = principalObj ? undefined : input.servicePrincipalOfAppId;
  if (!principalObj)
    evidence.push({
      kind: 'principal',
      text: sp
        ? `${principalId} is not an object id: it is the application (client) id of ${sp.displayName ?? 'an application'}, whose service principal has the object id ${sp.id}. Access is granted to, and checked for, that object id.`
        : `${principalId} did not resolve in the directory: it may be deleted or belong to another tenant.`,
      objectId: principalId,
    });

  const rbac =
    model === 'rbac'
      ? evaluateRbac({
          vault,
          principalId,
          operation,
          memberships: input.memberships,
          names,
          assignments: input.assignments ?? [],
          definitions: input.definitions ?? new Map(),
        })
      : undefined;
  const permission =
    rbac ??
    evaluateAccessPolicies({
      vault,
      principalId,
      operation,
      memberships: input.memberships,
      names,
      applicationId: input.applicationId,
    });
  evidence.push(...permission.evidence);

  const network = assessNetwork(vault, input.clientIp);
  evidence.push(...network.evidence);
  const suggestedRole = rbac ? { suggestedRole: rbac.suggestedRole } : {};

  let verdict = permission.verdict;
  let reason = permission.reason;
  if (network.effect === 'blocked') {
    verdict = 'denied';
    reason =
      permission.verdict === 'allowed'
        ? `${principal.name} has the permission, but ${network.summary}; the network rules have no automatic fix.`
        : `${permission.reason} Also, ${network.summary}.`;
  } else if (network.effect === 'may-block') {
    // The permission alone does not get the caller in: unless they are known to come from an
    // allowed network (a client IP inside the rules, a private endpoint), the rules deny them.
    // Users ask because a request failed, so the network is reported as the blocker.
    verdict = 'denied';
    reason =
      permission.verdict === 'allowed'
        ? `${principal.name} has the permission, but ${network.summary}; the network rules have no automatic fix.`
        : `${permission.reason} Also, ${network.summary}.`;
  }
  // Granting access to an id the directory does not know would only add an "Unknown" entry (an
  // application's client id is the classic case): no fix is proposed for it.
  const fixes = principalObj ? permission.fixes : [];
  if (!principalObj && permission.fixes.length > 0)
    reason = `${reason} ${
      sp
        ? `Check its service principal instead ("check ${sp.id} on ${vault.name}"); no fix is proposed for the client id.`
        : 'No fix is proposed: access for an id the directory does not know would only add an "Unknown" entry.'
    }`;
  return { ...common, verdict, reason, evidence, fixes, network: network.effect, ...suggestedRole };
}
