/**
 * Plan for the `remove-orphaned-policy` fix: the FAQ's "Unknown policy" — an access-policy
 * entry whose object id no longer resolves (a deleted user, group or app), or that names an
 * application object instead of its service principal. The plan removes the entry's
 * permissions with `accessPolicies/remove`; its inverse adds exactly those back.
 */
import type { DirectoryObject, Vault } from '../probes/azure-model.js';
import { CATEGORY_ORDER, findPolicy, removeFromPolicies, samePolicyIdentity } from './access-policy-merge.js';
import type { DiffRow, FixEffect, PlanOutcome, PlanPrincipal } from './fix-plan.js';
import type { FixRequest } from './fix-request.js';
import { principalLabel } from './plan-principal.js';
import { buildPlan, describePermissions, reverseDiff, toPlanVault } from './planning-context.js';
import { accessPolicyFingerprint } from './vault-fingerprint.js';

/** What the orphan planner needs. */
export interface RemoveOrphanedPolicyInput {
  vault: Vault;
  objectId: string;
  applicationId?: string;
  /** What the object id resolves to in the directory (undefined: nothing, i.e. deleted). */
  resolved?: DirectoryObject;
  /** For an application object: its service principal, if there is one. */
  servicePrincipal?: DirectoryObject;
  request: FixRequest;
}

/** Plans the removal of an orphaned entry (see the module comment). */
export function planRemoveOrphanedPolicy(input: RemoveOrphanedPolicyInput): PlanOutcome {
  const { vault, objectId, resolved } = input;
  if (vault.enableRbacAuthorization) {
    return {
      kind: 'refused',
      reason: 'rbac-vault',
      message: `${vault.name} uses the Azure RBAC permission model: its access policies are ignored and cannot be updated. Orphaned role assignments show as "Identity not found" under Access control (IAM) instead.`,
    };
  }
  const entry =
    findPolicy(vault.accessPolicies, objectId, input.applicationId) ??
    (input.applicationId === undefined
      ? vault.accessPolicies.find((p) => samePolicyIdentity({ objectId: p.objectId }, { objectId }))
      : undefined);
  if (!entry) {
    return {
      kind: 'not-found',
      what: 'policy',
      message: `${vault.name} has no access-policy entry for object id ${objectId}${input.applicationId ? ` with application id ${input.applicationId}` : ''}.`,
    };
  }
  if (resolved && resolved.type !== 'application') {
    return {
      kind: 'refused',
      reason: 'not-orphaned',
      message: `The entry for ${objectId} is not orphaned: it is the ${resolved.type} "${principalLabel(resolved)}". To change its permissions, edit the policy instead of removing it.`,
    };
  }
  const principal: PlanPrincipal = resolved
    ? { id: objectId, type: 'application', displayName: principalLabel(resolved) }
    : { id: objectId, type: 'unknown', displayName: `Unknown (${objectId})` };
  const warnings: string[] = [];
  if (!resolved) {
    warnings.push(
      'This object id no longer resolves in the directory (deleted user, group or application). Tokens issued before the deletion stay valid until they expire.',
    );
  } else {
    warnings.push(
      input.servicePrincipal
        ? `This entry names the application object of "${principalLabel(resolved)}", which never matches a caller. After removing it, grant the same permissions to its service principal ${input.servicePrincipal.id} if the app still needs access.`
        : `This entry names the application object of "${principalLabel(resolved)}", which never matches a caller; the app has no service principal in this tenant.`,
    );
  }
  const permissions = Object.fromEntries(
    CATEGORY_ORDER.filter((c) => (entry.permissions[c] ?? []).length > 0).map((c) => [c, [...entry.permissions[c]!]]),
  );
  const identity = {
    tenantId: entry.tenantId,
    objectId: entry.objectId,
    ...(entry.applicationId !== undefined ? { applicationId: entry.applicationId } : {}),
  };
  const removeEffect: FixEffect = { kind: 'access-policy-remove', ...identity, permissions };
  const addEffect: FixEffect = { kind: 'access-policy-add', ...identity, permissions };
  const after = removeFromPolicies(vault.accessPolicies, { ...identity, permissions });
  const diff: DiffRow[] = CATEGORY_ORDER.filter((c) => permissions[c]).map((c) => ({
    principal: principal.displayName,
    category: c,
    before: [...permissions[c]!],
    after: [],
  }));
  const planVault = toPlanVault(vault);
  return {
    kind: 'planned',
    plan: buildPlan({
      fix: 'remove-orphaned-policy',
      direction: 'apply',
      vault: planVault,
      principal,
      summary: `Remove the orphaned access policy of ${principal.displayName} (${describePermissions(permissions) || 'no permissions'}) from ${vault.name}`,
      diff,
      effect: removeEffect,
      warnings,
      basedOn: accessPolicyFingerprint(vault, vault.accessPolicies, objectId),
      request: input.request,
      inverse: buildPlan({
        fix: 'remove-orphaned-policy',
        direction: 'undo',
        vault: planVault,
        principal,
        summary: `Undo: restore the access policy of ${principal.displayName} on ${vault.name}`,
        diff: reverseDiff(diff),
        effect: addEffect,
        warnings: [],
        basedOn: accessPolicyFingerprint(vault, after, objectId),
      }),
    }),
  };
}
