/**
 * What the FAQ matcher returns: the contract between `src/core/knowledge` (matching), the
 * dialogs (rendering) and the `kvbot ask` CLI (DESIGN.md §3).
 */

/** Where an entry's facts come from: the seed document and its exact `###` heading. */
export interface FaqSource {
  /** Document title, e.g. "Troubleshooting Azure Key Vault access policy issues". */
  document: string;
  /** The exact `###` heading of the seed section. */
  heading: string;
  /** Public URL of the source (Microsoft Learn). */
  url: string;
}

/** One scored candidate entry. */
export interface FaqCandidate {
  id: string;
  question: string;
  /** Calibrated confidence 0..1, higher is better. */
  score: number;
  source: FaqSource;
}

/** Kinds of small talk the bot answers itself rather than from the KB. */
export type SmallTalkKind = 'greeting' | 'thanks' | 'help' | 'goodbye' | 'cancel' | 'confirm';

/** The matcher's decision for one user message. */
export interface FaqMatchResult {
  query: string;
  /**
   * `answer`: one confident match (`answer` set; `suggestions` may hold close runners-up);
   * `ambiguous`: several plausible entries within the "did you mean" margin (`suggestions`, ≤3);
   * `none`: nothing confident (`suggestions` holds the nearest entries, possibly empty);
   * `smalltalk`: greeting, thanks, help or goodbye (`smallTalk` set).
   */
  kind: 'answer' | 'ambiguous' | 'none' | 'smalltalk';
  answer?: FaqCandidate;
  suggestions: FaqCandidate[];
  smallTalk?: SmallTalkKind;
  /** Probe names related to the answer (empty when no answer). */
  probes: string[];
}
