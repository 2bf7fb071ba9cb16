/**
 * How escalation plugs into the main dialog: one text route (register the support channel,
 * `my cases`, a case by its number, relaying the user's messages to their engineer), the card actions of the offer,
 * support and resolution cards, and the observer that keeps the recent-activity log.
 *
 * Support actions (Take, Reply, Resolve, Reopen) are checked by the core against the support
 * channel's roster (see src/adapters/bot/escalation-membership.ts), wherever the click comes from.
 */
import type { DialogTurnResult } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { CaseOutcome } from '../../src/core/escalation/escalation-service.js';
import type { RouteStep, SubmitRoute, TextRoute, TurnObserver } from '../main-dialog.js';
import {
  ESCALATION_ACTIONS,
  InvalidEscalationActionError,
  caseIdOf,
  caseTextOf,
  helpfulOf,
  priorityOf,
  proposeFaqOf,
  triggerOf,
} from './escalation-actions.js';
import type { Escalations } from './escalations.js';
import { identityOf } from '../identity-of.js';
import { supportReferenceOf } from './support-references.js';

const REGISTER = /^register (this )?(as )?(the |a )?support (channel|chat)[.!]?$/i;
const MY_CASES = /^\/?my cases\??$/i;
/**
 * A case asked for by number: "status of KV-1042", "case 1042", "where is ticket KV-1042?", or the
 * bare number ("KV-1042": `explicit` false, since a vault may be named like that).
 */
const CASE_REFERENCE =
  /^((?:show|open|status(?:\s+of)?|what(?:'s|\s+is)\s+the\s+status\s+of|where\s+is|any\s+(?:news|update)\s+on|update\s+on|check\s+on)\s+)?((?:my\s+)?(?:case|ticket)\s+)?(#)?([A-Za-z]{1,10}-\d{1,9}|\d{1,9})\s*[?.!]?$/i;

/** The case number a message asks about, and whether it said so in words; undefined for anything else. */
export function caseReferenceIn(text: string): { number: string; explicit: boolean } | undefined {
  const m = CASE_REFERENCE.exec(text.trim());
  if (!m) return undefined;
  const [, lead, caseWord, hash, number] = m;
  // Digits alone are a case number only after "case" or "ticket".
  if (/^\d+$/.test(number!) && !caseWord) return undefined;
  // Anything around the number ("status of", "case", a "#") says it is a case.
  return { number: number!, explicit: Boolean(lead || caseWord || hash) };
}

/** The routes and observer for MainDialogOptions. */
export interface EscalationRoutes {
  textRoute: TextRoute;
  submitRoutes: SubmitRoute[];
  observer: TurnObserver;
}

type Handler = (context: TurnContext, value: Record<string, unknown>) => Promise<void>;

function route(action: string, handler: Handler): SubmitRoute {
  return {
    action,
    async handle(step: RouteStep, value: Record<string, unknown>): Promise<DialogTurnResult> {
      try {
        await handler(step.context, value);
      } catch (e) {
        if (!(e instanceof InvalidEscalationActionError)) throw e;
        await step.context.sendActivity(
          `Sorry, I couldn't use that button: ${e.message}. It may come from an old card; type **my cases** to see your cases.`,
        );
      }
      return step.endDialog();
    },
  };
}

/** Builds the main dialog extensions for escalation. */
export function escalationRoutes(escalations: Escalations): EscalationRoutes {
  const service = escalations.service;

  /** Tells the clicker about a refusal, or confirms; logs side-effect warnings. */
  const answer = async (
    context: TurnContext,
    outcome: CaseOutcome,
    what: string,
    confirmation: (number: string) => string,
  ): Promise<void> => {
    if (!outcome.ok) {
      await context.sendActivity(`⚠️ ${outcome.message}`);
      return;
    }
    escalations.warn(outcome.warnings, `${what} ${outcome.case.number}`);
    await context.sendActivity(confirmation(outcome.case.number));
  };

  const textRoute: TextRoute = {
    name: 'escalation',
    async handle(step, text) {
      const context = step.context;
      if (REGISTER.test(text)) {
        const reference = supportReferenceOf(context);
        if (!reference) {
          await context.sendActivity(
            'Register the support channel from the Teams channel or group chat the support team uses: mention me there with **register support channel**.',
          );
          return step.endDialog();
        }
        const result = await service.registerSupportChannel(reference, identityOf(context));
        await context.sendActivity(
          result.ok
            ? `This ${reference.kind === 'channel' ? 'channel' : 'chat'} is now the support channel: new cases will be posted here, and only its members can take, reply to or resolve them.`
            : `⚠️ ${result.message}`,
        );
        return step.endDialog();
      }
      if (MY_CASES.test(text)) {
        await escalations.showMyCases(context);
        return step.endDialog();
      }
      const reference = caseReferenceIn(text);
      if (reference && (await escalations.showCase(context, reference.number, reference.explicit)))
        return step.endDialog();
      if (await escalations.relay(context, text)) return step.endDialog();
      return undefined;
    },
  };

  const submitRoutes: SubmitRoute[] = [
    route(ESCALATION_ACTIONS.human, async (context, value) => {
      const query = typeof value.query === 'string' ? value.query.trim().slice(0, 500) : '';
      const data = await escalations.options.log.data(context);
      const known = (data.messages ?? []).some((m) => m.text === query);
      await escalations.offer(
        context,
        'user-request',
        query && !known ? { note: `The user asked for a person about: "${query}"` } : {},
      );
    }),
    route(ESCALATION_ACTIONS.open, async (context, value) => {
      const outcome = await escalations.open(context, triggerOf(value), {}, priorityOf(value));
      // On success the notifier has told the user (case number, priority) in this conversation.
      if (!outcome.ok) await context.sendActivity(`⚠️ I couldn't open the case: ${outcome.message}`);
    }),
    route(ESCALATION_ACTIONS.dismiss, async (context) => {
      await context.sendActivity(
        "OK, no case. Ask me anything else, or say **talk to a person** whenever you'd like one.",
      );
    }),
    route(ESCALATION_ACTIONS.take, async (context, value) => {
      const outcome = await service.take(caseIdOf(value), identityOf(context));
      await answer(context, outcome, 'take', (n) => `${identityOf(context).name} took ${n}; the user has been told.`);
    }),
    route(ESCALATION_ACTIONS.reply, async (context, value) => {
      const outcome = await service.reply(caseIdOf(value), identityOf(context), caseTextOf(value));
      await answer(
        context,
        outcome,
        'reply',
        (n) => `Sent to ${outcome.ok ? outcome.case.requester.name : 'the user'} (${n}).`,
      );
    }),
    route(ESCALATION_ACTIONS.resolve, async (context, value) => {
      const caseId = caseIdOf(value);
      const note = caseTextOf(value);
      const question =
        proposeFaqOf(value) && note.trim() ? (await service.get(caseId))?.packet.messages[0]?.text : undefined;
      const proposal = question ? { kind: 'new-entry' as const, question, answer: note.trim() } : undefined;
      const outcome = await service.resolve(caseId, identityOf(context), note, proposal);
      await answer(
        context,
        outcome,
        'resolve',
        (n) => `${n} is resolved; the user has been told and asked whether it helped.`,
      );
    }),
    route(ESCALATION_ACTIONS.reopen, async (context, value) => {
      const reason = caseTextOf(value).trim();
      const outcome = await service.reopen(caseIdOf(value), identityOf(context), reason || undefined);
      // The notifier tells the user and the thread; the clicker gets a receipt only in the support channel.
      if (!outcome.ok) await context.sendActivity(`⚠️ ${outcome.message}`);
      else {
        escalations.warn(outcome.warnings, `reopen ${outcome.case.number}`);
        if (outcome.case.requester.id !== identityOf(context).id)
          await context.sendActivity(`${outcome.case.number} is open again and back in the queue.`);
      }
    }),
    route(ESCALATION_ACTIONS.rate, async (context, value) => {
      const helpful = helpfulOf(value);
      const outcome = await service.rate(caseIdOf(value), identityOf(context), helpful);
      await answer(context, outcome, 'rate', () =>
        helpful
          ? 'Thanks! Glad it was sorted out.'
          : 'Thanks for telling me. If the problem is still there, press **Reopen** and it goes back to the support team.',
      );
    }),
  ];

  const observer: TurnObserver = {
    onText: (context, text) => escalations.options.log.recordText(context, text),
    onFaqResult: (context, _text, result) => escalations.afterFaq(context, result),
  };

  return { textRoute, submitRoutes, observer };
}
