/**
 * The cards the FAQ conversation shows. Dialogs decide *what* to show; the Teams card builders in
 * dialogs/faq-teams-cards.ts decide *how* (Adaptive Cards), and are passed in by createBot.
 */
import type { Attachment } from 'botbuilder';
import type { FaqCandidate } from '../src/core/knowledge/faq-types.js';
import type { FaqEntryView } from './faq-knowledge.js';

/** What an answer card may know of the question beyond its entry. */
export interface AnswerCardOptions {
  /** The vault the question named: the entry's check button starts with it instead of asking which vault. */
  vault?: string;
}

/** Builds the FAQ conversation's cards. */
export interface FaqCards {
  /**
   * One answer: title, body, source link, follow-ups, 👍/👎; and `alsoClose`, the matcher's runners-up
   * for the question (at most two), so that the entry the user meant is on screen even when the
   * answer is the wrong one.
   */
  answer(entry: FaqEntryView, alsoClose?: readonly FaqCandidate[], options?: AnswerCardOptions): Attachment;
  /** Up to three plausible entries plus "None of these". */
  didYouMean(query: string, choices: readonly FaqCandidate[]): Attachment;
  /** No confident answer: the nearest entries (if any) and "Talk to a person". */
  noMatch(query: string, nearest: readonly FaqCandidate[]): Attachment;
  /** What the bot can do. */
  help(): Attachment;
  /** First message after install / being added. */
  welcome(): Attachment;
  /** An offer of a person, e.g. after 👎. */
  offerHuman(message: string, query?: string): Attachment;
}
