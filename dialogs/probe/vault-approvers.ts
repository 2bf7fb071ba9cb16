/**
 * Who is an approver of a vault (DESIGN.md §7): a member of the configured approver group, or a
 * holder of Owner, User Access Administrator or Key Vault Contributor on the vault or a scope it
 * inherits from (directly or through a group). Read live through the AzureDirectory port every
 * time it is asked, so a removed role stops counting at once.
 */
import type { AzureDirectory, CallOptions } from '../../src/core/probes/azure-directory.js';
import type { ApproverCheck, Asker } from '../../src/core/probes/probe-authorization.js';
import { relateScope } from '../../src/core/probes/scope.js';

/** Built-in roles whose holders approve changes to a vault, by role definition GUID. */
export const APPROVER_ROLES: Readonly<Record<string, string>> = Object.freeze({
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
  'f25e0fa2-a7c8-4377-a976-54943a77a395': 'Key Vault Contributor',
});

/** Options of {@link vaultApproverCheck}. */
export interface VaultApproverOptions {
  /** Object id of the approver group (config.approvals.approverGroupId). */
  approverGroupId?: string;
  /** Deadline for the lookups. */
  timeoutInMs?: number;
}

function roleGuid(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').pop() ?? '').toLowerCase();
}

/**
 * An ApproverCheck over Azure. Failures to read (vault not found, the bot lacks rights) count as
 * "not an approver": refusing is the safe answer, and the refusal message says how to proceed.
 */
export function vaultApproverCheck(directory: AzureDirectory, options: VaultApproverOptions = {}): ApproverCheck {
  return async (asker: Asker, vaultName: string): Promise<boolean> => {
    const call: CallOptions = { abortSignal: AbortSignal.timeout(options.timeoutInMs ?? 15_000) };
    try {
      const group = options.approverGroupId?.toLowerCase();
      const [groups, vault] = await Promise.all([
        group ? directory.getMemberGroups(asker.objectId, call) : Promise.resolve([]),
        directory.findVault(vaultName, call),
      ]);
      if (group && groups.some((g) => g.toLowerCase() === group)) return true;
      if (!vault) return false;
      // assignedTo() includes assignments to the asker's groups; atScope() drops those below the vault.
      const assignments = await directory.listRoleAssignments(vault.id, { assignedTo: asker.objectId, atScope: true }, call);
      return assignments.some((a) => APPROVER_ROLES[roleGuid(a.roleDefinitionId)] !== undefined && relateScope(a.scope, vault.id) !== 'unrelated' && relateScope(a.scope, vault.id) !== 'object');
    } catch (e) {
      if ((e as { name?: unknown })?.name === 'AzureAccessError') return false;
      throw e;
    }
  };
}
