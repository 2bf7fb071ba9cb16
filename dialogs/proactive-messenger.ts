/**
 * The one port through which conversations reach people outside the current turn: send to,
 * update in, run a turn in, and list the members of a conversation the bot stored a reference
 * to. Approvals (requester and approvers), escalation (user, support channel, case thread) and
 * the support roster check all use it. Implemented over `CloudAdapter.continueConversationAsync`
 * in `src/adapters/bot/proactive-messenger.ts`; works after a restart because the references are
 * stored and the adapter only needs the bot's credentials.
 */
import type { Activity, ChannelAccount, ConversationReference, TurnContext } from 'botbuilder';

/** A stored conversation reference (what `TurnContext.getConversationReference` returns). */
export type StoredReference = Partial<ConversationReference>;

/** Proactive messaging in stored conversations. */
export interface ProactiveMessenger {
  /** Sends an activity; returns the id the channel gave it (needed to update it later), if any. */
  send(reference: StoredReference, activity: Partial<Activity>): Promise<string | undefined>;
  /** Replaces an activity sent earlier (e.g. a card that became read-only). */
  update(reference: StoredReference, activityId: string, activity: Partial<Activity>): Promise<void>;
  /** Runs `logic` in a proactive turn of the conversation (e.g. escalation's offer to a requester). */
  continue(reference: StoredReference, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  /** The members of the conversation (for a Teams channel: the team's roster). */
  members(reference: StoredReference): Promise<ChannelAccount[]>;
}
