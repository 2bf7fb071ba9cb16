/**
 * Feedback stores in memory, for dialog and protocol tests.
 */
import type { FeedbackStores } from '../../dialogs/feedback-stores.js';
import type {
  FeedbackRecord,
  HumanRequestRecord,
  UnansweredQuestionRecord,
} from '../../src/core/feedback/feedback-records.js';
import { MemoryRecordStore } from './memory-record-store.js';

/** The three FAQ record stores, in memory. */
export function memoryFeedbackStores(): FeedbackStores & {
  feedback: MemoryRecordStore<FeedbackRecord>;
  unanswered: MemoryRecordStore<UnansweredQuestionRecord>;
  humanRequests: MemoryRecordStore<HumanRequestRecord>;
} {
  return {
    feedback: new MemoryRecordStore<FeedbackRecord>(),
    unanswered: new MemoryRecordStore<UnansweredQuestionRecord>(),
    humanRequests: new MemoryRecordStore<HumanRequestRecord>(),
  };
}
