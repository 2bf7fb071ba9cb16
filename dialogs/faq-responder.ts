/**
 * The FAQ conversation, one turn at a time: answer a question, open an entry, take 👍/👎 (buttons,
 * typed, or Teams reactions), handle "None of these" and "Talk to a person". Every button carries
 * what it needs, so old cards keep working and a restart loses nothing; the conversation state keeps
 * only the last answer for one turn (a typed "yes" or "that didn't help") and the last answers'
 * message ids (reactions name the message they are on).
 */
import { MessageFactory, type Attachment, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { FaqCandidate, FaqMatchResult } from '../src/core/knowledge/faq-types.js';
import { feedbackKey, timeOrderedKey } from '../src/core/feedback/record-keys.js';
import { nonEnglishLanguage } from '../src/core/knowledge/language-guess.js';
import type { FaqCards } from './faq-cards.js';
import type { FaqKnowledge } from './faq-knowledge.js';
import type { FeedbackStores } from './feedback-stores.js';
import { conversationOf, userKeyOf } from './turn-facts.js';
import { identityOf } from './identity-of.js';
import { checkOffer, type OfferedReply } from './answer-follow-up.js';

/** How many choices a "did you mean" or "no match" card shows. */
export const MAX_CHOICES = 3;

/** What the conversation remembers between turns (ConversationState). */
export interface FaqConversationData {
  /** The last question the bot could not answer, so "talk to a person" can carry it. */
  lastUnanswered?: string;
  /** The last answer, for a "yes" or a "that didn't help" typed next (answer-follow-up.ts); kept one turn. */
  previous?: PreviousAnswer;
  /** The latest answers sent, oldest first: a 👍 or 👎 reaction in Teams names the message it is on. */
  answered?: SentAnswer[];
}

/** An answer card the bot sent: its activity id and its entry. */
export interface SentAnswer {
  activityId: string;
  entryId: string;
}

/** How many sent answers a conversation remembers for reactions. */
const MAX_REMEMBERED_ANSWERS = 10;

/** Teams reactions that say an answer helped, and that it did not. */
const HELPFUL_REACTIONS = new Set(['like', 'heart']);
const UNHELPFUL_REACTIONS = new Set(['sad', 'angry']);

/** The answer a conversation's last turn gave: its entry, and the check it offered. */
export type PreviousAnswer = OfferedReply;

/** Dependencies of the responder. */
export interface FaqResponderOptions {
  knowledge: FaqKnowledge;
  cards: FaqCards;
  stores: FeedbackStores;
  conversationData: StatePropertyAccessor<FaqConversationData>;
  now?: () => Date;
  /** Unique ids for record keys and references. */
  newId: () => string;
  /** The vault a question names, if any (the answer's check button then starts with it). */
  vaultNamedIn?: (text: string) => string | undefined;
}

/** Short replies to small talk that needs no card. */
const SMALL_TALK_REPLIES = {
  thanks: "You're welcome! Ask me anything else about Key Vault access.",
  goodbye: 'Bye for now. Mention me or message me whenever Key Vault says no.',
  cancel:
    "OK, I've stopped there. A check card you did not press reads nothing (it expires on its own). Ask me whenever you're ready.",
  // Consent and fixes are given on their card, so that what was agreed to is the card's exact scope.
  confirm:
    'If you mean the check or the fix I offered, press **Run** (or **Send for approval**) on its card: I act only on the button, so that what you agree to is exactly what the card shows.',
} as const;

/** Answers FAQ questions and handles the FAQ cards' buttons. */
export class FaqResponder {
  private readonly now: () => Date;

  constructor(private readonly options: FaqResponderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Answers a typed question (mentions already stripped). */
  async answerQuestion(context: TurnContext, text: string): Promise<FaqMatchResult> {
    // No typing indicator: the answer is ready in milliseconds (probes and fixes send one).
    const result = await this.options.knowledge.match(text);
    switch (result.kind) {
      case 'smalltalk':
        await this.smallTalk(context, result);
        break;
      case 'answer': {
        const entry = result.answer && this.options.knowledge.entry(result.answer.id);
        if (entry) {
          const vault = this.options.vaultNamedIn?.(text);
          const data = await this.sendAnswer(
            context,
            entry.id,
            this.options.cards.answer(entry, result.suggestions, vault ? { vault } : {}),
          );
          const offer = checkOffer(entry, vault);
          data.previous = { entryId: entry.id, ...(offer ? { offer } : {}) };
          await this.options.conversationData.set(context, data);
          break;
        }
        // The matcher named an entry the KB no longer has (reload in between): be honest.
        await this.noMatch(context, text, result.suggestions, 'no-match');
        break;
      }
      case 'ambiguous':
        await context.sendActivity(
          MessageFactory.attachment(this.options.cards.didYouMean(text, result.suggestions.slice(0, MAX_CHOICES))),
        );
        break;
      default:
        await this.noMatch(context, text, result.suggestions, 'no-match');
    }
    return result;
  }

  /** Remembers what another route's reply offered (the triage card's check) for the next message. */
  async rememberPrevious(context: TurnContext, previous: PreviousAnswer): Promise<void> {
    const data = await this.options.conversationData.get(context, {});
    data.previous = previous;
    await this.options.conversationData.set(context, data);
  }

  /**
   * The answer the previous turn gave, forgotten as it is read: "yes" and "that didn't help" are
   * about the message right before them (the main dialog asks on every turn).
   */
  async takePreviousAnswer(context: TurnContext): Promise<PreviousAnswer | undefined> {
    const data = await this.options.conversationData.get(context, {});
    const previous = data.previous;
    if (!previous) return undefined;
    delete data.previous;
    await this.options.conversationData.set(context, data);
    return previous;
  }

  /** Shows one entry (follow-up or choice button). */
  async openEntry(context: TurnContext, id: string): Promise<void> {
    const entry = this.options.knowledge.entry(id);
    if (!entry) {
      await context.sendActivity(
        `I can't find the answer "${id}" any more; the knowledge base may have changed. Please ask your question again.`,
      );
      return;
    }
    await this.sendAnswer(context, entry.id, this.options.cards.answer(entry));
  }

  /**
   * A Teams reaction on one of the latest answers: 👍 or ❤️ is the answer's 👍 (recorded quietly:
   * a reaction expects no reply), 😢 or 😠 its 👎 (recorded, and a person offered). Reactions on
   * other messages, and other reactions, are ignored.
   */
  async recordReaction(context: TurnContext): Promise<void> {
    const { replyToId, reactionsAdded } = context.activity;
    if (!replyToId || !Array.isArray(reactionsAdded) || reactionsAdded.length === 0) return;
    const data = await this.options.conversationData.get(context, {});
    const sent = data.answered?.find((a) => a.activityId === replyToId);
    if (!sent) return;
    const types = reactionsAdded.map((r) => (typeof r?.type === 'string' ? r.type : ''));
    // The latest opinion wins when one reaction event carries both kinds.
    const helpful = types.findLast((t) => HELPFUL_REACTIONS.has(t) || UNHELPFUL_REACTIONS.has(t));
    if (helpful === undefined) return;
    await this.recordFeedback(context, sent.entryId, HELPFUL_REACTIONS.has(helpful), { quiet: true });
  }

  /** Sends an answer card and remembers it for reactions; returns the conversation data (for more changes). */
  private async sendAnswer(context: TurnContext, entryId: string, card: Attachment): Promise<FaqConversationData> {
    const reply = await context.sendActivity(MessageFactory.attachment(card));
    const data = await this.options.conversationData.get(context, {});
    if (reply?.id) {
      data.answered = [...(data.answered ?? []), { activityId: reply.id, entryId }].slice(-MAX_REMEMBERED_ANSWERS);
      await this.options.conversationData.set(context, data);
    }
    return data;
  }

  /**
   * Stores a 👍/👎 (one per user and entry; a new vote replaces the old one) and thanks the user;
   * `quiet`: a 👍 gets no reply (a reaction).
   */
  async recordFeedback(
    context: TurnContext,
    entryId: string,
    helpful: boolean,
    options: { quiet?: boolean } = {},
  ): Promise<void> {
    const entry = this.options.knowledge.entry(entryId);
    if (!entry) {
      if (options.quiet) return;
      await context.sendActivity(
        `Thanks, but I can't find the answer "${entryId}" any more, so I couldn't record that.`,
      );
      return;
    }
    await this.options.stores.feedback.put(feedbackKey(entryId, userKeyOf(context)), {
      entryId,
      helpful,
      user: identityOf(context),
      conversation: conversationOf(context),
      at: this.now().toISOString(),
    });
    if (helpful) {
      if (!options.quiet) await context.sendActivity('Thanks for the feedback! Glad it helped.');
    } else {
      await context.sendActivity(
        MessageFactory.attachment(
          this.options.cards.offerHuman(
            `Sorry that didn't help. I've noted it against the answer “${entry.question}” for the people who keep my answers up to date. Would you like a person to look at your question?`,
            entry.question,
          ),
        ),
      );
    }
  }

  /** "None of these": record the question as unanswered and offer a person. */
  async noneOfThese(context: TurnContext, query: string): Promise<void> {
    await this.noMatch(context, query, [], 'rejected');
  }

  /** Records a request for a person and acknowledges it with a reference. */
  async requestHuman(context: TurnContext, query?: string): Promise<string> {
    const data = await this.options.conversationData.get(context, {});
    const question = query ?? data.lastUnanswered;
    const at = this.now();
    const ref = `H-${this.options
      .newId()
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 8)
      .toUpperCase()}`;
    await this.options.stores.humanRequests.put(timeOrderedKey(at, ref), {
      ref,
      ...(question ? { question } : {}),
      user: identityOf(context),
      conversation: conversationOf(context),
      at: at.toISOString(),
      status: 'open',
    });
    await context.sendActivity(
      `I've recorded your request for a person (ref ${ref})${question ? ` about "${question}"` : ''}. ` +
        'The support team will follow up with you; quote the reference if you contact them.',
    );
    return ref;
  }

  private async smallTalk(context: TurnContext, result: FaqMatchResult): Promise<void> {
    const kind = result.smallTalk ?? 'help';
    // Greetings and help get the help card; every other kind has its short reply.
    if (kind in SMALL_TALK_REPLIES)
      await context.sendActivity(SMALL_TALK_REPLIES[kind as keyof typeof SMALL_TALK_REPLIES]);
    else await context.sendActivity(MessageFactory.attachment(this.options.cards.help()));
  }

  private async noMatch(
    context: TurnContext,
    query: string,
    nearest: readonly FaqCandidate[],
    reason: 'no-match' | 'rejected',
  ): Promise<void> {
    const shown = nearest.slice(0, MAX_CHOICES);
    const at = this.now();
    await this.options.stores.unanswered.put(timeOrderedKey(at, this.options.newId()), {
      question: query,
      nearest: shown.map((c) => c.id),
      reason,
      user: identityOf(context),
      conversation: conversationOf(context),
      at: at.toISOString(),
    });
    const data = await this.options.conversationData.get(context, {});
    data.lastUnanswered = query;
    await this.options.conversationData.set(context, data);
    // English-only matching finds nothing in other languages: say so instead of listing unrelated topics.
    const language = reason === 'no-match' ? nonEnglishLanguage(query) : undefined;
    const card =
      reason === 'rejected'
        ? this.options.cards.offerHuman(
            "OK, none of those fit. I've noted your question so the knowledge base can cover it. Would you like a person to help?",
            query,
          )
        : language
          ? this.options.cards.offerHuman(
              `It looks like you wrote in ${language}. I only understand questions in English so far: could you ask again in English? Error messages can be pasted as they are. Or a person can take it from here.`,
              query,
            )
          : this.options.cards.noMatch(query, shown);
    await context.sendActivity(MessageFactory.attachment(card));
  }
}
