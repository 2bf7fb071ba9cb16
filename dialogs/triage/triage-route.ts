/**
 * The text route for pasted Azure errors (DESIGN.md §1 journey 2): classify with the triage core
 * and answer with the triage card. Questions that are not error dumps pass on to the FAQ.
 *
 * A long message that wraps an error in the person's own words (an issue title, "our pipeline
 * fails with:", a stack trace, "what am I missing?") gets ONE reply: the triage card and the answer
 * card of the entry the FAQ matcher chose for the whole message (which triage already steers), so
 * the triage card and the answer never disagree. A bare paste keeps the triage card alone, with a
 * button to the entry triage names.
 */
import { ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder';
import { focusMessage } from '../../src/core/knowledge/message-focus.js';
import { triageError } from '../../src/core/triage/index.js';
import type { FaqCandidate } from '../../src/core/knowledge/faq-types.js';
import type { TriageResult } from '../../src/core/triage/triage-types.js';
import type { FaqCards } from '../faq-cards.js';
import type { FaqEntryView, FaqKnowledge } from '../faq-knowledge.js';
import type { RouteStep, TextRoute } from '../main-dialog.js';
import { isPastedError } from './error-dump.js';
import { triageCard } from './triage-card.js';

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
  cards?: Pick<FaqCards, 'answer'>,
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
      const chosen =
        cards && knowledge?.match && focusMessage(text).asks ? await answerFor(knowledge, text, result) : undefined;
      if (cards && chosen) {
        // One message, two cards: what the error is (facts, next steps, the check) and the answer,
        // with the matcher's runners-up under it as on any answer card (what `kvbot eval` counts).
        await step.context.sendActivity({
          type: ActivityTypes.Message,
          attachmentLayout: 'list',
          attachments: [triageCard(result, undefined, asker, text), cards.answer(chosen.entry, chosen.alsoClose)],
        });
      } else {
        const known = result.answer ? knowledge?.entry(result.answer.id) : undefined;
        // With a KB at hand, only offer an entry it still has (a reload may have removed it).
        const answer =
          result.answer && (!knowledge || known)
            ? { id: result.answer.id, title: known?.question ?? result.answer.source.heading }
            : undefined;
        await step.context.sendActivity(MessageFactory.attachment(triageCard(result, answer, asker, text)));
      }
      await onTriage?.(step.context, result);
      return step.endDialog();
    },
  };
}

/**
 * The entry for a message that asks around an error: the matcher's confident answer, else the one
 * triage names; with the matcher's other candidates (the card leaves out the entry itself).
 */
async function answerFor(
  knowledge: TriageKnowledge,
  text: string,
  result: TriageResult,
): Promise<{ entry: FaqEntryView; alsoClose: readonly FaqCandidate[] } | undefined> {
  const match = await knowledge.match?.(text);
  const id = match?.kind === 'answer' && match.answer ? match.answer.id : result.answer?.id;
  const entry = id ? knowledge.entry(id) : undefined;
  return entry ? { entry, alsoClose: match?.suggestions ?? [] } : undefined;
}
