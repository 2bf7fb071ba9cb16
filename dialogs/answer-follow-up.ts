/**
 * What people type back to an answer, which the FAQ cannot answer ("no confident answer", with
 * unrelated suggestions):
 * - "yes please", "yes, check it" to an answer that ends "I can check your access to the vault for
 *   you if you like": it does what the answer's **Check my access** button does, and shows the consent
 *   card, which reads nothing until its **Run** is pressed (consent and fixes are still given on their
 *   cards only);
 * - "that didn't help", "still getting the same error": it does what the answer's 👎 does (recorded
 *   for the KB's owners, and a person offered).
 * The conversation remembers the answer for one turn (FaqResponder.takePreviousAnswer).
 */
import { isProbeName, type ProbeName } from '../src/core/probes/probe-result.js';
import type { FaqEntryView } from './faq-knowledge.js';

/**
 * The value of a reply's check button (a type, not an interface: it is a card's data record); a
 * triage card's also names the principal, the operation and the client address it read.
 */
export type CheckOffer = { kvbot: 'probe.start'; probe: ProbeName; vault?: string } & Record<string, unknown>;

/** What a reply offered, for the message typed next: the entry it answered with, and its check. */
export interface OfferedReply {
  entryId?: string;
  offer?: CheckOffer;
}

/**
 * Turn-state key under which a text route leaves what its reply offered (the triage card's check);
 * the main dialog remembers it for the next message, as it does the FAQ's answers.
 */
export const REPLY_OFFER = Symbol('kvbot.replyOffer');

/** The check an answer of `entry` offers (its first probe), on `vault` when the question named one. */
export function checkOffer(entry: Pick<FaqEntryView, 'probes'>, vault?: string): CheckOffer | undefined {
  const probe = entry.probes.find((p): p is ProbeName => isProbeName(p));
  return probe ? { kvbot: 'probe.start', probe, ...(vault ? { vault } : {}) } : undefined;
}

/** Words an acceptance is made of ("yes please", "ok, check it", "sure, go ahead and check my access"). */
const ACCEPTANCE_WORDS = new Set([
  'yes',
  'yeah',
  'yep',
  'yup',
  'y',
  'sure',
  'ok',
  'okay',
  'please',
  'pls',
  'plz',
  'go',
  'ahead',
  'do',
  'it',
  'that',
  'this',
  'check',
  'run',
  'the',
  'my',
  'access',
  'for',
  'me',
  'and',
  'sounds',
  'good',
  'would',
  'be',
  'great',
  'thanks',
  'thank',
  'you',
  'can',
  'could',
]);

/** Of those, the words that say yes; "thanks" or "the" alone do not. */
const YES = /\b(?:yes|yeah|yep|yup|y|sure|ok|okay|check|run|go ahead|do it|please do|sounds good)\b/i;

/** Whether a short message accepts an offer: made only of acceptance words, at least one a yes. */
export function isAcceptance(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/[^a-z\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return (
    words.length > 0 && words.length <= 10 && words.every((w) => ACCEPTANCE_WORDS.has(w)) && YES.test(words.join(' '))
  );
}

/**
 * "That didn't help", "doesn't work", "not what I asked", "still getting the same error", "nope": the
 * answer did not help. Short messages only: a longer one is a question of its own.
 */
const REJECTION =
  /^(?:no|nope|hmm|sorry|but|unfortunately)?[\s,.!]*(?:(?:that|this|it|the answer|your answer)\s+)?(?:(?:did|does|do|was|is)\s*(?:n'?t|not)|didnt|doesnt|wasnt|isnt)\s+(?:help(?:ful)?|work|fix (?:it|anything|the problem)|answer my question|solve (?:it|anything|the problem)|what i (?:asked|meant|need(?:ed)?)|it|relevant|right)\b|^(?:not|no)\s+(?:helpful|useful|it|what i (?:asked|meant|need(?:ed)?))\b|^(?:i(?:'?m| am)?\s+)?still\s+(?:not working|broken|doesn'?t work|(?:getting|seeing|having|get|see|have)\s+(?:(?:the|that|this|a)\s+)?(?:same\s+)?(?:error|problem|issue|403|401|message|forbidden))\b|^(?:that|this|it)(?:'s|\s+is)\s+(?:not\s+(?:it|right|helpful|relevant|what i (?:asked|meant|need(?:ed)?))|wrong|irrelevant|useless)\b|^(?:same|still the same)\s+(?:error|problem|issue)\b|^(?:wrong|bad|useless|irrelevant|nope)(?:\s+answer)?[\s.!]*$/i;

/** Whether a short message says the answer did not help. */
export function isRejection(text: string): boolean {
  const t = text.trim();
  return t.split(/\s+/).length <= 10 && REJECTION.test(t);
}
