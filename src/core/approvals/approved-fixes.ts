/**
 * What happens to a fix once someone decides on it: a rejection ends it; an approval is applied
 * exactly once (the ApprovalService's apply claim), verified by re-reading Azure, re-planned when
 * the vault changed (a fresh draft for the requester to confirm again), and an approved undo marks
 * the fix it undoes. Time-limited grants are revoked (undone) when their time is up. Every step
 * returns an outcome; the conversation (dialogs/approval/approval-workflow.ts) tells people and
 * re-draws cards from it. The rules of who may decide, and when, are the ApprovalService's.
 */
import type { AuditAppender } from '../audit/audit-log.js';
import { SYSTEM_ACTOR } from '../audit/audit-record.js';
import type { FixDraft, FixDrafts } from '../fixes/fix-drafts.js';
import type { FixPlan, PlanOutcome } from '../fixes/fix-plan.js';
import type { ApplyResult, UndoResult, VerifyResult } from '../fixes/fix-result.js';
import type { FixService } from '../fixes/fix-service.js';
import type { ApprovalRefusal } from './approval-refusal.js';
import { appliedPlanOf, type ApprovalRequest, type Person } from './approval-request.js';
import type { ApprovalService } from './approval-service.js';

/** What a decision came to. `request` is the request as it is now. */
export type DecisionOutcome =
  /** Refused (and audited by the ApprovalService); `expired` is true when this click found the request expired. */
  | { kind: 'refused'; refusal: ApprovalRefusal; request?: ApprovalRequest; expired: boolean }
  /** Rejected by an approver, or withdrawn by the requester (who rejected their own request). */
  | { kind: 'rejected'; request: ApprovalRequest; withdrawn: boolean; comment?: string }
  /** Approved, but another worker holds the apply claim (a double click, a second instance). */
  | { kind: 'claimed-elsewhere'; request: ApprovalRequest }
  /** Approved, but the vault changed so the change to make is no longer the same; nothing was applied. `draft`: the fresh plan for the requester to confirm. */
  | { kind: 'stale'; request: ApprovalRequest; message: string; fresh?: PlanOutcome; draft?: FixDraft }
  /** Approved, but applying failed. */
  | { kind: 'apply-failed'; request: ApprovalRequest; message: string }
  /** Approved and applied (`plan`: the plan applied, possibly re-planned), then verified or not. */
  | { kind: 'applied'; request: ApprovalRequest; plan: FixPlan; verify: VerifyResult };

/** What revoking one due time-limited grant came to. */
export type RevocationOutcome =
  | {
      kind: 'revoked';
      request: ApprovalRequest;
      undo: UndoResult & { apply: Extract<ApplyResult, { status: 'applied' }> };
    }
  /** The undo did not apply (audited); the grant stays until a later round or a person. */
  | { kind: 'not-revoked'; request: ApprovalRequest; apply: Exclude<ApplyResult, { status: 'applied' }> };

/** Ports of {@link ApprovedFixes}. */
export interface ApprovedFixesOptions {
  approvals: ApprovalService;
  fixes: FixService;
  drafts: FixDrafts;
  audit: AuditAppender;
}

/** The apply → verify → re-plan → undo → revoke use case. */
export class ApprovedFixes {
  constructor(private readonly o: ApprovedFixesOptions) {}

  /** Applies a card click (approve/reject) by `actor`; an approval is applied and verified before this returns. */
  async decide(payload: unknown, actor: Person): Promise<DecisionOutcome> {
    const result = await this.o.approvals.decide(payload, actor);
    if (!result.ok) {
      const { request } = result; // as the refusal left it: no second read
      return {
        kind: 'refused',
        refusal: result.refusal,
        ...(request ? { request } : {}),
        expired: !!request && result.refusal.code === 'expired',
      };
    }
    const request = result.value;
    if (request.status === 'rejected') {
      const decision = request.decisions.at(-1);
      return {
        kind: 'rejected',
        request,
        withdrawn: decision?.by.id === request.requester.id,
        ...(decision?.comment ? { comment: decision.comment } : {}),
      };
    }
    return this.execute(request, actor);
  }

  /** Revokes applied time-limited grants whose time is up, one at a time, yielding how each went. */
  async *revokeDue(now?: Date): AsyncGenerator<RevocationOutcome> {
    for (const request of await this.o.approvals.dueRevocations(now)) {
      const undo = await this.o.fixes.undo(appliedPlanOf(request));
      if (undo.apply.status !== 'applied') {
        await this.o.audit.append({
          type: 'undo',
          actor: SYSTEM_ACTOR,
          vault: request.vault.name,
          requestId: request.id,
          data: { revocation: true, ok: false, status: undo.apply.status, message: undo.apply.message },
        });
        yield { kind: 'not-revoked', request, apply: undo.apply };
        continue;
      }
      const marked = await this.o.approvals.markUndone(request.id, 'revocation', SYSTEM_ACTOR);
      if (!marked.ok) continue;
      yield { kind: 'revoked', request: marked.value, undo: { ...undo, apply: undo.apply } };
    }
  }

  private async execute(approved: ApprovalRequest, actor: Person): Promise<DecisionOutcome> {
    const claim = await this.o.approvals.claimApply(approved.id);
    if (!claim.ok) return { kind: 'claimed-elsewhere', request: (await this.o.approvals.get(approved.id)) ?? approved };
    const applied = await this.o.fixes.apply(approved.plan);
    if (applied.status === 'stale') {
      const done = await this.finish(approved.id, false, { stale: true, message: applied.message });
      const fresh = applied.fresh;
      const draft =
        fresh?.kind === 'planned' && approved.kind === 'fix'
          ? await this.o.drafts.create({
              kind: 'fix',
              requester: approved.requester,
              plan: fresh.plan,
              note: `${approved.vault.name} changed after you asked, so the approved plan was not applied. Here is the plan for the vault as it is now; confirm it to ask for approval again.`,
            })
          : undefined;
      return {
        kind: 'stale',
        request: done,
        message: applied.message,
        ...(fresh ? { fresh } : {}),
        ...(draft ? { draft } : {}),
      };
    }
    if (applied.status === 'failed') {
      const done = await this.finish(approved.id, false, { message: applied.message, failure: applied.failure });
      return { kind: 'apply-failed', request: done, message: applied.message };
    }
    await this.finish(approved.id, true, {
      plan: applied.plan,
      replanned: applied.replanned,
      message: applied.message,
    });
    const verify = await this.o.fixes.verify(applied.plan);
    const recorded = await this.o.approvals.recordVerification(approved.id, {
      ok: verify.status === 'verified',
      detail: {
        status: verify.status,
        message: verify.message,
        ...('checks' in verify ? { checks: verify.checks } : {}),
      },
    });
    const final = recorded.ok ? recorded.value : ((await this.o.approvals.get(approved.id)) ?? approved);
    // Marks the request this undo reverses; the undo's own record is the one just written.
    if (approved.kind === 'undo' && approved.undoOf)
      await this.o.approvals.markUndone(approved.undoOf, approved.id, { id: actor.id, name: actor.name });
    return { kind: 'applied', request: final, plan: applied.plan, verify };
  }

  private async finish(
    requestId: string,
    succeeded: boolean,
    detail: Record<string, unknown>,
  ): Promise<ApprovalRequest> {
    const r = await this.o.approvals.finishApply(requestId, { succeeded, detail });
    if (r.ok) return r.value;
    const stored = await this.o.approvals.get(requestId);
    if (!stored) throw new Error(`Approval request ${requestId} vanished while it was being applied.`);
    return stored;
  }
}
