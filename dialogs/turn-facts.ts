/**
 * Where a turn comes from, in the shape the feedback records store (who: `identityOf`).
 */
import type { TurnContext } from 'botbuilder';
import type { RecordConversation } from '../src/core/feedback/feedback-records.js';
import { identityKey } from '../src/core/identity/identity.js';
import { identityOf } from './identity-of.js';

/** The conversation of this turn. */
export function conversationOf(context: TurnContext): RecordConversation {
  const a = context.activity;
  const c: RecordConversation = {
    channelId: a.channelId ?? 'unknown',
    conversationId: a.conversation?.id ?? 'unknown',
  };
  if (a.conversation?.conversationType) c.conversationType = a.conversation.conversationType;
  return c;
}

/** The key a user's votes are stored under: the Entra object id when known, else the channel id. */
export function userKeyOf(context: TurnContext): string {
  return identityKey(identityOf(context));
}
