/**
 * What the bot remembers about how its answers land: 👍/👎 votes per KB entry, questions it
 * could not answer, and requests to talk to a person. Stored through the `RecordStore` port and
 * summarised by `kvbot report`.
 */
import type { Identity } from '../identity/identity.js';

/** Who did something: the identity of the turn (records written before it had a name may lack one). */
export type RecordActor = Identity;

/** Where it happened. */
export interface RecordConversation {
  channelId: string;
  conversationId: string;
  /** `personal`, `groupChat` or `channel` (Teams); absent on other channels. */
  conversationType?: string;
}

/** One user's vote on one entry; a later vote by the same user on the same entry replaces it. */
export interface FeedbackRecord {
  entryId: string;
  helpful: boolean;
  user: RecordActor;
  conversation: RecordConversation;
  /** ISO-8601 time of the vote. */
  at: string;
}

/** A question the bot had no confident answer for. */
export interface UnansweredQuestionRecord {
  /** The user's words (mentions already stripped). */
  question: string;
  /** Ids of the nearest entries the bot offered instead (may be empty). */
  nearest: string[];
  /** `no-match`: the matcher was not confident; `rejected`: the user said "None of these". */
  reason: 'no-match' | 'rejected';
  user: RecordActor;
  conversation: RecordConversation;
  at: string;
}

/**
 * The user asked for a person. The escalation workflow (cases, support channel, hand-back) picks
 * these up later; for now they are the durable record that somebody asked.
 */
export interface HumanRequestRecord {
  /** Short reference the user is told, so a person can find the request. */
  ref: string;
  /** The question that was not answered, when known. */
  question?: string;
  user: RecordActor;
  conversation: RecordConversation;
  at: string;
  status: 'open';
}
