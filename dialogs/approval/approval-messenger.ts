/**
 * The port through which the approval flow reaches people outside the current turn: proactive
 * messages to a stored conversation and updates of cards posted earlier. Implemented in
 * `src/adapters/bot/approval-proactive.ts` over `CloudAdapter.continueConversationAsync`.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { StoredReference } from './approval-contacts.js';

/** Sends and updates activities in stored conversations. */
export interface ApprovalMessenger {
  /** Sends an activity; returns the id the channel gave it (needed to update it later). */
  send(reference: StoredReference, activity: Partial<Activity>): Promise<string | undefined>;
  /** Replaces an activity sent earlier (e.g. an approval card that became read-only). */
  update(reference: StoredReference, activityId: string, activity: Partial<Activity>): Promise<void>;
  /**
   * Runs `logic` in a proactive turn of a stored conversation (for hooks that need a turn there,
   * e.g. escalation's offer to the requester). Optional: without it those hooks are skipped.
   */
  continue?(reference: StoredReference, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}
