/**
 * The EntitlementChecker (DESIGN.md §7) over the AzureDirectory port: a person may approve a
 * change to a vault when they are a member of the configured approver group, or hold Owner, User
 * Access Administrator or Key Vault Contributor on the vault or a scope above it (directly or
 * through a group). Asked live at every decision; nothing is cached.
 */
import type { Entitlement, EntitlementChecker } from './entitlement-checker.js';
import type { AzureDirectory, CallOptions } from '../probes/azure-directory.js';
import { describeScope, relateScope } from '../probes/scope.js';

/** Built-in roles (by GUID) whose holders may approve access changes to a vault. */
export const APPROVER_ROLES: Readonly<Record<string, string>> = Object.freeze({
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
  'f25e0fa2-a7c8-4377-a976-54943a77a395': 'Key Vault Contributor',
});

/** Options of {@link DirectoryEntitlementChecker}. */
export interface DirectoryEntitlementOptions {
  /** Entra object id of the approver group (`KVBOT_APPROVER_GROUP_ID`), if configured. */
  approverGroupId?: string;
}

/** Answers "may this person approve changes to this vault?" from Entra and Azure RBAC. */
export class DirectoryEntitlementChecker implements EntitlementChecker {
  constructor(
    private readonly directory: AzureDirectory,
    private readonly options: DirectoryEntitlementOptions = {},
  ) {}

  /** Throws (AzureAccessError) when Azure cannot be read; the ApprovalService turns that into a refusal. */
  async isEntitledApprover(userId: string, vaultId: string, options: CallOptions = {}): Promise<Entitlement> {
    const groupId = this.options.approverGroupId?.toLowerCase();
    if (groupId) {
      const groups = await this.directory.getMemberGroups(userId, options);
      if (groups.some((g) => g.toLowerCase() === groupId))
        return { entitled: true, reason: `member of the approver group ${this.options.approverGroupId}` };
    }
    const assignments = await this.directory.listRoleAssignments(vaultId, { assignedTo: userId }, options);
    for (const a of assignments) {
      const relation = relateScope(a.scope, vaultId);
      if (relation !== 'vault' && relation !== 'inherited') continue;
      const guid = a.roleDefinitionId.split('/').pop()?.toLowerCase() ?? '';
      const role = APPROVER_ROLES[guid];
      if (role) return { entitled: true, reason: `${role} on ${describeScope(a.scope, vaultId)}` };
    }
    const group = groupId ? 'not a member of the approver group, and ' : '';
    return {
      entitled: false,
      reason: `${group}no Owner, User Access Administrator or Key Vault Contributor role on the vault or above it.`,
    };
  }
}
