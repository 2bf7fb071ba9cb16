/**
 * Approval card clicks and commands inside a turn: a decision sent as a Universal Action
 * (`adaptiveCard/action` invoke, answered with the card to show) or as an `Action.Submit`
 * message (Agents Playground, terminal chat) both go through {@link ApprovalTurns.decide};
 * `approval.refresh` draws the card for whoever is looking; `register approvals channel`,
 * `show approval <id>` and `my approvals` are typed commands. Also remembers 1:1 conversations for proactive sends.
 */
import { MessageFactory, TurnContext, type Attachment } from 'botbuilder';
import { hasEntraId, keyedPerson } from '../../src/core/identity/identity.js';
import { identityOf } from '../identity-of.js';
import { APPROVAL_VERBS, decisionPayloadOfSubmit } from './approval-actions.js';
import type { ApprovalContacts } from './approval-contacts.js';
import { approvalCard, requestLabel, statusLine } from './approval-cards.js';
import { utcMinute } from '../time-labels.js';
import type { ApprovalWorkflow, DecideOutcome } from './approval-workflow.js';
import type { AuditAppender } from '../../src/core/audit/audit-log.js';

/** The body of an `adaptiveCard/action` invoke response. */
export interface CardActionResponse {
  statusCode: number;
  type:
    | 'application/vnd.microsoft.card.adaptive'
    | 'application/vnd.microsoft.activity.message'
    | 'application/vnd.microsoft.error';
  value: unknown;
}

/** Options of {@link ApprovalTurns}. */
export interface ApprovalTurnsOptions {
  workflow: ApprovalWorkflow;
  contacts: ApprovalContacts;
  /** Who may register the approvals channel (`KVBOT_ADMIN_IDS`: Entra object ids or channel ids). */
  adminIds: readonly string[];
  clock?: () => Date;
  /** Where refused `register approvals channel` commands are recorded. */
  audit?: AuditAppender;
}

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive' as const;

/** `Waiting for approval` → `waiting for approval` (names further on keep their capitals). */
function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** How many approval cards `my approvals` sends in one reply (the rest are listed by id). */
export const MAX_APPROVAL_CARDS = 5;

/** Turn-level handling of approval cards and commands. */
export class ApprovalTurns {
  constructor(private readonly o: ApprovalTurnsOptions) {}

  /** True for an invoke this class answers. */
  static isApprovalInvoke(context: TurnContext): boolean {
    const a = context.activity;
    const verb = (a.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    return (
      a.type === 'invoke' &&
      a.name === 'adaptiveCard/action' &&
      typeof verb === 'string' &&
      verb.startsWith('approval.')
    );
  }

  /** Answers an `adaptiveCard/action` invoke: the card the clicker sees next. Never throws for bad input. */
  async invoke(context: TurnContext): Promise<CardActionResponse> {
    const action = (context.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
    const data = action?.data;
    if (action?.verb === APPROVAL_VERBS.refresh) {
      const requestId =
        typeof (data as { requestId?: unknown } | undefined)?.requestId === 'string'
          ? (data as { requestId: string }).requestId
          : '';
      const card = requestId ? await this.o.workflow.cardFor(requestId, identityOf(context)) : undefined;
      return card
        ? { statusCode: 200, type: ADAPTIVE, value: card.content }
        : error(404, 'This approval request no longer exists.');
    }
    if (action?.verb === APPROVAL_VERBS.decide) {
      const outcome = await this.o.workflow.decide(data, keyedPerson(identityOf(context)));
      if (outcome.ok) await context.sendActivity(outcome.message);
      const card = this.cardAfter(outcome);
      return card
        ? { statusCode: 200, type: ADAPTIVE, value: card.content }
        : {
            statusCode: 200,
            type: 'application/vnd.microsoft.activity.message',
            value: outcome.ok ? outcome.message : `Refused: ${outcome.refusal.message}`,
          };
    }
    return error(400, `Unknown card action "${String(action?.verb)}".`);
  }

  /** The same decision sent as an `Action.Submit` message value. */
  async decideFromSubmit(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const outcome = await this.o.workflow.decide(decisionPayloadOfSubmit(value), keyedPerson(identityOf(context)));
    const card = this.cardAfter(outcome);
    const message = outcome.ok ? outcome.message : `Refused: ${outcome.refusal.message}`;
    await context.sendActivity(
      card ? { ...MessageFactory.attachment(card), text: message } : MessageFactory.text(message),
    );
  }

  /** `register approvals channel`, typed in the channel (or chat) where approval cards should go. */
  async registerChannel(context: TurnContext): Promise<void> {
    const from = identityOf(context);
    const ids = [from.aadObjectId, from.id].filter((x): x is string => !!x);
    const refuse = (code: string, reason: string): Promise<unknown> | undefined =>
      this.o.audit?.append({
        type: 'refusal',
        actor: { id: ids[0] ?? 'unknown', ...(from.name ? { name: from.name } : {}) },
        data: {
          operation: 'register approvals channel',
          code,
          reason,
          conversationId: context.activity.conversation?.id ?? null,
        },
      });
    if (this.o.adminIds.length === 0) {
      await refuse('no-admins', 'No bot admins are configured (KVBOT_ADMIN_IDS).');
      await context.sendActivity(
        'No bot admins are configured (KVBOT_ADMIN_IDS), so nobody can register the approvals channel. Until then, approval cards go 1:1 to the approvers I have chatted with.',
      );
      return;
    }
    if (!ids.some((id) => this.o.adminIds.includes(id))) {
      await refuse('not-admin', 'Only bot admins (KVBOT_ADMIN_IDS) can register the approvals channel.');
      await context.sendActivity('Only bot admins (KVBOT_ADMIN_IDS) can register the approvals channel.');
      return;
    }
    await this.o.contacts.registerChannel({
      reference: TurnContext.getConversationReference(context.activity),
      registeredBy: keyedPerson(from),
      registeredAt: (this.o.clock ?? (() => new Date()))().toISOString(),
    });
    await context.sendActivity(
      "This conversation is now the approvals channel: new approval requests are posted here (approvers also get them 1:1). Every decision is still checked against the approver's rights on the vault.",
    );
  }

  /** `show approval <id>`: the card of a request, with buttons when the viewer may decide it. */
  async show(context: TurnContext, requestId: string): Promise<void> {
    const card = await this.o.workflow.cardFor(requestId, identityOf(context));
    await context.sendActivity(
      card ? MessageFactory.attachment(card) : `There is no approval request with id "${requestId}".`,
    );
  }

  /**
   * `my approvals`: the cards of the requests waiting for this person's decision (at most
   * {@link MAX_APPROVAL_CARDS}, oldest first), then where their own requests stand.
   */
  async listMine(context: TurnContext): Promise<void> {
    const viewer = identityOf(context);
    if (!hasEntraId(viewer)) {
      await context.sendActivity(
        "I can't tell who you are in Microsoft Entra ID on this channel, so I can't look up approvals for you. Ask me from Teams.",
      );
      return;
    }
    const { toDecide, mine, unchecked } = await this.o.workflow.approvalsOf(viewer);
    const lines: string[] = [];
    if (toDecide.length === 0) lines.push('Nothing is waiting for your approval.');
    else
      lines.push(
        `${toDecide.length} request${toDecide.length === 1 ? ' is' : 's are'} waiting for your decision${toDecide.length > MAX_APPROVAL_CARDS ? `; here are the ${MAX_APPROVAL_CARDS} oldest (type **show approval <id>** for another)` : ''}:`,
        ...toDecide.map(
          (r) =>
            `- ${requestLabel(r)}: asked by ${r.requester.name || r.requester.id}, expires ${utcMinute(r.expiresAt)} (id ${r.id})`,
        ),
      );
    if (unchecked > 0)
      lines.push(
        `I couldn't check whether you may approve ${unchecked} other pending request${unchecked === 1 ? '' : 's'}: Azure did not answer. Try again in a moment.`,
      );
    if (mine.length > 0)
      lines.push(
        'Your own requests still open:',
        ...mine.map((r) => `- ${requestLabel(r)}: ${lowerFirst(statusLine(r))} (id ${r.id})`),
      );
    await context.sendActivity(lines.join('\n'));
    for (const r of toDecide.slice(0, MAX_APPROVAL_CARDS)) {
      const card = await this.o.workflow.cardFor(r.id, viewer);
      if (card) await context.sendActivity(MessageFactory.attachment(card));
    }
  }

  /** Remembers the user's 1:1 conversation (for approval cards and results sent later). */
  async remember(context: TurnContext): Promise<void> {
    const a = context.activity;
    const person = identityOf(context);
    const type = a.conversation?.conversationType;
    if (!hasEntraId(person) || a.conversation?.isGroup || (type && type !== 'personal')) return;
    await this.o.contacts.rememberUser(person, TurnContext.getConversationReference(a));
  }

  private cardAfter(outcome: DecideOutcome): Attachment | undefined {
    if (outcome.ok) return approvalCard(outcome.request, 'approver', { notice: outcome.message });
    return outcome.request
      ? approvalCard(outcome.request, 'status', { notice: `Refused: ${outcome.refusal.message}` })
      : undefined;
  }
}

function error(statusCode: number, message: string): CardActionResponse {
  return {
    statusCode,
    type: 'application/vnd.microsoft.error',
    value: { code: statusCode === 404 ? 'NotFound' : 'BadRequest', message },
  };
}
