/**
 * Who is an approver of a vault, for probe authorisation (DESIGN.md §7): the same rule as for
 * approving fixes (`DirectoryEntitlementChecker`: the approver group, or Owner, User Access
 * Administrator or Key Vault Contributor on the vault or above), looked up by vault name. Read
 * live every time, so a removed role stops counting at once.
 */
import { DirectoryEntitlementChecker } from '../../src/core/approvals/directory-entitlement-checker.js';
import type { AzureDirectory, CallOptions } from '../../src/core/probes/azure-directory.js';
import { isAzureAccessError } from '../../src/core/probes/azure-error.js';
import type { ApproverCheck, Asker } from '../../src/core/probes/probe-authorization.js';

/** Options of {@link vaultApproverCheck}. */
export interface VaultApproverOptions {
  /** Object id of the approver group (config.approvals.approverGroupId). */
  approverGroupId?: string;
  /** Deadline for the lookups. */
  timeoutInMs?: number;
}

/**
 * An ApproverCheck over Azure. Failures to read (vault not found, the bot lacks rights) count as
 * "not an approver": refusing is the safe answer, and the refusal message says how to proceed.
 */
export function vaultApproverCheck(directory: AzureDirectory, options: VaultApproverOptions = {}): ApproverCheck {
  const checker = new DirectoryEntitlementChecker(directory, { approverGroupId: options.approverGroupId });
  return async (asker: Asker, vaultName: string): Promise<boolean> => {
    const call: CallOptions = { abortSignal: AbortSignal.timeout(options.timeoutInMs ?? 15_000) };
    try {
      const vault = await directory.findVault(vaultName, call);
      if (!vault) return false;
      return (await checker.isEntitledApprover(asker.objectId, vault.id, call)).entitled;
    } catch (e) {
      if (isAzureAccessError(e)) return false;
      throw e;
    }
  };
}
