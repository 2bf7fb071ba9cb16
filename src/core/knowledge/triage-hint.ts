/**
 * What error triage (src/core/triage) says about a message, reduced to what the FAQ matcher needs:
 * which entry answers the recognised error, whether the recognition was a message-level signal
 * (strong) or only a status or error code (weak), and the kind (a feature of the trained model).
 */
import { triageError } from '../triage/index.js';

/** What triage recognised in a message. */
export interface TriageHint {
  /** The entry that answers the error; absent when the kind has no FAQ entry (not found, DNS). */
  id?: string;
  /** True when triage recognised the error by its message, false for a bare status or error code. */
  strong: boolean;
  /** The triage kind (DESIGN.md §3), when known. */
  kind?: string;
}

/** Reads a message for an error and says what it recognised, if anything. */
export type TriageHintSource = (text: string) => TriageHint | undefined;

/** Cheap test before running triage: the message mentions a status code or an error at all. */
export const MAY_HOLD_ERROR = /\b(?:[45]\d\d|AKV\d+|AADSTS\d+|errors?|exception|denied|forbidden|unauthori[sz]ed|throttled|too many requests|does not have|not (?:found|enabled|authori[sz]ed|permitted|allowed)|caller|invalid)\b/i;

/** The default source: the triage core, run only on messages that may hold an error. */
export const triageHint: TriageHintSource = (text) => {
  if (!MAY_HOLD_ERROR.test(text)) return undefined;
  const result = triageError(text);
  if (result.kind === 'unrecognised' && !result.answer) return undefined;
  return { id: result.answer?.id, strong: result.kind !== 'unrecognised' && result.confidence === 'high', kind: result.kind };
};
