/**
 * The port that answers "may this person approve changes to this vault?" (DESIGN.md §7: a member
 * of the configured approver group, or an Owner / User Access Administrator / Key Vault
 * Contributor of the vault). Asked live at decision time, never cached from when a card was sent.
 */

/** The answer, with a reason that goes into the audit log and, when refused, to the person. */
export interface Entitlement {
  entitled: boolean;
  reason: string;
}

/** Implemented over Azure (role assignments, group membership) in the adapters. */
export interface EntitlementChecker {
  isEntitledApprover(userId: string, vaultId: string): Promise<Entitlement>;
}
