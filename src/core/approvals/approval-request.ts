/**
 * The approval request: a fix (or undo) plan that a requester confirmed and that waits for, or
 * has received, a decision by a second person. Stored server-side; an approval card carries only
 * its id and version.
 */
import type { FixPlan } from '../fixes/fix-plan.js';
import { readFixPlan } from '../fixes/fix-plan-schema.js';

/** Where a request is in its life. `applying` is the apply claim: exactly one worker holds it. */
export type ApprovalStatus =
  'pending' | 'approved' | 'rejected' | 'applying' | 'applied' | 'failed' | 'expired' | 'undone' | 'superseded';

/** A person, by Teams/AAD id. */
export interface Person {
  id: string;
  name: string;
}

/** The vault a request changes. */
export interface VaultRef {
  /** ARM resource id. */
  id: string;
  name: string;
}

/** One approve/reject decision. */
export interface ApprovalDecision {
  by: Person;
  decision: 'approve' | 'reject';
  comment?: string;
  at: string;
  /** The entitlement reason given by the EntitlementChecker at decision time. */
  entitlement: string;
}

/** The apply claim and its outcome. */
export interface ApplyRecord {
  claimedBy: string;
  claimedAt: string;
  finishedAt?: string;
  outcome?: 'applied' | 'failed';
  /** What the applier reported (ARM operation, error message). */
  detail?: unknown;
  /** Result of the re-read that checks the fix took effect. */
  verification?: { ok: boolean; detail?: unknown; at: string };
}

/** A stored approval request. */
export interface ApprovalRequest {
  id: string;
  /** Starts at 1; +1 on every change. A card carries the version it was drawn from. */
  version: number;
  kind: 'fix' | 'undo';
  requester: Person;
  vault: VaultRef;
  /** Snapshot of the fix plan the requester confirmed (checked with its schema whenever it is read back). */
  plan: FixPlan;
  /** Hash of the plan's canonical JSON: ties decisions to exactly this plan. */
  planHash: string;
  justification: string;
  status: ApprovalStatus;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  decisions: ApprovalDecision[];
  /**
   * Time-limited grant: how many hours the access lasts once applied. The clock starts when the fix
   * is applied, not when it was asked for: a request approved a day later still gets its full time.
   */
  grantHours?: number;
  /** Time-limited grant: when the applied fix must be revoked (set when it is applied). */
  grantExpiresAt?: string;
  /** For `kind: 'undo'`: the request whose fix this undoes. */
  undoOf?: string;
  /** When superseded: the request that replaced this one. */
  supersededBy?: string;
  /** When undone: the undo request (or `revocation` for an automatic one). */
  undoneBy?: string;
  apply?: ApplyRecord;
  correlationId?: string;
}

/** Statuses after which nothing more happens to a request. */
export const FINAL_STATUSES: readonly ApprovalStatus[] = ['rejected', 'failed', 'expired', 'undone', 'superseded'];

/**
 * A request as storage holds it: JSON whose plan has not been checked yet. {@link readApprovalRequest}
 * turns it into an {@link ApprovalRequest}.
 */
export type StoredApprovalRequest = Omit<ApprovalRequest, 'plan'> & { plan: unknown };

/** The request with its plan checked, or undefined when the stored plan is not a fix plan (damaged, or written by something else). */
export function readApprovalRequest(stored: StoredApprovalRequest): ApprovalRequest | undefined {
  const plan = readFixPlan(stored.plan);
  return plan ? { ...stored, plan } : undefined;
}

/** The plan actually applied for a request (re-planning may have refreshed it), else the approved one. */
export function appliedPlanOf(request: ApprovalRequest): FixPlan {
  const detail = request.apply?.detail;
  const applied = detail && typeof detail === 'object' && 'plan' in detail ? readFixPlan(detail.plan) : undefined;
  return applied ?? request.plan;
}
