/**
 * Who may run which probe (DESIGN.md §7): a user may probe their own access; probing someone
 * else's principal, scanning a whole vault for unknown policies, listing who may modify it for
 * someone else, and exporting its policies are for approvers of that vault.
 */
import type { ProbeName } from './probe-result.js';

/** The probe someone asks for. */
export interface ProbeRequest {
  probe: ProbeName;
  vault: string;
  principal?: string;
}

/** The person asking (their Entra object id). */
export interface Asker {
  objectId: string;
}

/** Whether the asker is an approver of the vault (approver group, Owner, User Access Administrator, Key Vault Contributor). */
export type ApproverCheck = (asker: Asker, vault: string) => boolean | Promise<boolean>;

/** The authorisation decision, with a reason to show when refused. */
export interface ProbeAuthorization {
  allowed: boolean;
  needsApprover: boolean;
  reason: string;
}

/** Probes that read the vault's health rather than anyone's access: any user may run them. */
const OPEN_PROBES: readonly ProbeName[] = ['logging-status', 'throttling', 'availability'];
/** Probes that read the whole vault's access: approvers only. */
const APPROVER_PROBES: readonly ProbeName[] = ['unknown-policies', 'arm-export'];

/** Whether the request needs an approver of the vault (pure, no lookup). */
export function needsApprover(request: ProbeRequest, asker: Asker): boolean {
  if (OPEN_PROBES.includes(request.probe)) return false;
  if (APPROVER_PROBES.includes(request.probe)) return true;
  const own = request.principal === undefined || request.principal.toLowerCase() === asker.objectId.toLowerCase();
  return !own;
}

/** Decides whether `asker` may run the probe; consults `isApprover` only when needed. */
export async function authorizeProbe(
  request: ProbeRequest,
  asker: Asker,
  isApprover: ApproverCheck,
): Promise<ProbeAuthorization> {
  if (!needsApprover(request, asker))
    return {
      allowed: true,
      needsApprover: false,
      reason: "You may run this probe about your own access or the vault's health.",
    };
  if (await isApprover(asker, request.vault))
    return { allowed: true, needsApprover: true, reason: `You are an approver of ${request.vault}.` };
  const what =
    request.probe === 'arm-export'
      ? 'export its access policies'
      : request.probe === 'unknown-policies'
        ? 'scan all of its access policies'
        : "check another principal's access";
  return {
    allowed: false,
    needsApprover: true,
    reason: `Only approvers of ${request.vault} may ${what} (${request.probe}); you can probe your own access, or ask an approver.`,
  };
}
