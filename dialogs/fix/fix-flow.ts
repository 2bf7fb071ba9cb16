/**
 * The requester's side of a fix: plan it from live Azure state and show the plan (or the
 * question the planner asks back), take the confirmation with a justification and an optional
 * time limit, create the approval request and send it to the approvers; and the same for Undo.
 */
import { keyedPerson } from '../../src/core/identity/identity.js';
import { identityOf } from '../identity-of.js';
import { MessageFactory, TurnContext } from 'botbuilder';
import type { ApprovalRequest, Person } from '../../src/core/approvals/approval-request.js';
import type { ApprovalService } from '../../src/core/approvals/approval-service.js';
import type { AuditAppender } from '../../src/core/audit/audit-log.js';
import type { PlanOutcome } from '../../src/core/fixes/fix-plan.js';
import type { FixRequest } from '../../src/core/fixes/fix-request.js';
import type { FixService } from '../../src/core/fixes/fix-service.js';
import type { ApprovalWorkflow, Distribution } from '../approval/approval-workflow.js';
import { appliedPlanOf } from '../approval/approval-workflow.js';
import { candidatesCard, hoursLabel, planCard } from './fix-cards.js';
import type { FixDraft, FixDrafts } from './fix-drafts.js';
import type { FixEventHook } from './fix-events.js';

/** What the flow works with. */
export interface FixFlowOptions {
  fixes: FixService;
  approvals: ApprovalService;
  workflow: ApprovalWorkflow;
  drafts: FixDrafts;
  audit: AuditAppender;
  clock?: () => Date;
  /** Told when a plan is shown and when its requester cancels it (see fix-events.ts). */
  onFixEvent?: FixEventHook;
}

/** The requester's fix flow. */
export class FixFlow {
  private readonly clock: () => Date;

  constructor(private readonly o: FixFlowOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** Plans `request` and shows the plan card, or what the planner needs or found instead. */
  async propose(context: TurnContext, request: FixRequest, options: { grantHours?: number } = {}): Promise<void> {
    const requester = keyedPerson(identityOf(context));
    const outcome = await this.o.fixes.plan(request);
    await this.o.audit.append({
      type: 'plan', actor: requester, vault: request.vault,
      data: { fix: request.fix, request, outcome: outcome.kind, summary: outcome.kind === 'planned' ? outcome.plan.summary : outcome.message },
    });
    await this.show(context, requester, outcome, request, options.grantHours);
  }

  private async show(context: TurnContext, requester: Person, outcome: PlanOutcome, request: FixRequest, grantHours?: number, note?: string): Promise<void> {
    switch (outcome.kind) {
      case 'planned': {
        const draft = await this.o.drafts.create({ kind: 'fix', requester, plan: outcome.plan, ...(grantHours ? { grantHours } : {}), ...(note ? { note } : {}) });
        await context.sendActivity(MessageFactory.attachment(planCard(draft)));
        await this.tell(context, draft, 'proposed');
        return;
      }
      case 'split': {
        await context.sendActivity(outcome.message);
        for (const plan of outcome.plans) {
          const draft = await this.o.drafts.create({ kind: 'fix', requester, plan, ...(grantHours ? { grantHours } : {}) });
          await context.sendActivity(MessageFactory.attachment(planCard(draft)));
          await this.tell(context, draft, 'proposed');
        }
        return;
      }
      case 'ambiguous':
        await context.sendActivity(MessageFactory.attachment(candidatesCard(outcome.message, outcome.candidates, request)));
        return;
      case 'refused':
        if (outcome.alternative?.kind === 'planned') {
          await this.show(context, requester, outcome.alternative, request, grantHours, `${outcome.message} Instead, I suggest:`);
          return;
        }
        await context.sendActivity(outcome.message);
        return;
      case 'not-found':
        await context.sendActivity(outcome.what === 'group'
          ? `${outcome.message} Check the group's exact display name (or give its object id) and ask again, e.g. "give group Payments Readers access to ${request.vault}".`
          : outcome.message);
        return;
      case 'nothing-to-change':
      case 'needs-input':
      case 'failed':
        await context.sendActivity(outcome.message);
        return;
    }
  }

  /** The requester confirmed a plan card: create the approval request and send it to approvers. */
  async confirm(context: TurnContext, value: Record<string, unknown>, grantHours: number | undefined): Promise<void> {
    const actor = keyedPerson(identityOf(context));
    const draft = await this.o.drafts.get(value.draftId);
    if (!draft) {
      await context.sendActivity('I no longer have this plan (it may come from an old card). Ask for the fix again and I will plan it from the vault as it is now.');
      return;
    }
    if (draft.requester.id !== actor.id) {
      await this.refused(actor, draft, 'fix.confirm');
      await context.sendActivity(`Only ${draft.requester.name}, who asked for this fix, can send it for approval.`);
      return;
    }
    const justification = typeof value.justification === 'string' ? value.justification.trim() : '';
    if (!justification) {
      await context.sendActivity('Please write why you need this in the justification box, then press **Send for approval** again. Approvers see it.');
      return;
    }
    if (justification.length > 500) {
      await context.sendActivity('Please keep the justification under 500 characters.');
      return;
    }
    const claimed = await this.o.drafts.close(draft.id, 'confirmed');
    if (!claimed.ok) {
      const already = claimed.draft?.requestId ? ` (request ${claimed.draft.requestId})` : '';
      await context.sendActivity(claimed.draft?.status === 'cancelled' ? 'You cancelled this plan. Ask again to start over.' : `This plan was already sent for approval${already}.`);
      return;
    }
    const hours = draft.kind === 'fix' ? grantHours : undefined;
    const request = await this.o.approvals.create({
      kind: draft.kind,
      requester: actor,
      vault: { id: draft.plan.vault.id, name: draft.plan.vault.name },
      plan: draft.plan,
      justification,
      ...(hours ? { grantExpiresAt: new Date(this.clock().getTime() + hours * 3_600_000) } : {}),
      ...(draft.undoOf ? { undoOf: draft.undoOf } : {}),
      correlationId: draft.id,
    });
    await this.o.drafts.linkRequest(draft.id, request.id);
    const reach = await this.o.workflow.distribute(request, TurnContext.getConversationReference(context.activity));
    await context.sendActivity(this.sentMessage(request, reach, hours));
  }

  /** The requester cancelled a plan card. */
  async cancel(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const draft = await this.o.drafts.get(value.draftId);
    if (draft && draft.requester.id !== keyedPerson(identityOf(context)).id) {
      await this.refused(keyedPerson(identityOf(context)), draft, 'fix.cancel');
      await context.sendActivity(`Only ${draft.requester.name} can cancel this plan.`);
      return;
    }
    const closed = await this.o.drafts.close(value.draftId, 'cancelled');
    await context.sendActivity(closed.ok ? 'Cancelled. Nothing was changed.' : closed.draft?.status === 'confirmed' ? 'This plan was already sent for approval; the approver can reject it, or you can withdraw it by rejecting it on the approval card.' : 'There is nothing to cancel.');
    if (closed.ok) await this.tell(context, closed.draft, 'cancelled');
  }

  /** "Undo" on a result card: show the undo plan for confirmation (an undo is itself approved). */
  async requestUndo(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const requestId = typeof value.requestId === 'string' ? value.requestId : '';
    const original = requestId ? await this.o.approvals.get(requestId) : undefined;
    if (!original || original.kind !== 'fix') {
      await context.sendActivity('I cannot find the fix to undo (the button may come from an old card).');
      return;
    }
    if (original.status !== 'applied') {
      await context.sendActivity(original.status === 'undone' ? 'This fix was already undone.' : `This fix is ${original.status}, so there is nothing to undo.`);
      return;
    }
    const plan = appliedPlanOf(original);
    if (!plan?.inverse) {
      await context.sendActivity('This fix has no undo plan. Change the vault by hand, or ask for a new fix.');
      return;
    }
    const draft: FixDraft = await this.o.drafts.create({ kind: 'undo', requester: keyedPerson(identityOf(context)), plan: plan.inverse, undoOf: original.id });
    await context.sendActivity(MessageFactory.attachment(planCard(draft)));
    await this.tell(context, draft, 'proposed');
  }

  /** Audits a click on someone else's plan (a draft hijack, or a third party's undo draft). */
  private async refused(actor: Person, draft: FixDraft, operation: string): Promise<void> {
    await this.o.audit.append({
      type: 'refusal', actor, vault: draft.plan.vault.name, correlationId: draft.id,
      data: { operation, code: 'not-requester', reason: `Only ${draft.requester.name} (${draft.requester.id}), who asked for this ${draft.kind === 'undo' ? 'undo' : 'fix'}, may ${operation === 'fix.confirm' ? 'send it for approval' : 'cancel it'}.`, draftKind: draft.kind, owner: draft.requester.id, ...(draft.undoOf ? { undoOf: draft.undoOf } : {}) },
    });
  }

  private async tell(context: TurnContext, draft: FixDraft, status: 'proposed' | 'cancelled'): Promise<void> {
    await this.o.onFixEvent?.(context, { status, kind: draft.kind, vault: draft.plan.vault.name, summary: draft.plan.summary, plan: draft.plan, ...(draft.requestId ? { requestId: draft.requestId } : {}) });
  }

  private sentMessage(request: ApprovalRequest, reach: Distribution, hours: number | undefined): string {
    const whom = [
      ...(reach.channel ? ['the approvals channel'] : []),
      ...(reach.approvers.length > 0 ? [`${reach.approvers.map((a) => a.name ?? a.aadObjectId).join(', ')} (1:1)`] : []),
    ];
    const time = hours ? ` If approved, the access lasts ${hoursLabel(hours).toLowerCase()} and is then removed automatically.` : '';
    if (whom.length === 0) {
      return `Your request is saved (id ${request.id}), but I cannot reach any approver yet: no approvals channel is registered and no approver has chatted with me. Ask an approver of ${request.vault.name} (an Owner, User Access Administrator or Key Vault Contributor, or a member of the approver group) to send me "show approval ${request.id}". It expires at ${request.expiresAt}.${time}`;
    }
    return `Sent for approval to ${whom.join(' and ')}. I will tell you here when someone decides. Request ${request.id}, expires at ${request.expiresAt}.${time}`;
  }
}
