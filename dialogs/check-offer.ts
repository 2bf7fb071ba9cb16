/**
 * The check an answer offers, and a typed "yes" that takes it. An answer card that ends "I can check
 * your access to the vault for you if you like" has a **Check my access** button; people answer such
 * a sentence by typing "yes please" or "yes, check it", which the FAQ cannot answer ("no confident
 * answer", with unrelated suggestions). The conversation remembers the offer for one turn, and an
 * acceptance typed right after it does what the button does: it shows the consent card, which reads
 * nothing until its **Run** is pressed (consent and fixes are still given on their cards only).
 */
import { isProbeName, type ProbeName } from '../src/core/probes/probe-result.js';
import type { FaqEntryView } from './faq-knowledge.js';

/** The value of an answer's check button (a type, not an interface: it is a card's data record). */
export type CheckOffer = { kvbot: 'probe.start'; probe: ProbeName; vault?: string };

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
