/**
 * The `value` an Adaptive Card `Action.Submit` sends back. Every button the bot renders carries
 * `{ kvbot: <action>, ... }`; card-payloads.ts checks each action's fields.
 */

/** Open an entry (follow-up, "did you mean" choice, nearest entry). */
export interface OpenEntryAction {
  kvbot: 'faq.open';
  id: string;
}

/** 👍/👎 on an answer. */
export interface FeedbackAction {
  kvbot: 'feedback';
  id: string;
  helpful: boolean;
}

/** "None of these" on a "did you mean" card. */
export interface NoneOfTheseAction {
  kvbot: 'faq.none';
  /** The question the choices were for. */
  query: string;
}

/** "Talk to a person". */
export interface HumanAction {
  kvbot: 'human';
  query?: string;
}

/** "Help" (from the welcome card). */
export interface HelpAction {
  kvbot: 'help';
}

/** The submit actions the FAQ part of the bot understands. */
export type FaqSubmitAction = OpenEntryAction | FeedbackAction | NoneOfTheseAction | HumanAction | HelpAction;

const FAQ_ACTIONS: ReadonlyArray<FaqSubmitAction['kvbot']> = ['faq.open', 'feedback', 'faq.none', 'human', 'help'];

/** The longest query a button may carry back (Teams caps card payload size). */
export const MAX_QUERY_IN_ACTION = 500;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads the `kvbot` action name of a submit value, or undefined when the value is not ours.
 * Extension handlers (probes, fixes, approvals) are looked up by this name.
 */
export function submitActionName(value: unknown): string | undefined {
  return isObject(value) && typeof value.kvbot === 'string' && value.kvbot ? value.kvbot : undefined;
}

/** True for the actions the FAQ conversation answers itself (their payloads are checked in card-payloads.ts). */
export function isFaqAction(name: string): name is FaqSubmitAction['kvbot'] {
  return (FAQ_ACTIONS as readonly string[]).includes(name);
}
