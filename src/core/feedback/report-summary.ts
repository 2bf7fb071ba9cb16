/**
 * The `kvbot report` summary: how many votes, unanswered questions and requests for a person the
 * bot has collected, which questions go unanswered most, and 👍/👎 per entry. Pure: the caller
 * reads the records.
 *
 * A request for a person is either a recorded request (the FAQ's fallback when escalation is not
 * wired) or an escalation case (what "talk to a person" opens when it is); both count.
 */
import type { CaseStatus } from '../escalation/case-types.js';
import type { FeedbackRecord, HumanRequestRecord, UnansweredQuestionRecord } from './feedback-records.js';

/** Votes for one entry. */
export interface EntryFeedback {
  entryId: string;
  helpful: number;
  notHelpful: number;
}

/** One group of unanswered questions that read the same once case and punctuation are ignored. */
export interface UnansweredGroup {
  /** The most recent wording in the group. */
  question: string;
  count: number;
  lastAskedAt: string;
}

/** The whole report. */
export interface FeedbackReport {
  totals: {
    votes: number;
    helpful: number;
    notHelpful: number;
    unanswered: number;
    humanRequests: number;
    openHumanRequests: number;
  };
  /** Entries with at least one vote, most 👎 first (they need attention), then by id. */
  perEntry: EntryFeedback[];
  /** Most frequent unanswered questions first (ties: most recent first). */
  topUnanswered: UnansweredGroup[];
}

/** Options of `summariseFeedback`. */
export interface SummariseOptions {
  /** How many unanswered groups to list (default 10). */
  topUnanswered?: number;
  /** Escalation cases (each is a request for a person; open until resolved). */
  cases?: ReadonlyArray<{ status: CaseStatus }>;
}

/** Groups unanswered questions by their text with case, punctuation and spacing ignored. */
function groupKey(question: string): string {
  return question
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Builds the report from all stored records. */
export function summariseFeedback(
  feedback: readonly FeedbackRecord[],
  unanswered: readonly UnansweredQuestionRecord[],
  humanRequests: readonly HumanRequestRecord[],
  options: SummariseOptions = {},
): FeedbackReport {
  const perEntry = new Map<string, EntryFeedback>();
  for (const vote of feedback) {
    const row = perEntry.get(vote.entryId) ?? { entryId: vote.entryId, helpful: 0, notHelpful: 0 };
    if (vote.helpful) row.helpful++;
    else row.notHelpful++;
    perEntry.set(vote.entryId, row);
  }

  const groups = new Map<string, UnansweredGroup>();
  for (const q of unanswered) {
    const key = groupKey(q.question);
    if (!key) continue;
    const g = groups.get(key);
    if (!g) groups.set(key, { question: q.question, count: 1, lastAskedAt: q.at });
    else {
      g.count++;
      if (q.at >= g.lastAskedAt) {
        g.lastAskedAt = q.at;
        g.question = q.question;
      }
    }
  }

  const helpful = feedback.filter((v) => v.helpful).length;
  const cases = options.cases ?? [];
  return {
    totals: {
      votes: feedback.length,
      helpful,
      notHelpful: feedback.length - helpful,
      unanswered: unanswered.length,
      humanRequests: humanRequests.length + cases.length,
      openHumanRequests:
        humanRequests.filter((r) => r.status === 'open').length + cases.filter((c) => c.status !== 'resolved').length,
    },
    perEntry: [...perEntry.values()].sort((a, b) => b.notHelpful - a.notHelpful || a.entryId.localeCompare(b.entryId)),
    topUnanswered: [...groups.values()]
      .sort((a, b) => b.count - a.count || b.lastAskedAt.localeCompare(a.lastAskedAt))
      .slice(0, options.topUnanswered ?? 10),
  };
}
