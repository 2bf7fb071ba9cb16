/**
 * What error triage (src/core/triage) says about a message, reduced to what the FAQ matcher needs:
 * which entry answers the recognised error, and whether the recognition was a message-level
 * signal (strong) or only a status or error code (weak).
 */
import { triageError } from '../triage/index.js';

/** The entry triage points to. */
export interface TriageHint {
  id: string;
  /** True when triage recognised the error by its message, false for a bare status or error code. */
  strong: boolean;
}

/** Reads a message for an error and says which entry it points to, if any. */
export type TriageHintSource = (text: string) => TriageHint | undefined;

/** The default source: the triage core. */
export const triageHint: TriageHintSource = (text) => {
  const result = triageError(text);
  if (!result.answer) return undefined;
  return { id: result.answer.id, strong: result.kind !== 'unrecognised' && result.confidence === 'high' };
};
