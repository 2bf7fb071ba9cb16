/**
 * What a dialog (or a probe's proposed fix) asks the FixService to plan. Requests are plain JSON
 * and are stored in the plan so a stale plan can be recomputed from the same question.
 */

/** Who the group grant is for, to pick the relevant warnings (unknown → all of them). */
export type GroupMemberKind = 'user' | 'application' | 'managed-identity';

/** Grant missing access-policy permissions to a user, service principal or group. */
export interface GrantAccessPolicyRequest {
  fix: 'grant-access-policy';
  /** Vault name or ARM id. */
  vault: string;
  /** Object id of the user, service principal or security group. */
  principalId: string;
  /** Operations in access-policy terms, e.g. `secrets/list`, `keys/sign`. */
  operations: string[];
}

/** Give an Entra group access, by display name or object id. */
export interface GrantGroupAccessRequest {
  fix: 'grant-group-access';
  vault: string;
  /** The group's display name or object id. */
  group: string;
  operations: string[];
  /** What the group contains, if the requester said; selects warnings. */
  memberKinds?: GroupMemberKind[];
}

/** Assign the least-privilege built-in Key Vault role (RBAC vaults). */
export interface AssignRbacRoleRequest {
  fix: 'assign-rbac-role';
  vault: string;
  principalId: string;
  operations: string[];
}

/** Remove an access-policy entry whose object id no longer resolves or is an application object. */
export interface RemoveOrphanedPolicyRequest {
  fix: 'remove-orphaned-policy';
  vault: string;
  objectId: string;
  /** Selects a compound-identity entry; omit for the plain entry. */
  applicationId?: string;
}

/** Send the vault's AuditEvent logs (and AllMetrics) to a Log Analytics workspace or a storage account. */
export interface EnableAuditLoggingRequest {
  fix: 'enable-audit-logging';
  vault: string;
  /** ARM id of a Log Analytics workspace. */
  workspaceId?: string;
  /** ARM id of a storage account. */
  storageAccountId?: string;
  /** Diagnostic setting name; defaults to the service's configured name. */
  settingName?: string;
}

/** Any fix request. */
export type FixRequest =
  | GrantAccessPolicyRequest
  | GrantGroupAccessRequest
  | AssignRbacRoleRequest
  | RemoveOrphanedPolicyRequest
  | EnableAuditLoggingRequest;
