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
  if (!isObject(body))
    throw new InvalidActivityError(
      'The request body must be a JSON object (a Bot Framework activity) sent with Content-Type: application/json.',
    );
  if (typeof body.type !== 'string' || !body.type.trim()) throw new InvalidActivityError('The activity has no "type".');
  if (!isObject(body.conversation) || typeof body.conversation.id !== 'string' || !body.conversation.id) {
    throw new InvalidActivityError('The activity has no "conversation.id".');
  }
  if (typeof body.serviceUrl !== 'string' || !/^https?:\/\/[^\s]+$/i.test(body.serviceUrl)) {
    throw new InvalidActivityError('The activity has no valid "serviceUrl" (an http or https URL to reply to).');
  }
  if (body.from !== undefined && !isObject(body.from))
    throw new InvalidActivityError('The activity\'s "from" must be an object.');
  if (body.text !== undefined && body.text !== null && typeof body.text !== 'string')
    throw new InvalidActivityError('The activity\'s "text" must be a string.');
  if (body.recipient !== undefined && !isObject(body.recipient))
    throw new InvalidActivityError('The activity\'s "recipient" must be an object.');
  for (const field of [
    'entities',
    'attachments',
    'membersAdded',
    'membersRemoved',
    'reactionsAdded',
    'reactionsRemoved',
  ] as const) {
    if (body[field] !== undefined && body[field] !== null && !Array.isArray(body[field]))
      throw new InvalidActivityError(`The activity's "${field}" must be an array.`);
  }
  if (body.channelData !== undefined && body.channelData !== null && !isObject(body.channelData))
    throw new InvalidActivityError('The activity\'s "channelData" must be an object.');
  return body;
}

function isAccount(v: unknown): boolean {
  return isObject(v) && typeof v.id === 'string';
}

/**
 * Drops the parts of a valid activity that botbuilder or the dialogs cannot read (they would throw
 * mid-turn): entities without a string `type`, mentions without a `mentioned` account, attachments
 * and members that are not objects. Mutates `body`; returns what was dropped, for the log.
 */
export function sanitizeActivity(body: Record<string, unknown>): string[] {
  const dropped: string[] = [];
  if (Array.isArray(body.entities)) {
    const kept = body.entities.filter(
      (e: unknown) =>
        isObject(e) &&
        typeof e.type === 'string' &&
        (e.type.toLowerCase() !== 'mention' ||
          (isAccount(e.mentioned) && (e.text === undefined || typeof e.text === 'string'))),
    );
    if (kept.length !== body.entities.length)
      dropped.push(
        `${body.entities.length - kept.length} entit${body.entities.length - kept.length === 1 ? 'y' : 'ies'}`,
      );
    body.entities = kept;
  }
  if (Array.isArray(body.attachments)) {
    const kept = body.attachments.filter(
      (a: unknown) => isObject(a) && (a.contentType === undefined || typeof a.contentType === 'string'),
    );
    if (kept.length !== body.attachments.length) dropped.push(`${body.attachments.length - kept.length} attachment(s)`);
    body.attachments = kept;
  }
  for (const field of ['membersAdded', 'membersRemoved'] as const) {
    const list = body[field];
    if (!Array.isArray(list)) continue;
    const kept = list.filter(isAccount);
    if (kept.length !== list.length) dropped.push(`${list.length - kept.length} of ${field}`);
    body[field] = kept;
  }
  for (const field of ['reactionsAdded', 'reactionsRemoved'] as const) {
    const list = body[field];
    if (!Array.isArray(list)) continue;
    const kept = list.filter((r: unknown) => isObject(r) && typeof r.type === 'string');
    if (kept.length !== list.length) dropped.push(`${list.length - kept.length} of ${field}`);
    body[field] = kept;
  }
  if (isObject(body.from) && body.from.id !== undefined && typeof body.from.id !== 'string') {
    dropped.push('from.id');
    delete body.from.id;
  }
  return dropped;
}
