/**
 * `kvbot report [--json] [--top N] [--since <ISO time>]`: what users thought of the answers (👍/👎 per entry), which questions
 * went unanswered most often, and how many asked for a person (recorded requests and escalation
 * cases), read from the configured store
 * (`KVBOT_DATA_DIR` / `KVBOT_STORAGE`). With `--since`, each collection is read through its time
 * index: only the records of the window.
 */
import { loadConfig, type AppConfig } from '../../config.js';
import { createStorageFactory } from '../../adapters/storage/storage-factory.js';
import type {
  FeedbackRecord,
  HumanRequestRecord,
  UnansweredQuestionRecord,
} from '../../core/feedback/feedback-records.js';
import { summariseFeedback, type FeedbackReport } from '../../core/feedback/report-summary.js';
import { FEEDBACK_COLLECTIONS, type FeedbackStores } from '../../../dialogs/feedback-stores.js';
import { CASE_KEY_PREFIX } from '../../core/escalation/escalation-service.js';
import type { Case } from '../../core/escalation/case-types.js';
import type { RecordStore } from '../../core/storage/record-store.js';
import { ESCALATION_COLLECTIONS } from '../../core/escalation/escalation-collections.js';
import { UsageError, parseCommandLine, wholeNumber } from '../command-options.js';
import { FEEDBACK_BY_TIME, HUMAN_REQUEST_BY_TIME, UNANSWERED_BY_TIME } from '../../core/feedback/feedback-indexes.js';
import { CASE_BY_CREATED } from '../../core/escalation/case-indexes.js';

/** Reads the feedback records (and the escalation cases, when given), all or since a time, and summarises them. */
export async function buildReport(
  stores: FeedbackStores,
  top = 10,
  cases?: RecordStore<Case>,
  since?: Date,
): Promise<FeedbackReport> {
  const from = since?.toISOString();
  const [feedback, unanswered, humanRequests, caseRecords] = await Promise.all([
    from ? stores.feedback.query({ index: FEEDBACK_BY_TIME, atLeast: from }) : stores.feedback.list(),
    from ? stores.unanswered.query({ index: UNANSWERED_BY_TIME, atLeast: from }) : stores.unanswered.list(),
    from ? stores.humanRequests.query({ index: HUMAN_REQUEST_BY_TIME, atLeast: from }) : stores.humanRequests.list(),
    cases
      ? from
        ? cases.query({ index: CASE_BY_CREATED, atLeast: from })
        : cases.list(CASE_KEY_PREFIX)
      : Promise.resolve([]),
  ]);
  return summariseFeedback(
    feedback.map((r) => r.value),
    unanswered.map((r) => r.value),
    humanRequests.map((r) => r.value),
    {
      topUnanswered: top,
      cases: caseRecords.map((r) => r.value),
    },
  );
}
/** The report as text for a terminal. */
export function formatReport(report: FeedbackReport, where: string): string {
  const t = report.totals;
  const lines = [
    `Feedback report (${where})`,
    '',
    `Votes: ${t.votes} (👍 ${t.helpful}, 👎 ${t.notHelpful})   Unanswered questions: ${t.unanswered}   Requests for a person: ${t.humanRequests} (${t.openHumanRequests} open)`,
    '',
    'Votes per entry (most 👎 first):',
    ...(report.perEntry.length
      ? report.perEntry.map(
          (e) =>
            `  ${e.entryId.padEnd(32)} 👍 ${String(e.helpful).padStart(3)}   👎 ${String(e.notHelpful).padStart(3)}`,
        )
      : ['  (none yet)']),
    '',
    'Top unanswered questions:',
    ...(report.topUnanswered.length
      ? report.topUnanswered.map(
          (q) => `  ${String(q.count).padStart(3)}×  ${q.question}   (last asked ${q.lastAskedAt})`,
        )
      : ['  (none yet)']),
  ];
  return lines.join('\n');
}

const USAGE = 'usage: kvbot report [--json] [--top N] [--since <ISO time>]';

/** Runs the report against a configuration, writing to `out`. */
export async function runReport(
  args: string[],
  config: Pick<AppConfig, 'dataDir' | 'storage'>,
  out: (text: string) => void,
): Promise<number> {
  let json: boolean;
  let top: number;
  let since: Date | undefined;
  try {
    const { values } = parseCommandLine(
      'report',
      args,
      { json: { type: 'boolean', default: false }, top: { type: 'string', default: '10' }, since: { type: 'string' } },
      USAGE,
    );
    json = values.json;
    top = wholeNumber('report', '--top', values.top, USAGE, 1);
    if (values.since !== undefined) {
      const t = Date.parse(values.since);
      if (Number.isNaN(t))
        throw new UsageError(
          `kvbot report: --since must be an ISO 8601 time such as 2026-01-31 or 2026-01-31T09:00:00Z, got "${values.since}"\n${USAGE}`,
        );
      since = new Date(t);
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    out(e.message);
    return 2;
  }
  const factory = createStorageFactory(config);
  const report = await buildReport(
    {
      feedback: factory.recordStore<FeedbackRecord>(FEEDBACK_COLLECTIONS.feedback),
      unanswered: factory.recordStore<UnansweredQuestionRecord>(FEEDBACK_COLLECTIONS.unanswered),
      humanRequests: factory.recordStore<HumanRequestRecord>(FEEDBACK_COLLECTIONS.humanRequests),
    },
    top,
    factory.recordStore<Case>(ESCALATION_COLLECTIONS.cases),
    since,
  );
  out(
    json
      ? JSON.stringify(report)
      : formatReport(report, since ? `${factory.description}, since ${since.toISOString()}` : factory.description),
  );
  factory.close();
  return 0;
}

/** `kvbot report` entry point. */
export async function run(args: string[]): Promise<number> {
  return runReport(args, loadConfig(), (text) => console.log(text));
}
