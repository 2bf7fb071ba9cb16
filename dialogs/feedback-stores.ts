/**
 * The record collections the FAQ conversation writes: votes, unanswered questions and requests
 * for a person (each its own `RecordStore`, so `kvbot report` can read them separately).
 */
import type { RecordStore } from '../src/core/storage/record-store.js';
import type {
  FeedbackRecord,
  HumanRequestRecord,
  UnansweredQuestionRecord,
} from '../src/core/feedback/feedback-records.js';

/** The three stores. */
export interface FeedbackStores {
  feedback: RecordStore<FeedbackRecord>;
  unanswered: RecordStore<UnansweredQuestionRecord>;
  humanRequests: RecordStore<HumanRequestRecord>;
}

/** Collection names under the data directory / blob container, shared with `kvbot report`. */
export const FEEDBACK_COLLECTIONS = {
  feedback: 'feedback',
  unanswered: 'unanswered',
  humanRequests: 'human-requests',
} as const;
