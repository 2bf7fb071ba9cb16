/**
 * What happened to a fix, told to whoever listens (escalation keeps the plan for a case packet
 * and offers a person when a fix fails, is given up by its requester or its approval expires).
 * The fix and approval dialogs only call the hook; the composition root decides what it does, so
 * neither feature imports the other.
 */
import type { TurnContext } from 'botbuilder';
import type { FixPlan } from '../../src/core/fixes/fix-plan.js';

/**
 * How far a fix got: `proposed` (plan shown), `cancelled` (the requester cancelled the plan),
 * `withdrawn` (the requester rejected their own request), `rejected` (an approver rejected it),
 * `stale` (the vault changed, nothing applied), `apply-failed`, `verify-failed`, `verified`,
 * `expired` (nobody decided in time).
 */
export type FixEventStatus =
  | 'proposed'
  | 'cancelled'
  | 'withdrawn'
  | 'rejected'
  | 'stale'
  | 'apply-failed'
  | 'verify-failed'
  | 'verified'
  | 'expired';

/** One step of a fix, about one plan. */
export interface FixEvent {
  status: FixEventStatus;
  kind: 'fix' | 'undo';
  vault: string;
  /** The plan's one-line summary. */
  summary: string;
  plan?: FixPlan;
  /** The approval request, once there is one. */
  requestId?: string;
  /** What went wrong, in words (failures). */
  message?: string;
}

/**
 * Receives fix events, always with a turn in the REQUESTER's conversation: their own turn when
 * they acted, otherwise a proactive one (the approver's click, the expiry sweep).
 */
export type FixEventHook = (context: TurnContext, event: FixEvent) => Promise<void>;
