/**
 * What apply, verify and undo return. Results are values the dialog renders and the audit log
 * records; the service never throws for an Azure failure.
 */
import type { FixFailure, FixPlan, PlanOutcome } from './fix-plan.js';

/** One thing verify checked against the re-read Azure state. */
export interface VerifyCheck {
  description: string;
  ok: boolean;
}

/** The call went through. `plan` is the plan actually applied: store it, its inverse is the undo. */
export interface AppliedResult {
  status: 'applied';
  plan: FixPlan;
  /** True when the vault had changed but re-planning produced the same change, so the fresh plan was applied. */
  replanned: boolean;
  message: string;
}

/** The vault changed since planning in a way that changes the plan; nothing was applied. */
export interface StaleResult {
  status: 'stale';
  message: string;
  /** The plan recomputed from the current state (absent for undo plans, which cannot be re-planned). */
  fresh?: PlanOutcome;
}

/** A call to Azure failed; `message` says what a person can do about it. */
export interface FailedResult {
  status: 'failed';
  failure: FixFailure;
  message: string;
}

/** The re-read state shows the plan's after-state. */
export interface VerifiedResult {
  status: 'verified';
  checks: VerifyCheck[];
  message: string;
}

/** The re-read state does not (yet) show the after-state. */
export interface NotVerifiedResult {
  status: 'not-verified';
  checks: VerifyCheck[];
  message: string;
}

/** Result of {@link FixService.apply}. */
export type ApplyResult = AppliedResult | StaleResult | FailedResult;

/** Result of {@link FixService.verify}. */
export type VerifyResult = VerifiedResult | NotVerifiedResult | FailedResult;

/** Result of {@link FixService.undo}: the inverse's apply and, when it was applied, its verification. */
export interface UndoResult {
  apply: ApplyResult;
  verify?: VerifyResult;
}
