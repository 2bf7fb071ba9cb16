/**
 * The requester's side of a fix as a use case: plan it from live Azure state (audited) and keep
 * the plan as a draft to confirm; confirm a draft with a justification and an optional time
 * limit, which creates the approval request; cancel a draft; and draft the undo of an applied
 * fix (an undo is itself approved). Every step returns an outcome the conversation renders
 * (dialogs/fix/fix-flow.ts); clicks on someone else's draft are refused and audited here.
 */
import type { ApprovalRequest, Person } from '../approvals/approval-request.js';
import { appliedPlanOf } from '../approvals/approval-request.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { AuditAppender } from '../audit/audit-log.js';
import type { FixDraft, FixDrafts } from './fix-drafts.js';
import type { GroupCandidate, PlanOutcome } from './fix-plan.js';
import type { FixRequest } from './fix-request.js';
import type { FixService } from './fix-service.js';

/** Longest justification an approver is asked to read. */
export const MAX_JUSTIFICATION = 500;

/** What planning came to. */
export type ProposeOutcome =
  /** Plans to confirm, each kept as a draft; `message` comes before them (a split plan says why). */
  | { kind: 'drafts'; drafts: FixDraft[]; message?: string }
  /** A group name matched several groups: the requester picks one. */
  | { kind: 'ambiguous'; message: string; candidates: GroupCandidate[] }
  /** Nothing to confirm: not found, nothing to change, a question back, a refusal or a failure. */
  | { kind: 'not-planned'; outcome: Exclude<PlanOutcome, { kind: 'planned' | 'split' | 'ambiguous' }> };

/** What a confirmation came to. */
export type ConfirmOutcome =
  | { kind: 'unknown-draft' }
  /** Someone other than the requester pressed Send (audited). */
  | { kind: 'not-requester'; draft: FixDraft }
  | { kind: 'no-justification' }
  | { kind: 'justification-too-long' }
  /** The draft was confirmed or cancelled before. */
  | { kind: 'closed'; draft?: FixDraft }
  /** The approval request was created; `hours` is the time limit, if any. */
  | { kind: 'created'; request: ApprovalRequest; hours?: number };

/** What a cancellation came to. */
export type CancelOutcome =
  | { kind: 'not-requester'; draft: FixDraft }
  | { kind: 'cancelled'; draft: FixDraft }
  | { kind: 'already-confirmed'; draft: FixDraft }
  | { kind: 'nothing-to-cancel' };

/** What asking to undo an applied fix came to. */
export type UndoOutcome =
  | { kind: 'unknown-fix' }
  | { kind: 'not-applied'; status: ApprovalRequest['status'] }
  | { kind: 'no-undo' }
  | { kind: 'drafted'; draft: FixDraft };

/** Ports of {@link FixProposals}. */
export interface FixProposalsOptions {
  fixes: Pick<FixService, 'plan'>;
  approvals: Pick<ApprovalService, 'create' | 'get'>;
  drafts: FixDrafts;
  audit: AuditAppender;
  clock: () => Date;
}

/** Plans, confirms, cancels and undoes fixes for their requester. */
export class FixProposals {
  constructor(private readonly o: FixProposalsOptions) {}

  /** Plans `request` for `requester` (audited) and keeps what is to be confirmed as drafts. */
  async propose(
    request: FixRequest,
    requester: Person,
    options: { grantHours?: number } = {},
  ): Promise<ProposeOutcome> {
    const outcome = await this.o.fixes.plan(request);
    await this.o.audit.append({
      type: 'plan',
      actor: requester,
      vault: request.vault,
      data: {
        fix: request.fix,
        request,
        outcome: outcome.kind,
        summary: outcome.kind === 'planned' ? outcome.plan.summary : outcome.message,
      },
    });
    const grant = options.grantHours ? { grantHours: options.grantHours } : {};
    switch (outcome.kind) {
      case 'planned':
        return {
          kind: 'drafts',
          drafts: [await this.o.drafts.create({ kind: 'fix', requester, plan: outcome.plan, ...grant })],
        };
      case 'split': {
        const drafts: FixDraft[] = [];
        for (const plan of outcome.plans)
          drafts.push(await this.o.drafts.create({ kind: 'fix', requester, plan, ...grant }));
        return { kind: 'drafts', drafts, message: outcome.message };
      }
      case 'ambiguous':
        return { kind: 'ambiguous', message: outcome.message, candidates: outcome.candidates };
      case 'refused':
        if (outcome.alternative?.kind === 'planned') {
          const note = `${outcome.message} Instead, I suggest:`;
          return {
            kind: 'drafts',
            drafts: [
              await this.o.drafts.create({ kind: 'fix', requester, plan: outcome.alternative.plan, ...grant, note }),
            ],
          };
        }
        return { kind: 'not-planned', outcome };
      default:
        return { kind: 'not-planned', outcome };
    }
  }

  /** The requester confirmed a draft: checks who and why, closes the draft once and creates the approval request. */
  async confirm(
    draftId: unknown,
    actor: Person,
    input: { justification: unknown; grantHours?: number },
  ): Promise<ConfirmOutcome> {
    const draft = await this.o.drafts.get(draftId);
    if (!draft) return { kind: 'unknown-draft' };
    if (draft.requester.id !== actor.id) {
      await this.refused(actor, draft, 'fix.confirm');
      return { kind: 'not-requester', draft };
    }
    const justification = typeof input.justification === 'string' ? input.justification.trim() : '';
    if (!justification) return { kind: 'no-justification' };
    if (justification.length > MAX_JUSTIFICATION) return { kind: 'justification-too-long' };
    const claimed = await this.o.drafts.close(draft.id, 'confirmed');
    if (!claimed.ok) return { kind: 'closed', ...(claimed.draft ? { draft: claimed.draft } : {}) };
    const hours = draft.kind === 'fix' ? input.grantHours : undefined;
    const request = await this.o.approvals.create({
      kind: draft.kind,
      requester: actor,
      vault: { id: draft.plan.vault.id, name: draft.plan.vault.name },
      plan: draft.plan,
      justification,
      ...(hours ? { grantHours: hours } : {}),
      ...(draft.undoOf ? { undoOf: draft.undoOf } : {}),
      correlationId: draft.id,
    });
    await this.o.drafts.linkRequest(draft.id, request.id);
    return { kind: 'created', request, ...(hours ? { hours } : {}) };
  }

  /** The requester cancelled a draft. */
  async cancel(draftId: unknown, actor: Person): Promise<CancelOutcome> {
    const draft = await this.o.drafts.get(draftId);
    if (draft && draft.requester.id !== actor.id) {
      await this.refused(actor, draft, 'fix.cancel');
      return { kind: 'not-requester', draft };
    }
    const closed = await this.o.drafts.close(draftId, 'cancelled');
    if (closed.ok) return { kind: 'cancelled', draft: closed.draft };
    return closed.draft?.status === 'confirmed'
      ? { kind: 'already-confirmed', draft: closed.draft }
      : { kind: 'nothing-to-cancel' };
  }

  /** Drafts the undo of an applied fix for `actor` to confirm. */
  async requestUndo(requestId: unknown, actor: Person): Promise<UndoOutcome> {
    const original = typeof requestId === 'string' && requestId ? await this.o.approvals.get(requestId) : undefined;
    if (!original || original.kind !== 'fix') return { kind: 'unknown-fix' };
    if (original.status !== 'applied') return { kind: 'not-applied', status: original.status };
    const plan = appliedPlanOf(original);
    if (!plan.inverse) return { kind: 'no-undo' };
    return {
      kind: 'drafted',
      draft: await this.o.drafts.create({ kind: 'undo', requester: actor, plan: plan.inverse, undoOf: original.id }),
    };
  }

  /** Audits a click on someone else's plan (a draft hijack, or a third party's undo draft). */
  private async refused(actor: Person, draft: FixDraft, operation: 'fix.confirm' | 'fix.cancel'): Promise<void> {
    await this.o.audit.append({
      type: 'refusal',
      actor,
      vault: draft.plan.vault.name,
      correlationId: draft.id,
      data: {
        operation,
        code: 'not-requester',
        reason: `Only ${draft.requester.name} (${draft.requester.id}), who asked for this ${draft.kind === 'undo' ? 'undo' : 'fix'}, may ${operation === 'fix.confirm' ? 'send it for approval' : 'cancel it'}.`,
        draftKind: draft.kind,
        owner: draft.requester.id,
        ...(draft.undoOf ? { undoOf: draft.undoOf } : {}),
      },
    });
  }
}
