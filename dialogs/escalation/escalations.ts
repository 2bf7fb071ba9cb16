/**
 * The escalation facade other dialogs call, and the user side of the case flow:
 *
 * - `offer(context, trigger, parts)`: adds the dialog's evidence to the recent-activity log and
 *   shows "Shall I open a case?" with the suggested priority preselected. The probe, fix and
 *   approval dialogs call it when a probe fails (`probe-failed`), a fix fails (`fix-failed`), the
 *   user rejects a fix (`fix-rejected`) or an approval expires (`approval-expired`).
 * - `open(context, trigger, parts, priority)`: opens the case at once (no question), e.g. when the
 *   user already said yes elsewhere. The user is told through the notifier, with the case number.
 *
 * Relaying: while a case opened from a personal chat is assigned, everything the user types there
 * goes to the case thread (with a short receipt), except `my cases`, `help` and `done`; `done`
 * stops the relay for that case (the engineer can still reach the user), and resolving stops it.
 */
import { TurnContext, type TurnContext as Turn } from 'botbuilder';
import { identityOf } from '../identity-of.js';
import type { Case, CasePerson, CasePriority, CaseTrigger } from '../../src/core/escalation/case-types.js';
import type { CaseOutcome, EscalationService } from '../../src/core/escalation/escalation-service.js';
import { isUnansweredTwice } from '../../src/core/escalation/unanswered-tracker.js';
import { requesterKeyOf } from '../../src/core/escalation/case-indexes.js';
import { suggestPriority } from '../../src/core/escalation/priority.js';
import type { FaqMatchResult } from '../../src/core/knowledge/faq-types.js';
import type { ActivityLog, PacketParts } from './activity-log.js';
import type { EscalationCards } from './escalation-cards.js';

/** Dependencies of the facade. */
export interface EscalationsOptions {
  service: EscalationService;
  log: ActivityLog;
  cards: EscalationCards;
  /** Side effects that failed but did not lose the case (Teams unreachable, webhook outbox down). */
  onWarnings?: (warnings: readonly string[], what: string) => void;
}

const STOP_RELAY = /^(done|stop|stop relay(ing)?|that'?s all)[.!]?$/i;
const PASS_THROUGH = /^\/?(my cases|my approvals|help|\?)$/i;

/** The facade and the user-side flow (the routes in escalation-routes.ts call it). */
export class Escalations {
  constructor(readonly options: EscalationsOptions) {}

  get service(): EscalationService {
    return this.options.service;
  }

  /** Adds evidence to the packet and offers the user a case with a priority choice. */
  async offer(context: Turn, trigger: CaseTrigger, parts: PacketParts = {}): Promise<void> {
    const { log, cards } = this.options;
    await log.add(context, parts);
    await log.resetOutcomes(context);
    const packet = await log.packet(context);
    const suggestion = suggestPriority({ texts: packet.messages.map((m) => m.text), vault: packet.vault });
    const contents = [
      packet.messages.length
        ? packet.messages.length === 1
          ? 'your last message'
          : `your last ${packet.messages.length} messages`
        : '',
      packet.faqMatches?.length ? 'the answers I considered, with their scores' : '',
      packet.triage !== undefined ? 'the error analysis' : '',
      packet.probeResults?.length ? 'what the access checks found' : '',
      packet.fixPlans?.length ? 'the fixes I proposed and how far they got' : '',
      packet.vault ? `the vault ${packet.vault.name}` : '',
    ].filter(Boolean);
    await context.sendActivity({ attachments: [cards.offer({ trigger, suggestion, contents })] });
  }

  /** Adds evidence to the conversation's packet without offering anything (a later case carries it). */
  async record(context: Turn, parts: PacketParts): Promise<void> {
    await this.options.log.add(context, parts);
  }

  /** Opens a case now from this conversation; the notifier tells the user its number. */
  async open(
    context: Turn,
    trigger: CaseTrigger,
    parts: PacketParts = {},
    priority?: CasePriority,
  ): Promise<CaseOutcome> {
    const { log, service } = this.options;
    await log.add(context, parts);
    const packet = await log.packet(context);
    const reference = TurnContext.getConversationReference(context.activity);
    delete reference.activityId;
    const outcome = await service.open({
      trigger,
      requester: identityOf(context),
      packet,
      ...(priority ? { priority } : {}),
      userConversation: reference,
    });
    if (outcome.ok) {
      await log.rememberCase(context, outcome.case.id);
      await log.resetOutcomes(context);
      this.warn(outcome.warnings, `open ${outcome.case.number}`);
    }
    return outcome;
  }

  /** Observer hook: after two unanswered questions in a row, offer a person. */
  async afterFaq(context: Turn, result: FaqMatchResult): Promise<void> {
    const outcomes = await this.options.log.recordFaq(context, result);
    if (isUnansweredTwice(outcomes)) await this.offer(context, 'unanswered-twice');
  }

  /**
   * Relays the user's personal-chat message to the engineer on their assigned case. Returns true
   * when the message was handled (relayed, or "done" stopped the relay).
   */
  async relay(context: Turn, text: string): Promise<boolean> {
    if (
      context.activity.conversation?.conversationType &&
      context.activity.conversation.conversationType !== 'personal'
    )
      return false;
    if (PASS_THROUGH.test(text)) return false;
    const data = await this.options.log.data(context);
    if (!data.caseIds?.length) return false;
    const user = identityOf(context);
    const active = await this.relayedCase(data.caseIds, data.relayOff ?? [], user);
    if (!active) return false;
    if (STOP_RELAY.test(text)) {
      data.relayOff = [...(data.relayOff ?? []), active.id].slice(-10);
      await this.options.log.save(context, data);
      await context.sendActivity(
        `OK, I've stopped passing your messages to ${active.assignee?.name ?? 'support'} for ${active.number}. They can still write to you here; type **my cases** to see where it stands.`,
      );
      return true;
    }
    const outcome = await this.options.service.userReply(active.id, user, text);
    if (!outcome.ok) {
      await context.sendActivity(`I couldn't pass that on: ${outcome.message}`);
      return true;
    }
    this.warn(outcome.warnings, `relay to ${active.number}`);
    await context.sendActivity(
      `Sent to ${active.assignee?.name ?? 'support'} on ${active.number}. Type **done** when you want to talk to me again.`,
    );
    return true;
  }

  /** Shows the user's cases. */
  async showMyCases(context: Turn): Promise<void> {
    const user = identityOf(context);
    const all = await this.options.service.listForUser(user);
    if (all.length === 0) {
      await context.sendActivity(
        "You have no cases with the support team. Say **talk to a person** whenever you'd like one.",
      );
      return;
    }
    await context.sendActivity({ attachments: [this.options.cards.myCases(all)] });
  }

  /**
   * A case by its number, for the person who asked for it ("status of KV-1042"). Shown only to its
   * requester; to anyone else it is "not among your cases", so case numbers reveal nothing. False
   * when no case of theirs has that number and `explicit` is false (a bare "KV-1042" may then be a
   * vault's name, for the routes after this one).
   */
  async showCase(context: Turn, number: string, explicit: boolean): Promise<boolean> {
    const user = identityOf(context);
    const found = await this.options.service.findByNumber(number);
    const typedPrefix = /^([A-Za-z]+)-/.exec(number)?.[1];
    const mine =
      found &&
      requesterKeyOf(found.requester) === requesterKeyOf(user) &&
      (!typedPrefix || found.number.toLowerCase() === number.toLowerCase())
        ? found
        : undefined;
    if (!mine) {
      if (!explicit) return false;
      await context.sendActivity(
        `I can't find case ${number} among your cases. Type **my cases** to see the ones you opened.`,
      );
      return true;
    }
    await context.sendActivity({ attachments: [this.options.cards.myCases([mine], `Case ${mine.number}`)] });
    return true;
  }

  /** Logs warnings through the configured sink. */
  warn(warnings: readonly string[], what: string): void {
    if (warnings.length > 0) this.options.onWarnings?.(warnings, what);
  }

  private async relayedCase(
    caseIds: readonly string[],
    off: readonly string[],
    user: CasePerson,
  ): Promise<Case | undefined> {
    for (const id of [...caseIds].reverse()) {
      if (off.includes(id)) continue;
      const c = await this.options.service.get(id);
      if (c && c.status === 'assigned' && c.requester.id === user.id) return c;
    }
    return undefined;
  }
}
