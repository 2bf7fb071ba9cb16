/**
 * Detects the "unanswered twice" escalation trigger: the bot offers a human when two questions
 * in a row got no confident answer, instead of letting the user rephrase forever.
 */

/** How one of the user's questions ended. `answered` means a confident FAQ answer; `other` is anything
 * that neither answers nor fails a question (small talk, a probe, a card click) and does not break the run. */
export type FaqOutcome = 'answered' | 'unanswered' | 'other';

/**
 * True when the two most recent questions (ignoring `other` turns) were both unanswered.
 * `outcomes` is oldest first.
 */
export function isUnansweredTwice(outcomes: readonly FaqOutcome[]): boolean {
  let run = 0;
  for (let i = outcomes.length - 1; i >= 0; i--) {
    const outcome = outcomes[i];
    if (outcome === 'other') continue;
    if (outcome !== 'unanswered') return false;
    run++;
    if (run === 2) return true;
  }
  return false;
}

/**
 * Appends an outcome and keeps only the last `keep` entries, so conversation state stays small.
 * After an escalation the dialog should reset the list (pass `[]`) so the offer is not repeated at once.
 */
export function recordOutcome(outcomes: readonly FaqOutcome[], outcome: FaqOutcome, keep = 10): FaqOutcome[] {
  return [...outcomes, outcome].slice(-keep);
}
