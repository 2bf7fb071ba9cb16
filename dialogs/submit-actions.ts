/**
 * The `value` an Adaptive Card `Action.Submit` sends back, and its validation. Every button the
 * bot renders carries `{ kvbot: <action>, ... }`; anything else is refused with a message.
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

/** A submit value that is not one of ours, or is missing required fields. */
export class InvalidSubmitError extends Error {
  override readonly name = 'InvalidSubmitError';
  constructor(readonly value: unknown, message: string) {
    super(message);
  }
}

/** The longest query a button may carry back (Teams caps card payload size). */
export const MAX_QUERY_IN_ACTION = 500;

const ENTRY_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

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

/**
 * Validates a FAQ submit value. Throws InvalidSubmitError naming what is wrong; returns
 * undefined when the action name is not a FAQ action (another handler may own it).
 */
export function parseFaqSubmit(value: unknown): FaqSubmitAction | undefined {
  if (!isObject(value)) throw new InvalidSubmitError(value, 'the button sent no data');
  const name = submitActionName(value);
  if (!name) throw new InvalidSubmitError(value, 'the button data has no "kvbot" action');
  const id = value.id;
  const needId = (): string => {
    if (typeof id !== 'string' || !ENTRY_ID.test(id)) throw new InvalidSubmitError(value, `"${name}" needs a valid entry id`);
    return id;
  };
  const optionalQuery = (): string | undefined => {
    if (value.query === undefined) return undefined;
    if (typeof value.query !== 'string') throw new InvalidSubmitError(value, `"${name}" has a query that is not text`);
    return value.query.slice(0, MAX_QUERY_IN_ACTION);
  };
  switch (name) {
    case 'faq.open':
      return { kvbot: 'faq.open', id: needId() };
    case 'feedback': {
      const entryId = needId();
      if (typeof value.helpful !== 'boolean') throw new InvalidSubmitError(value, '"feedback" needs helpful: true or false');
      return { kvbot: 'feedback', id: entryId, helpful: value.helpful };
    }
    case 'faq.none': {
      const query = optionalQuery();
      if (!query) throw new InvalidSubmitError(value, '"faq.none" needs the original question');
      return { kvbot: 'faq.none', query };
    }
    case 'human': {
      const query = optionalQuery();
      return query ? { kvbot: 'human', query } : { kvbot: 'human' };
    }
    case 'help':
      return { kvbot: 'help' };
    default:
      return undefined;
  }
}
