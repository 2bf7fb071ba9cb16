/**
 * The Universal Action verbs of approval cards and the `Action.Submit` fallback. Cards carry
 * only `{ requestId, version, decision }` (plus the `comment` input); everything else is read
 * from the stored request.
 */

/** `Action.Execute` verbs. */
export const APPROVAL_VERBS = Object.freeze({ decide: 'approval.decide', refresh: 'approval.refresh' });

/** The `kvbot` name of the same decision sent as an `Action.Submit` (Agents Playground, terminal chat). */
export const APPROVAL_SUBMIT_ACTION = 'approval.decide';

/** The decision payload of a submit: the submit value without the routing key, as sent (so extra fields still count as altered). */
export function decisionPayloadOfSubmit(value: Record<string, unknown>): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...value };
  delete rest.kvbot;
  return rest;
}
