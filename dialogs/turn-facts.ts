/**
 * Who and where a turn comes from, in the shape the feedback records store.
 */
import type { TurnContext } from 'botbuilder';
import type { RecordActor, RecordConversation } from '../src/core/feedback/feedback-records.js';

/** The user of this turn. */
export function actorOf(context: TurnContext): RecordActor {
  const from = context.activity.from ?? { id: 'unknown' };
  const actor: RecordActor = { id: from.id || 'unknown' };
  if (from.aadObjectId) actor.aadObjectId = from.aadObjectId;
  if (from.name) actor.name = from.name;
  return actor;
}

/** The conversation of this turn. */
export function conversationOf(context: TurnContext): RecordConversation {
  const a = context.activity;
  const c: RecordConversation = { channelId: a.channelId ?? 'unknown', conversationId: a.conversation?.id ?? 'unknown' };
  if (a.conversation?.conversationType) c.conversationType = a.conversation.conversationType;
  return c;
}

/** The key a user's votes are stored under: the Entra object id when known, else the channel id. */
export function userKeyOf(context: TurnContext): string {
  const from = context.activity.from;
  return from?.aadObjectId || from?.id || 'unknown';
}
