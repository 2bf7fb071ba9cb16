/**
 * The caveats the Microsoft FAQ gives for giving a group access to a vault (azure-facts.md §7.1,
 * §7.3), chosen by the vault's model and by what the group contains.
 */
import type { PermissionModel } from '../probes/probe-result.js';
import type { GroupMemberKind } from './fix-request.js';

/** Managed identities pick up group membership only with a new token (cached ~24 h). */
export const MANAGED_IDENTITY_GROUP_WARNING =
  'Managed identities in a group see new group membership only when their token is refreshed, and managed identity tokens are cached for around 24 hours, so this can take many hours to take effect. For a managed identity, prefer a direct grant to a user-assigned managed identity.';

/** An application with only an access policy cannot log in without an IAM role on the vault. */
export const APPLICATION_IAM_WARNING =
  'An application also needs at least one Azure role (IAM) assigned on the vault; otherwise it cannot log in and fails with insufficient rights to access the subscription.';

/** A group found by display name: names are not unique, so show the id that will be used. */
export function matchedByNameWarning(displayName: string, id: string): string {
  return `The group "${displayName}" was found by its display name; its object id is ${id}. Display names are not unique: check it is the group you mean.`;
}

/** Warnings for a group grant; unknown member kinds get all of them. */
export function groupWarnings(model: PermissionModel, memberKinds: readonly GroupMemberKind[] | undefined): string[] {
  const has = (k: GroupMemberKind) => memberKinds === undefined || memberKinds.length === 0 || memberKinds.includes(k);
  const warnings: string[] = [];
  if (has('managed-identity')) warnings.push(MANAGED_IDENTITY_GROUP_WARNING);
  // On an RBAC vault the role assignment itself is the IAM role the FAQ asks for.
  if (model === 'access-policy' && (has('application') || has('managed-identity')))
    warnings.push(APPLICATION_IAM_WARNING);
  return warnings;
}
