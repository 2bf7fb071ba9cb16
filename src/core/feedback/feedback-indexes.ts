/** What feedback and unanswered questions are looked up by: entry and time (`kvbot report`). */
import type { RecordIndex } from '../storage/record-query.js';
import type { FeedbackRecord, HumanRequestRecord, UnansweredQuestionRecord } from './feedback-records.js';

/** Voted entry. */
export const FEEDBACK_BY_ENTRY: RecordIndex<FeedbackRecord> = { name: 'entry', valueOf: (r) => r.entryId };
/** Vote time. */
export const FEEDBACK_BY_TIME: RecordIndex<FeedbackRecord> = { name: 'at', valueOf: (r) => r.at };
/** Nearest entry offered for an unanswered question (the first). */
export const UNANSWERED_BY_ENTRY: RecordIndex<UnansweredQuestionRecord> = {
  name: 'entry',
  valueOf: (r) => r.nearest?.[0],
};
/** Time asked. */
export const UNANSWERED_BY_TIME: RecordIndex<UnansweredQuestionRecord> = { name: 'at', valueOf: (r) => r.at };
/** Time of a request for a person. */
export const HUMAN_REQUEST_BY_TIME: RecordIndex<HumanRequestRecord> = { name: 'at', valueOf: (r) => r.at };
