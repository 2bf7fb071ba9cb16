/**
 * The approvals' clockwork: on a fixed interval it expires pending requests that timed out,
 * (telling their requesters), revokes time-limited grants whose time is up (with a notice to the requester), and marks
 * applies whose worker vanished as failed. One tick at a time; failures are logged, never thrown.
 */
import type { ApprovalService } from '../../core/approvals/approval-service.js';
import type { ApprovalWorkflow } from '../../../dialogs/approval/approval-workflow.js';
import type { Logger } from './logger.js';

/** Options of {@link startApprovalTimer}. */
export interface ApprovalTimerOptions {
  approvals: ApprovalService;
  workflow: ApprovalWorkflow;
  logger?: Logger;
  /** Default 60 s. */
  intervalInMs?: number;
  /** An apply claimed longer ago than this without finishing is marked failed (default 10 min). */
  stuckApplyAfterInMs?: number;
}

/** A running timer; `tick` runs one round now (tests call it directly). */
export interface ApprovalTimer {
  tick(): Promise<void>;
  close(): void;
}

/** Starts the timer (unref'd: it never keeps the process alive). */
export function startApprovalTimer(options: ApprovalTimerOptions): ApprovalTimer {
  let running: Promise<void> | undefined;
  const round = async (): Promise<void> => {
    try {
      for (const r of await options.approvals.sweepExpired()) await options.workflow.expired(r);
      await options.workflow.revokeDue();
      await options.approvals.failStuckApplies(options.stuckApplyAfterInMs ?? 10 * 60_000);
    } catch (e) {
      options.logger?.error('approval timer round failed', { error: (e as Error)?.message });
    }
  };
  const tick = (): Promise<void> =>
    (running ??= round().finally(() => {
      running = undefined;
    }));
  const handle = setInterval(() => void tick(), options.intervalInMs ?? 60_000);
  handle.unref();
  return { tick, close: () => clearInterval(handle) };
}
