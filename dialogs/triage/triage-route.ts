/**
 * The text route for pasted Azure errors (DESIGN.md §1 journey 2): classify with the triage core
 * and answer with the triage card. Questions that are not error dumps pass on to the FAQ.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import type { WaterfallStepContext } from 'botbuilder-dialogs';
import { triageError } from '../../src/core/triage/index.js';
import type { TriageResult } from '../../src/core/triage/triage-types.js';
import type { FaqKnowledge } from '../faq-knowledge.js';
import type { TextRoute } from '../main-dialog.js';
import { isPastedError } from './error-dump.js';
import { triageCard } from './triage-card.js';

/** Name of the route. */
export const TRIAGE_ROUTE = 'triage';

/** Told about every triaged error after its card was sent (decoupled: the composition root passes it). */
export type TriageHook = (context: TurnContext, result: TriageResult) => Promise<void>;

/** A TextRoute that triages pasted errors; the KB (optional) supplies headings and titles. */
export function triageRoute(knowledge?: Pick<FaqKnowledge, 'entry'>, onTriage?: TriageHook): TextRoute {
  return {
    name: TRIAGE_ROUTE,
    async handle(step: WaterfallStepContext, text: string) {
      const result = triageError(text, { headingFor: (id) => knowledge?.entry(id)?.source.heading });
      if (!isPastedError(text, result)) return undefined;
      const entry = result.answer ? knowledge?.entry(result.answer.id) : undefined;
      // With a KB at hand, only offer an entry it still has (a reload may have removed it).
      const answer = result.answer && (!knowledge || entry) ? { id: result.answer.id, title: entry?.question ?? result.answer.source.heading } : undefined;
      await step.context.sendActivity(MessageFactory.attachment(triageCard(result, answer, step.context.activity.from?.aadObjectId, text)));
      await onTriage?.(step.context, result);
      return step.endDialog();
    },
  };
}
