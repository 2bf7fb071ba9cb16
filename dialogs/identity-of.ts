/**
 * The one place that reads who is talking from a turn (`activity.from`). Every feature asks
 * `identityOf(context)` instead of reading `from.aadObjectId`, `from.id` or `from.name` itself,
 * so they all agree on who someone is.
 */
import type { TurnContext } from 'botbuilder';
import type { Identity } from '../src/core/identity/identity.js';

/** The person of this turn ('unknown' ids when the channel sent no `from`). */
export function identityOf(context: Pick<TurnContext, 'activity'>): Identity {
  const from = context.activity.from;
  const id = from?.id || 'unknown';
  return { id, ...(from?.aadObjectId ? { aadObjectId: from.aadObjectId } : {}), name: from?.name || id };
}
