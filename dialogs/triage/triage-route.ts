/**
 * The text route for pasted Azure errors (DESIGN.md §1 journey 2): classify with the triage core
 * and answer with the triage card. Questions that are not error dumps pass on to the FAQ.
 *
 * A long message that wraps an error in the person's own words (an issue title, "our pipeline
 * fails with:", a stack trace, "what am I missing?") gets ONE reply: the triage card and the answer
 * card of the entry the FAQ matcher chose for the whole message (which triage already steers), so
 * the triage card and the answer never disagree. When the matcher does not answer, the triage card
 * with its link, and under it the matcher's choices ("did you mean", or the nearest topics). A bare
 * paste keeps the triage card alone, with a button to the same entry: the matcher's confident
 * answer, else the one triage names.
 */
import { ActivityTypes, MessageFactory, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import { focusMessage } from '../../src/core/knowledge/message-focus.js';
import { triageError } from '../../src/core/triage/index.js';
import type { FaqMatchResult } from '../../src/core/knowledge/faq-types.js';
import type { TriageResult } from '../../src/core/triage/triage-types.js';
import type { FaqCards } from '../faq-cards.js';
import type { FaqKnowledge } from '../faq-knowledge.js';
import type { RouteStep, TextRoute } from '../main-dialog.js';
import { isPastedError } from './error-dump.js';
import { triageCard, triageProbeRequest } from './triage-card.js';
import { startActionData } from '../probe/probe-request.js';
import { REPLY_OFFER, type CheckOffer, type OfferedReply } from '../answer-follow-up.js';

/** Name of the route. */
export const TRIAGE_ROUTE = 'triage';

/** Told about every triaged error after its card was sent (decoupled: the composition root passes it). */
export type TriageHook = (context: TurnContext, result: TriageResult) => Promise<void>;

/** What the route reads from the KB: titles and headings, and (optionally) the matcher for messages that ask. */
export type TriageKnowledge = Pick<FaqKnowledge, 'entry'> & Partial<Pick<FaqKnowledge, 'match' | 'triage'>>;

/**
 * A TextRoute that triages pasted errors; the KB (optional) supplies headings and titles. With
 * `cards` and a KB that can match, an error wrapped in a question is answered in one reply (see
 * the file comment).
 */
export function triageRoute(
  knowledge?: TriageKnowledge,
  onTriage?: TriageHook,
  cards?: Pick<FaqCards, 'answer' | 'didYouMean' | 'noMatch'>,
): TextRoute {
  return {
    name: TRIAGE_ROUTE,
    async handle(step: RouteStep, text: string) {
      // On the matcher thread when the knowledge offers it (a long log costs milliseconds), else here.
      const result = knowledge?.triage
        ? await knowledge.triage(text)
        : triageError(text, { headingFor: (id) => knowledge?.entry(id)?.source.heading });
      if (!isPastedError(text, result)) return undefined;
      const asker = step.context.activity.from?.aadObjectId;
      // One match for the whole message (on the matcher thread it came with the triage): it picks the
      // answer of a message that asks, and the link of a bare paste. A matcher that fails costs only
      // that choice: the triage card still goes, with triage's own entry.
      const match = knowledge?.match ? await matchOrNothing(knowledge, text) : undefined;
      const asks = Boolean(cards && match && focusMessage(text).asks);
      const entry = match?.kind === 'answer' && match.answer ? knowledge?.entry(match.answer.id) : undefined;
      // A message that asks, with an entry that answers it: that entry's card goes with the triage card.
      const answerCard = cards && asks && entry && match ? cards.answer(entry, match.suggestions) : undefined;
      const link = answerCard ? undefined : readLinkFor(knowledge, match, result);
      if (answerCard) {
        // One message, two cards: what the error is (facts, next steps, the check) and the answer,
        // with the matcher's runners-up under it as on any answer card (what `kvbot eval` counts).
        await step.context.sendActivity(twoCards(triageCard(result, undefined, asker, text), answerCard));
      } else {
        const card = triageCard(result, link, asker, text);
        // A question around an error that the matcher does not answer: the error is explained, but
        // the question may be about something else. The entries it could be (the matcher's choices)
        // follow, as the FAQ would show them, rather than an answer card claiming to answer it.
        const choices = asks && match ? match.suggestions.filter((c) => c.id !== link?.id) : [];
        if (cards && match && choices.length > 0)
          await step.context.sendActivity(
            twoCards(
              card,
              match.kind === 'ambiguous'
                ? cards.didYouMean(text, choices.slice(0, 3))
                : cards.noMatch(text, choices.slice(0, 3)),
            ),
          );
        else await step.context.sendActivity(MessageFactory.attachment(card));
      }
      // The card's check and the entry it answered with (or links to), for a "yes please" or a
      // "that didn't help" typed next.
      const request = triageProbeRequest(result);
      const answered = answerCard ? entry?.id : link?.id;
      step.context.turnState.set(REPLY_OFFER, {
        ...(answered ? { entryId: answered } : {}),
        ...(request ? { offer: startActionData(request) as CheckOffer } : {}),
      } satisfies OfferedReply);
      await onTriage?.(step.context, result);
      return step.endDialog();
    },
  };
}

/** The matcher's result, or undefined when it throws (the triage card does without it). */
async function matchOrNothing(knowledge: TriageKnowledge, text: string): Promise<FaqMatchResult | undefined> {
  try {
    return await knowledge.match?.(text);
  } catch {
    return undefined;
  }
}

/** One message of two cards, one under the other. */
function twoCards(first: Attachment, second: Attachment): Partial<Activity> {
  return { type: ActivityTypes.Message, attachmentLayout: 'list', attachments: [first, second] };
}

/**
 * The entry a bare paste's triage card links to ("Read: …"): the matcher's confident answer when it
 * has one, else the entry triage names. The matcher reads the whole message, with triage's kind
 * among its features, so it tells "not able to list secrets" from a generic 403 where triage sees
 * only the error: on the real questions that are bare pastes, scored out of fold (a model trained
 * without the question's set), the link was right for 39 of 46 this way against 34 with triage's
 * entry alone. With a KB at hand, only an entry it still has is offered (a reload may remove one).
 */
function readLinkFor(
  knowledge: TriageKnowledge | undefined,
  match: FaqMatchResult | undefined,
  result: TriageResult,
): { id: string; title: string } | undefined {
  if (match?.kind === 'answer' && match.answer) {
    const entry = knowledge?.entry(match.answer.id);
    if (entry) return { id: entry.id, title: entry.question };
  }
  if (!result.answer) return undefined;
  const known = knowledge?.entry(result.answer.id);
  if (knowledge && !known) return undefined;
  return { id: result.answer.id, title: known?.question ?? result.answer.source.heading };
}
