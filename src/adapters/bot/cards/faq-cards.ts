/**
 * The FAQ conversation's cards as Adaptive Cards for Teams (implements the dialogs' `FaqCards`).
 * Every Action.Submit carries `{ kvbot: <action>, … }` (dialogs/submit-actions.ts).
 */
import type { Attachment } from 'botbuilder';
import type { FaqCandidate } from '../../../core/knowledge/faq-types.js';
import { isProbeName, type ProbeName } from '../../../core/probes/probe-result.js';
import type { FaqCards } from '../../../../dialogs/faq-cards.js';
import type { FaqEntryView } from '../../../../dialogs/faq-knowledge.js';
import { MAX_QUERY_IN_ACTION } from '../../../../dialogs/submit-actions.js';
import { adaptiveCard, openUrlAction, submitAction, textBlock, type CardAction, type CardElement } from './adaptive-card.js';
import { markdownToBlocks } from './markdown-blocks.js';

/** Title of the "None of these" button (tests and the chat CLI look for it). */
export const NONE_OF_THESE = 'None of these';
/** Title of the "Talk to a person" button. */
export const TALK_TO_PERSON = 'Talk to a person';

/** Title of the button that starts the entry's related probe (permission-check and most others). */
export const CHECK_MY_ACCESS = 'Check my access';

/** Button titles for probes that check the vault rather than the person's access. */
const CHECK_TITLES: Partial<Record<ProbeName, string>> = {
  'logging-status': 'Check logging on my vault',
  throttling: 'Check my vault for throttling',
  availability: 'Check my vault\'s availability',
  'arm-export': 'Export my vault\'s access',
};

/**
 * The answer without its closing "Source: …" line: the KB writes one under every answer, and the
 * card shows the source itself (with the section heading), so it would appear twice.
 */
export function withoutSourceLine(markdown: string): string {
  return markdown.replace(/\n*^\s*Source:\s*\[[^\]]*\]\([^)]*\)\s*$(?![\s\S]*\S)/m, '').trimEnd();
}

/** Example questions on the help card. */
const EXAMPLES = [
  "Why can't I list secrets in my key vault?",
  'How do I give an Entra group access to a vault?',
  'What does a 403 Forbidden from Key Vault mean?',
];

function choiceSet(candidates: readonly FaqCandidate[]): CardElement {
  return { type: 'ActionSet', actions: candidates.map((c) => submitAction(c.question, { kvbot: 'faq.open', id: c.id })) };
}

function clip(query: string): string {
  return query.slice(0, MAX_QUERY_IN_ACTION);
}

/** Teams Adaptive Card builders for the FAQ conversation. */
export class TeamsFaqCards implements FaqCards {
  /** @param botName shown on the welcome and help cards. */
  constructor(private readonly botName = 'Key Vault Access Assistant') {}

  answer(entry: FaqEntryView): Attachment {
    const source = `${entry.source.document} — ${entry.source.heading}`;
    const body: CardElement[] = [
      textBlock(entry.question, { style: 'heading', size: 'Medium', weight: 'Bolder' }),
      ...markdownToBlocks(withoutSourceLine(entry.answerMarkdown)),
      textBlock(`Source: ${entry.source.url ? `[${source}](${entry.source.url})` : source}`, { isSubtle: true, size: 'Small', spacing: 'Medium' }),
    ];
    if (entry.followUps.length > 0) {
      body.push(textBlock('Related questions', { weight: 'Bolder', spacing: 'Medium' }));
      body.push({ type: 'ActionSet', actions: entry.followUps.slice(0, 4).map((f) => submitAction(f.question, { kvbot: 'faq.open', id: f.id })) });
    }
    const actions: CardAction[] = [];
    // The probe route asks which vault, then asks consent before reading anything.
    const probe = entry.probes.find((p) => isProbeName(p));
    if (probe) actions.push(submitAction(CHECK_TITLES[probe] ?? CHECK_MY_ACCESS, { kvbot: 'probe.start', probe }));
    if (entry.source.url) actions.push(openUrlAction('Open source', entry.source.url));
    actions.push(submitAction('👍 Helpful', { kvbot: 'feedback', id: entry.id, helpful: true }));
    actions.push(submitAction('👎 Not helpful', { kvbot: 'feedback', id: entry.id, helpful: false }));
    return adaptiveCard(body, actions);
  }

  didYouMean(query: string, choices: readonly FaqCandidate[]): Attachment {
    return adaptiveCard([
      textBlock('Did you mean…', { style: 'heading', weight: 'Bolder' }),
      textBlock(`I found more than one answer that could fit "${query}". Pick the closest:`),
      choiceSet(choices.slice(0, 3)),
    ], [submitAction(NONE_OF_THESE, { kvbot: 'faq.none', query: clip(query) })]);
  }

  noMatch(query: string, nearest: readonly FaqCandidate[]): Attachment {
    const body: CardElement[] = [
      textBlock("I don't have a confident answer to that.", { style: 'heading', weight: 'Bolder' }),
      textBlock(nearest.length > 0
        ? 'These are the closest topics I know; one may still help. Otherwise a person can take it from here.'
        : "It isn't something my knowledge base covers. A person can take it from here."),
    ];
    if (nearest.length > 0) body.push(choiceSet(nearest.slice(0, 3)));
    return adaptiveCard(body, [submitAction(TALK_TO_PERSON, { kvbot: 'human', query: clip(query) })]);
  }

  help(): Attachment {
    return adaptiveCard([
      textBlock(`What ${this.botName} can do`, { style: 'heading', weight: 'Bolder' }),
      textBlock('I answer questions about getting into Azure Key Vault: access policies, RBAC, Entra groups, app authentication, logging, 401/403/429 errors and throttling.'),
      textBlock('Try asking:', { weight: 'Bolder', spacing: 'Medium' }),
      textBlock(EXAMPLES.map((q) => `- ${q}`).join('\n')),
      textBlock('Rate answers with 👍/👎, and type **talk to a person** any time to reach the support team. In a channel, @mention me.', { isSubtle: true, spacing: 'Medium' }),
    ]);
  }

  welcome(): Attachment {
    return adaptiveCard([
      textBlock(`Hi, I'm the ${this.botName} 👋`, { style: 'heading', weight: 'Bolder' }),
      textBlock("Can't get into a key vault? Ask me in your own words or paste the error you got, and I'll find the answer."),
    ], [submitAction('What can you do?', { kvbot: 'help' })]);
  }

  offerHuman(message: string, query?: string): Attachment {
    return adaptiveCard([textBlock(message)], [submitAction(TALK_TO_PERSON, query ? { kvbot: 'human', query: clip(query) } : { kvbot: 'human' })]);
  }
}
