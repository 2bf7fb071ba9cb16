/**
 * Checks that a request body is a Bot Framework activity the adapter can process, before the
 * adapter sees it: the adapter's own checks either answer with an empty 400 or throw.
 */

/** Why a body is not an activity (becomes a 400 JSON error). */
export class InvalidActivityError extends Error {
  override readonly name = 'InvalidActivityError';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throws InvalidActivityError naming the first problem; returns the body otherwise. */
export function assertActivity(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new InvalidActivityError('The request body must be a JSON object (a Bot Framework activity) sent with Content-Type: application/json.');
  if (typeof body.type !== 'string' || !body.type.trim()) throw new InvalidActivityError('The activity has no "type".');
  if (!isObject(body.conversation) || typeof body.conversation.id !== 'string' || !body.conversation.id) {
    throw new InvalidActivityError('The activity has no "conversation.id".');
  }
  if (typeof body.serviceUrl !== 'string' || !/^https?:\/\/[^\s]+$/i.test(body.serviceUrl)) {
    throw new InvalidActivityError('The activity has no valid "serviceUrl" (an http or https URL to reply to).');
  }
  if (body.from !== undefined && !isObject(body.from)) throw new InvalidActivityError('The activity\'s "from" must be an object.');
  if (body.text !== undefined && body.text !== null && typeof body.text !== 'string') throw new InvalidActivityError('The activity\'s "text" must be a string.');
  return body;
}
