/**
 * The FAQ conversation's cards as Adaptive Cards for Teams (implements the dialogs' `FaqCards`).
 * Every Action.Submit carries `{ kvbot: <action>, … }` (dialogs/submit-actions.ts).
 */
import type { Attachment } from 'botbuilder';
import { ENTRIES_SHOWN } from '../src/core/knowledge/faq-eval.js';
import type { FaqCandidate } from '../src/core/knowledge/faq-types.js';
import type { ProbeName } from '../src/core/probes/probe-result.js';
import type { AnswerCardOptions, FaqCards } from './faq-cards.js';
import type { FaqEntryView } from './faq-knowledge.js';
import { checkOffer } from './answer-follow-up.js';
import { MAX_QUERY_IN_ACTION } from './submit-actions.js';
import { card, link, openUrl, submit, text, type CardAction, type CardElement } from './cards/adaptive-card.js';
import { markdownToBlocks } from './cards/markdown-blocks.js';

/** Title of the "None of these" button (tests and the chat CLI look for it). */
export const NONE_OF_THESE = 'None of these';
/** Title of the "Talk to a person" button. */
export const TALK_TO_PERSON = 'Talk to a person';

/** Title of the button that starts the entry's related probe (permission-check and most others). */
export const CHECK_MY_ACCESS = 'Check my access';

/** Button titles for probes that check the vault rather than the person's access ("my vault" or its name). */
const CHECK_TITLES: Partial<Record<ProbeName, (vault: string) => string>> = {
  'logging-status': (v) => `Check logging on ${v}`,
  throttling: (v) => `Check ${v} for throttling`,
  availability: (v) => `Check ${v}'s availability`,
  'arm-export': (v) => `Export ${v}'s access`,
  // These two look at the vault's policies, not at the person's own access.
  'modify-rights': (v) => `Who can change access on ${v}?`,
  'unknown-policies': (v) => `Explain the unknown entries on ${v}`,
};

/** The title of the button that starts `probe`, naming the vault when the question named one. */
export function checkTitle(probe: ProbeName, vault?: string): string {
  const title = CHECK_TITLES[probe];
  if (title) return title(vault ?? 'my vault');
  return vault ? `${CHECK_MY_ACCESS} to ${vault}` : CHECK_MY_ACCESS;
}

/**
 * The answer without its closing "Source: …" line: the KB writes one under every answer, and the
 * card shows the source itself (with the section heading), so it would appear twice.
 */
export function withoutSourceLine(markdown: string): string {
  return markdown.replace(/\n*^\s*Source:\s*\[[^\]]*\]\([^)]*\)\s*$(?![\s\S]*\S)/m, '').trimEnd();
}

/**
 * Runners-up shown under an answer: with the answer, the entries `kvbot eval` counts as
 * "answer + suggestions".
 */
export const MAX_ALSO_CLOSE = ENTRIES_SHOWN - 1;

/** Example questions on the help card. */
const EXAMPLES = [
  "Why can't I list secrets in my key vault?",
  'How do I give an Entra group access to a vault?',
  'What does a 403 Forbidden from Key Vault mean?',
];

function choiceSet(candidates: readonly FaqCandidate[]): CardElement[] {
  return candidates.map((c) => link(c.question, { kvbot: 'faq.open', id: c.id }));
}

function clip(query: string): string {
  return query.slice(0, MAX_QUERY_IN_ACTION);
}

/** Teams Adaptive Card builders for the FAQ conversation. */
export class TeamsFaqCards implements FaqCards {
  /** @param botName shown on the welcome and help cards. */
  constructor(private readonly botName = 'Key Vault Access Assistant') {}

  answer(entry: FaqEntryView, alsoClose: readonly FaqCandidate[] = [], options: AnswerCardOptions = {}): Attachment {
    const source = `${entry.source.document} — ${entry.source.heading}`;
    const body: CardElement[] = [
      text(entry.question, { style: 'heading', size: 'Medium', weight: 'Bolder' }),
      ...markdownToBlocks(withoutSourceLine(entry.answerMarkdown)),
      text(`Source: ${entry.source.url ? `[${source}](${entry.source.url})` : source}`, {
        isSubtle: true,
        size: 'Small',
        spacing: 'Medium',
      }),
    ];
    // The matcher's runners-up first: they are about this question, the follow-ups about the entry.
    const close = alsoClose.filter((c) => c.id !== entry.id).slice(0, MAX_ALSO_CLOSE);
    if (close.length > 0) {
      body.push(text('Not what you asked? These are close too', { weight: 'Bolder', spacing: 'Medium' }));
      body.push(...choiceSet(close));
    }
    const related = entry.followUps.filter((f) => !close.some((c) => c.id === f.id)).slice(0, 4);
    if (related.length > 0) {
      body.push(text('Related questions', { weight: 'Bolder', spacing: 'Medium' }));
      body.push(...related.map((f) => link(f.question, { kvbot: 'faq.open', id: f.id })));
    }
    const actions: CardAction[] = [];
    // The probe route asks which vault (unless the question named one), then asks consent before
    // reading anything.
    const offer = checkOffer(entry, options.vault);
    if (offer) actions.push(submit(checkTitle(offer.probe, options.vault), offer));
    if (entry.source.url) actions.push(openUrl('Open source', entry.source.url));
    actions.push(submit('👍 Helpful', { kvbot: 'feedback', id: entry.id, helpful: true }));
    actions.push(submit('👎 Not helpful', { kvbot: 'feedback', id: entry.id, helpful: false }));
    return card(body, actions);
  }

  didYouMean(query: string, choices: readonly FaqCandidate[]): Attachment {
    return card(
      [
        text('Did you mean…', { style: 'heading', weight: 'Bolder' }),
        text(`I found more than one answer that could fit "${query}". Pick the closest:`),
        ...choiceSet(choices.slice(0, 3)),
      ],
      [submit(NONE_OF_THESE, { kvbot: 'faq.none', query: clip(query) })],
    );
  }

  noMatch(query: string, nearest: readonly FaqCandidate[]): Attachment {
    const body: CardElement[] = [
      text("I don't have a confident answer to that.", { style: 'heading', weight: 'Bolder' }),
      text(
        nearest.length > 0
          ? 'These are the closest topics I know; one may still help. Otherwise a person can take it from here.'
          : "It isn't something my knowledge base covers. A person can take it from here.",
      ),
    ];
    if (nearest.length > 0) body.push(...choiceSet(nearest.slice(0, 3)));
    return card(body, [submit(TALK_TO_PERSON, { kvbot: 'human', query: clip(query) })]);
  }

  help(): Attachment {
    return card([
      text(`What ${this.botName} can do`, { style: 'heading', weight: 'Bolder' }),
      text(
        'I answer questions about getting into Azure Key Vault: access policies, RBAC, Entra groups, app authentication, logging, 401/403/429 errors and throttling.',
      ),
      text('Try asking:', { weight: 'Bolder', spacing: 'Medium' }),
      text(EXAMPLES.map((q) => `- ${q}`).join('\n')),
      text(
        "Paste the error you got and I'll say what it means. Say **check my access to** *vault name* and, once you agree, I'll look at what Azure says about your access and propose a fix for someone entitled to approve it. I can also say who has access to a vault and how to get it. **my cases** and **my approvals** show where your cases and fix requests stand.",
        { spacing: 'Medium' },
      ),
      text(
        'Rate answers with 👍/👎 (or react to them), and type **talk to a person** any time to reach the support team. In a channel, @mention me.',
        { isSubtle: true, spacing: 'Medium' },
      ),
    ]);
  }

  welcome(): Attachment {
    return card(
      [
        text(`Hi, I'm the ${this.botName} 👋`, { style: 'heading', weight: 'Bolder' }),
        text(
          "Can't get into a key vault? Ask me in your own words or paste the error you got, and I'll find the answer.",
        ),
      ],
      [submit('What can you do?', { kvbot: 'help' })],
    );
  }

  offerHuman(message: string, query?: string): Attachment {
    return card(
      [text(message)],
      [submit(TALK_TO_PERSON, query ? { kvbot: 'human', query: clip(query) } : { kvbot: 'human' })],
    );
  }
}
