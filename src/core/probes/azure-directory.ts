import type {
  AccessPolicy,
  DiagnosticSetting,
  DirectoryObject,
  Metric,
  MetricsQuery,
  RoleAssignment,
  RoleDefinition,
  Vault,
} from './azure-model.js';

/** The model the port speaks, re-exported so an adapter imports the port and its vocabulary from one place. */
export type * from './azure-model.js';

/** Options every call to Azure accepts (Azure SDK guideline: `abortSignal` on every async call). */
export interface CallOptions {
  abortSignal?: AbortSignal;
}

/** Filter for role assignments, mirroring ARM's `$filter` semantics (azure-facts.md §3.3). */
export interface RoleAssignmentFilter {
  /** `assignedTo('{id}')`: assignments to this user/SP, directly or through (nested) groups. */
  assignedTo?: string;
  /** `principalId eq '{id}'`: direct assignments to this user, group or SP only. */
  principalId?: string;
  /** `atScope()`: only assignments at the scope itself or above it, none below it. */
  atScope?: boolean;
}

/** The kind of access-policy update (ARM `accessPolicies/{kind}`). Never a whole-vault PUT. */
export type AccessPolicyUpdateKind = 'add' | 'replace' | 'remove';

/**
 * The port through which the core reads and changes Azure: ARM (Key Vault, Authorization,
 * Insights) and Microsoft Graph. Implemented by `src/adapters/azure` over the real SDK clients;
 * in sandbox mode the same adapter talks to the embedded emulator. Every method throws only
 * `AzureAccessError`.
 */
export interface AzureDirectory {
  /** True when answers come from the emulator, so results can say "sandbox". */
  readonly sandbox: boolean;
  /** Finds a vault by name across the configured subscriptions; undefined when none has it. */
  findVault(name: string, options?: CallOptions): Promise<Vault | undefined>;
  /**
   * Names of the vaults the last listing saw (after a `findVault` that found nothing, every vault of
   * the readable subscriptions), for "did you mean" on a mistyped name. Optional: a directory that
   * keeps no listing offers none.
   */
  knownVaultNames?(): string[];
  /** Reads a vault by its ARM id (fresh, no cache). */
  getVault(vaultId: string, options?: CallOptions): Promise<Vault>;
  /** Incremental access-policy update; returns the vault's access policies after the change. */
  updateAccessPolicies(
    vaultId: string,
    kind: AccessPolicyUpdateKind,
    entries: AccessPolicy[],
    options?: CallOptions,
  ): Promise<AccessPolicy[]>;
  /** Role assignments that apply at a scope (at, above and below it unless `atScope`). */
  listRoleAssignments(scope: string, filter?: RoleAssignmentFilter, options?: CallOptions): Promise<RoleAssignment[]>;
  /** Reads a role definition by its full ARM id or GUID. */
  getRoleDefinition(roleDefinitionId: string, options?: CallOptions): Promise<RoleDefinition>;
  /** Finds role definitions by exact name (e.g. `Key Vault Secrets User`) usable at a scope. */
  findRoleDefinitions(scope: string, roleName: string, options?: CallOptions): Promise<RoleDefinition[]>;
  /** Creates a role assignment with the given GUID name. */
  createRoleAssignment(
    scope: string,
    name: string,
    assignment: { roleDefinitionId: string; principalId: string; principalType?: string },
    options?: CallOptions,
  ): Promise<RoleAssignment>;
  /** Deletes a role assignment by full ARM id. */
  deleteRoleAssignment(roleAssignmentId: string, options?: CallOptions): Promise<void>;
  /** Resolves directory object ids; ids that resolve to nothing are absent from the result. */
  getDirectoryObjects(ids: string[], options?: CallOptions): Promise<DirectoryObject[]>;
  /** Transitive security-group ids the object is a member of (Graph `getMemberObjects`). */
  getMemberGroups(objectId: string, options?: CallOptions): Promise<string[]>;
  /**
   * The user with this userPrincipalName ("bob@contoso.com"), if any: how a person named by address
   * becomes an object id to check. Optional: a directory without it leaves such requests to words.
   */
  findUserByPrincipalName?(upn: string, options?: CallOptions): Promise<DirectoryObject | undefined>;
  /** Groups whose display name equals `displayName` (Graph `$filter=displayName eq '…'`). */
  findGroupsByName(displayName: string, options?: CallOptions): Promise<DirectoryObject[]>;
  /** The service principal of an application id, if any. */
  findServicePrincipalByAppId(appId: string, options?: CallOptions): Promise<DirectoryObject | undefined>;
  /** Diagnostic settings on a resource (vault id). */
  listDiagnosticSettings(resourceId: string, options?: CallOptions): Promise<DiagnosticSetting[]>;
  /** Creates or replaces one diagnostic setting. */
  putDiagnosticSetting(
    resourceId: string,
    setting: DiagnosticSetting,
    options?: CallOptions,
  ): Promise<DiagnosticSetting>;
  /** Deletes one diagnostic setting by name. */
  deleteDiagnosticSetting(resourceId: string, name: string, options?: CallOptions): Promise<void>;
  /** Reads metrics of a resource. */
  getMetrics(resourceId: string, query: MetricsQuery, options?: CallOptions): Promise<Metric[]>;
}
