/**
 * Refusals: the expected "no" answers of the case lifecycle (take a resolved case, reply to a case
 * someone else holds, ...). They are values the dialog renders, never exceptions.
 */
import type { Case } from './case-types.js';

/** Why an action on a case was refused. */
export type CaseRefusalReason =
  | 'not-found'
  | 'not-support-member'
  | 'not-admin'
  | 'not-requester'
  | 'already-assigned'
  | 'already-yours'
  | 'not-assigned'
  | 'not-your-case'
  | 'case-resolved'
  | 'not-resolved'
  | 'not-due'
  | 'empty-text'
  | 'text-too-long'
  | 'invalid-input'
  | 'conflict';

/** A refused action, with a sentence a person can act on and the case as it stands (when found). */
export interface CaseRefusal {
  ok: false;
  reason: CaseRefusalReason;
  message: string;
  case?: Case;
}

/** Builds a refusal. */
export function refuse(reason: CaseRefusalReason, message: string, current?: Case): CaseRefusal {
  return current ? { ok: false, reason, message, case: current } : { ok: false, reason, message };
}
