/**
 * `kvbot report [--json]`: what users thought of the answers (👍/👎 per entry), which questions
 * went unanswered most often, and how many asked for a person, read from the configured store
 * (`KVBOT_DATA_DIR` / `KVBOT_STORAGE`).
 */
import { loadConfig, type AppConfig } from '../../config.js';
import { createStorageFactory } from '../../adapters/storage/storage-factory.js';
import type { FeedbackRecord, HumanRequestRecord, UnansweredQuestionRecord } from '../../core/feedback/feedback-records.js';
import { summariseFeedback, type FeedbackReport } from '../../core/feedback/report-summary.js';
import { FEEDBACK_COLLECTIONS, type FeedbackStores } from '../../../dialogs/feedback-stores.js';

/** Reads every feedback record and summarises them. */
export async function buildReport(stores: FeedbackStores, top = 10): Promise<FeedbackReport> {
  const [feedback, unanswered, humanRequests] = await Promise.all([
    stores.feedback.list(),
    stores.unanswered.list(),
    stores.humanRequests.list(),
  ]);
  return summariseFeedback(feedback.map((r) => r.value), unanswered.map((r) => r.value), humanRequests.map((r) => r.value), { topUnanswered: top });
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
    ...(report.perEntry.length ? report.perEntry.map((e) => `  ${e.entryId.padEnd(32)} 👍 ${String(e.helpful).padStart(3)}   👎 ${String(e.notHelpful).padStart(3)}`) : ['  (none yet)']),
    '',
    'Top unanswered questions:',
    ...(report.topUnanswered.length ? report.topUnanswered.map((q) => `  ${String(q.count).padStart(3)}×  ${q.question}   (last asked ${q.lastAskedAt})`) : ['  (none yet)']),
  ];
  return lines.join('\n');
}

function usage(): string {
  return 'usage: kvbot report [--json] [--top N]';
}

/** Runs the report against a configuration, writing to `out`. */
export async function runReport(args: string[], config: Pick<AppConfig, 'dataDir' | 'storage'>, out: (text: string) => void): Promise<number> {
  let json = false;
  let top = 10;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--top') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1) {
        out(`kvbot report: --top needs a whole number ≥ 1\n${usage()}`);
        return 2;
      }
      top = n;
    } else {
      out(`kvbot report: unknown option "${a}"\n${usage()}`);
      return 2;
    }
  }
  const factory = createStorageFactory(config);
  const report = await buildReport({
    feedback: factory.recordStore<FeedbackRecord>(FEEDBACK_COLLECTIONS.feedback),
    unanswered: factory.recordStore<UnansweredQuestionRecord>(FEEDBACK_COLLECTIONS.unanswered),
    humanRequests: factory.recordStore<HumanRequestRecord>(FEEDBACK_COLLECTIONS.humanRequests),
  }, top);
  out(json ? JSON.stringify(report) : formatReport(report, factory.description));
  return 0;
}

/** `kvbot report` entry point. */
export async function run(args: string[]): Promise<number> {
  return runReport(args, loadConfig(), (text) => console.log(text));
}
