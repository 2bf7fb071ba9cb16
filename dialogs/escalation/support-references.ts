/**
 * The conversation references escalation stores (opaque to the core, JSON in the case record):
 * where the support channel is, and where each case's thread and card are. Shared by the
 * register command (dialogs) and the Teams notifier (adapters/bot).
 */
import { TurnContext, type ConversationReference, type TurnContext as Turn } from 'botbuilder';

/** The registered support conversation: a Teams channel (new thread per case) or a group chat. */
export interface SupportChannelReference {
  /** Reference to the channel itself (no `;messageid=`), or to the group chat. */
  reference: Partial<ConversationReference>;
  kind: 'channel' | 'groupChat';
  /** The Teams team id of a channel, when Teams sent it (for the roster). */
  teamId?: string;
}

/** A case's place in the support conversation. */
export interface CaseThreadReference {
  /** The thread (channel) or the chat (group chat) to post case messages to. */
  reference: Partial<ConversationReference>;
  /** The case card's activity id, to update it in place. */
  cardActivityId: string;
}

/** A Teams channel conversation id names a thread with `;messageid=<root>`; this is the channel's own id. */
export function channelIdOf(conversationId: string): string {
  return conversationId.replace(/;messageid=.*$/i, '');
}

/** The support reference for the turn's conversation, or undefined in a personal chat. */
export function supportReferenceOf(context: Turn): SupportChannelReference | undefined {
  const a = context.activity;
  const type = a.conversation?.conversationType;
  if (type !== 'channel' && type !== 'groupChat') return undefined;
  const reference = TurnContext.getConversationReference(a);
  delete reference.activityId;
  const conversation = {
    ...a.conversation,
    id: type === 'channel' ? channelIdOf(a.conversation.id) : a.conversation.id,
  };
  const teamId = (a.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  return { reference: { ...reference, conversation }, kind: type, ...(teamId ? { teamId } : {}) };
}

/** True when a stored value looks like a SupportChannelReference. */
export function isSupportChannelReference(v: unknown): v is SupportChannelReference {
  const r = v as SupportChannelReference | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.reference?.conversation?.id === 'string' &&
    (r.kind === 'channel' || r.kind === 'groupChat')
  );
}

/** True when a stored value looks like a CaseThreadReference. */
export function isCaseThreadReference(v: unknown): v is CaseThreadReference {
  const r = v as CaseThreadReference | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.reference?.conversation?.id === 'string' &&
    typeof r.cardActivityId === 'string'
  );
}
