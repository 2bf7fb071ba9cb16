/**
 * The requester's side of a fix in the conversation: show the plan card (or the question the
 * planner asks back), take the confirmation and send the approval card to the approvers, and
 * the same for Undo. What each step does (planning, drafts, who may confirm, the approval
 * request) is the use case `FixProposals` in src/core/fixes; this module renders its outcomes.
 */
import { keyedPerson } from '../../src/core/identity/identity.js';
import { identityOf } from '../identity-of.js';
import { MessageFactory, TurnContext } from 'botbuilder';
import type { ApprovalRequest } from '../../src/core/approvals/approval-request.js';
import type { FixDraft } from '../../src/core/fixes/fix-drafts.js';
import { MAX_JUSTIFICATION, type FixProposals, type ProposeOutcome } from '../../src/core/fixes/fix-proposals.js';
import type { FixRequest } from '../../src/core/fixes/fix-request.js';
import type { ApprovalWorkflow, Distribution } from '../approval/approval-workflow.js';
import { candidatesCard, planCard } from './fix-cards.js';
import { hoursLabel, utcMinute } from '../time-labels.js';
import type { FixEventHook } from './fix-events.js';

/** What the flow works with. */
export interface FixFlowOptions {
  /** The use case (src/core/fixes/fix-proposals.ts). */
  proposals: Pick<FixProposals, 'propose' | 'confirm' | 'cancel' | 'requestUndo'>;
  /** Sends the approval card to the approvers. */
  workflow: Pick<ApprovalWorkflow, 'distribute'>;
  /** Told when a plan is shown and when its requester cancels it (see fix-events.ts). */
  onFixEvent?: FixEventHook;
}

/** The requester's fix flow. */
export class FixFlow {
  constructor(private readonly o: FixFlowOptions) {}

  /** Plans `request` and shows the plan card, or what the planner needs or found instead. */
  async propose(context: TurnContext, request: FixRequest, options: { grantHours?: number } = {}): Promise<void> {
    const outcome = await this.o.proposals.propose(request, keyedPerson(identityOf(context)), options);
    await this.show(context, outcome, request);
  }

  private async show(context: TurnContext, outcome: ProposeOutcome, request: FixRequest): Promise<void> {
    switch (outcome.kind) {
      case 'drafts':
        if (outcome.message) await context.sendActivity(outcome.message);
        for (const draft of outcome.drafts) {
          await context.sendActivity(MessageFactory.attachment(planCard(draft)));
          await this.tell(context, draft, 'proposed');
        }
        return;
      case 'ambiguous':
        await context.sendActivity(
          MessageFactory.attachment(candidatesCard(outcome.message, outcome.candidates, request)),
        );
        return;
      case 'not-planned': {
        const planned = outcome.outcome;
        await context.sendActivity(
          planned.kind === 'not-found' && planned.what === 'group'
            ? `${planned.message} Check the group's exact display name (or give its object id) and ask again, e.g. "give group Payments Readers access to ${request.vault}".`
            : planned.message,
        );
        return;
      }
    }
  }

  /** The requester confirmed a plan card: create the approval request and send it to approvers. */
  async confirm(context: TurnContext, value: Record<string, unknown>, grantHours: number | undefined): Promise<void> {
    const outcome = await this.o.proposals.confirm(value.draftId, keyedPerson(identityOf(context)), {
      justification: value.justification,
      ...(grantHours ? { grantHours } : {}),
    });
    switch (outcome.kind) {
      case 'unknown-draft':
        await context.sendActivity(
          'I no longer have this plan (it may come from an old card). Ask for the fix again and I will plan it from the vault as it is now.',
        );
        return;
      case 'not-requester':
        await context.sendActivity(
          `Only ${outcome.draft.requester.name}, who asked for this fix, can send it for approval.`,
        );
        return;
      case 'no-justification':
        await context.sendActivity(
          'Please write why you need this in the justification box, then press **Send for approval** again. Approvers see it.',
        );
        return;
      case 'justification-too-long':
        await context.sendActivity(`Please keep the justification under ${MAX_JUSTIFICATION} characters.`);
        return;
      case 'closed': {
        const already = outcome.draft?.requestId ? ` (request ${outcome.draft.requestId})` : '';
        await context.sendActivity(
          outcome.draft?.status === 'cancelled'
            ? 'You cancelled this plan. Ask again to start over.'
            : `This plan was already sent for approval${already}.`,
        );
        return;
      }
      case 'created': {
        const reach = await this.o.workflow.distribute(
          outcome.request,
          TurnContext.getConversationReference(context.activity),
        );
        await context.sendActivity(sentMessage(outcome.request, reach, outcome.hours));
        return;
      }
    }
  }

  /** The requester cancelled a plan card. */
  async cancel(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const outcome = await this.o.proposals.cancel(value.draftId, keyedPerson(identityOf(context)));
    switch (outcome.kind) {
      case 'not-requester':
        await context.sendActivity(`Only ${outcome.draft.requester.name} can cancel this plan.`);
        return;
      case 'cancelled':
        await context.sendActivity('Cancelled. Nothing was changed.');
        await this.tell(context, outcome.draft, 'cancelled');
        return;
      case 'already-confirmed':
        await context.sendActivity(
          'This plan was already sent for approval; the approver can reject it, or you can withdraw it by rejecting it on the approval card.',
        );
        return;
      case 'nothing-to-cancel':
        await context.sendActivity('There is nothing to cancel.');
        return;
    }
  }

  /** "Undo" on a result card: show the undo plan for confirmation (an undo is itself approved). */
  async requestUndo(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const outcome = await this.o.proposals.requestUndo(value.requestId, keyedPerson(identityOf(context)));
    switch (outcome.kind) {
      case 'unknown-fix':
        await context.sendActivity('I cannot find the fix to undo (the button may come from an old card).');
        return;
      case 'not-applied':
        await context.sendActivity(
          outcome.status === 'undone'
            ? 'This fix was already undone.'
            : `This fix is ${outcome.status}, so there is nothing to undo.`,
        );
        return;
      case 'no-undo':
        await context.sendActivity('This fix has no undo plan. Change the vault by hand, or ask for a new fix.');
        return;
      case 'drafted':
        await context.sendActivity(MessageFactory.attachment(planCard(outcome.draft)));
        await this.tell(context, outcome.draft, 'proposed');
        return;
    }
  }

  private async tell(context: TurnContext, draft: FixDraft, status: 'proposed' | 'cancelled'): Promise<void> {
    await this.o.onFixEvent?.(context, {
      status,
      kind: draft.kind,
      vault: draft.plan.vault.name,
      summary: draft.plan.summary,
      plan: draft.plan,
      ...(draft.requestId ? { requestId: draft.requestId } : {}),
    });
  }
}

/** "Sent for approval to …", or how to reach an approver when nobody can be reached yet. */
function sentMessage(request: ApprovalRequest, reach: Distribution, hours: number | undefined): string {
  const whom = [
    ...(reach.channel ? ['the approvals channel'] : []),
    ...(reach.approvers.length > 0 ? [`${reach.approvers.map((a) => a.name ?? a.aadObjectId).join(', ')} (1:1)`] : []),
  ];
  const time = hours
    ? ` If approved, the access lasts ${hoursLabel(hours).toLowerCase()} and is then removed automatically.`
    : '';
  if (whom.length === 0) {
    return `Your request is saved (id ${request.id}), but I cannot reach any approver yet: no approvals channel is registered and no approver has chatted with me. Ask an approver of ${request.vault.name} (an Owner, User Access Administrator or Key Vault Contributor, or a member of the approver group) to send me "show approval ${request.id}". It expires at ${utcMinute(request.expiresAt)}.${time}`;
  }
  return `Sent for approval to ${whom.join(' and ')}. I will tell you here when someone decides. Request ${request.id}, expires at ${utcMinute(request.expiresAt)}.${time}`;
}
