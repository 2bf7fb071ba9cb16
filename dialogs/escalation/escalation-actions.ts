/**
 * The escalation card actions (`value.kvbot`) and their validation. Card values come from
 * outside (old cards, other clients), so every field is checked and a bad value becomes a
 * sentence for the person who clicked, never an exception.
 */
import {
  CASE_PRIORITIES,
  CASE_TRIGGERS,
  type CasePriority,
  type CaseTrigger,
} from '../../src/core/escalation/case-types.js';
import { KEY_SEGMENT_ID } from '../../src/core/storage/record-key.js';

/** Action names. `human` is the FAQ's "Talk to a person" button, which escalation now owns. */
export const ESCALATION_ACTIONS = {
  human: 'human',
  open: 'case.open',
  dismiss: 'case.dismiss',
  take: 'case.take',
  reply: 'case.reply',
  resolve: 'case.resolve',
  reopen: 'case.reopen',
  rate: 'case.rate',
} as const;

/** Id of the free-text input on the support card (reply text or resolution note). */
export const CASE_TEXT_INPUT = 'caseText';
/** Id of the "also propose as FAQ" toggle on the support card. */
export const PROPOSE_FAQ_INPUT = 'proposeFaq';
/** Id of the priority choice on the offer card. */
export const PRIORITY_INPUT = 'priority';

/** A card value that cannot be used, with the reason. */
export class InvalidEscalationActionError extends Error {
  override readonly name = 'InvalidEscalationActionError';
}

/** The case id a support or user action carries. */
export function caseIdOf(value: Record<string, unknown>): string {
  const id = value.caseId;
  if (typeof id !== 'string' || !KEY_SEGMENT_ID.test(id))
    throw new InvalidEscalationActionError('the button does not name a case');
  return id;
}

/** The trigger on an offer card (defaults to the user asking). */
export function triggerOf(value: Record<string, unknown>): CaseTrigger {
  const t = value.trigger ?? 'user-request';
  if (typeof t !== 'string' || !(CASE_TRIGGERS as readonly string[]).includes(t))
    throw new InvalidEscalationActionError(`"${String(t)}" is not a reason to open a case`);
  return t as CaseTrigger;
}

/** The priority the user picked on the offer card, or undefined for the suggestion. */
export function priorityOf(value: Record<string, unknown>): CasePriority | undefined {
  const p = value[PRIORITY_INPUT];
  if (p === undefined || p === '') return undefined;
  if (typeof p !== 'string' || !(CASE_PRIORITIES as readonly string[]).includes(p))
    throw new InvalidEscalationActionError(`priority must be one of ${CASE_PRIORITIES.join(', ')}`);
  return p as CasePriority;
}

/** The text typed into the support card's box ('' when empty). */
export function caseTextOf(value: Record<string, unknown>): string {
  const t = value[CASE_TEXT_INPUT];
  return typeof t === 'string' ? t : '';
}

/** The 👍/👎 of a rating button. */
export function helpfulOf(value: Record<string, unknown>): boolean {
  if (typeof value.helpful !== 'boolean')
    throw new InvalidEscalationActionError('the rating must be helpful or not helpful');
  return value.helpful;
}

/** True when the engineer ticked "also propose the note as an FAQ answer". */
export function proposeFaqOf(value: Record<string, unknown>): boolean {
  return value[PROPOSE_FAQ_INPUT] === 'true' || value[PROPOSE_FAQ_INPUT] === true;
}
