/**
 * Builds the FAQ feature for the composition root: the knowledge base loaded (and watched) from
 * `config.knowledgeDir`, the dialogs' FaqKnowledge port over the matcher as last reloaded, and
 * the feedback record stores the FAQ conversation writes (read by `kvbot report`).
 */
import type { AppConfig } from '../config.js';
import { FaqService } from '../adapters/knowledge/faq-service.js';
import { MatcherKnowledge } from '../adapters/bot/matcher-knowledge.js';
import { MatcherThread } from '../adapters/knowledge/matcher-thread.js';
import type { Logger } from '../adapters/bot/logger.js';
import type {
  FeedbackRecord,
  HumanRequestRecord,
  UnansweredQuestionRecord,
} from '../core/feedback/feedback-records.js';
import { formatKbIssue } from '../core/knowledge/kb-errors.js';
import type { RecordStore } from '../core/storage/record-store.js';
import type { FaqKnowledge } from '../../dialogs/faq-knowledge.js';
import { FEEDBACK_COLLECTIONS, type FeedbackStores } from '../../dialogs/feedback-stores.js';

/** The FAQ feature, built. */
export interface KnowledgeWiring {
  /** Every turn uses the KB as last reloaded. */
  knowledge: FaqKnowledge;
  stores: FeedbackStores;
  /** Stops the KB watcher. */
  close(): void | Promise<void>;
}

/** Loads the KB (watching it when configured), starts the matcher thread (when configured) and opens the feedback stores. */
export async function wireKnowledge(
  config: Pick<AppConfig, 'knowledgeDir' | 'watchKnowledge' | 'matcherThread'>,
  storage: { recordStore<T>(namespace: string): RecordStore<T> },
  logger: Logger,
): Promise<KnowledgeWiring> {
  const faq = await FaqService.start(config.knowledgeDir, {
    watch: config.watchKnowledge,
    onReload: (event) => {
      if (event.ok)
        logger.info('knowledge base loaded', {
          entries: event.kb.entries.length,
          warnings: event.issues.map(formatKbIssue),
        });
      else
        logger.error('knowledge base reload failed; keeping the last good version', {
          issues: event.issues.map(formatKbIssue),
          error: event.error?.message,
        });
    },
  });
  // Matches and triage run on a second thread when there is a core for it (see matcher-thread.ts).
  const thread = config.matcherThread ? new MatcherThread(faq, logger) : undefined;
  return {
    knowledge: new MatcherKnowledge(() => faq.matcher, thread),
    stores: {
      feedback: storage.recordStore<FeedbackRecord>(FEEDBACK_COLLECTIONS.feedback),
      unanswered: storage.recordStore<UnansweredQuestionRecord>(FEEDBACK_COLLECTIONS.unanswered),
      humanRequests: storage.recordStore<HumanRequestRecord>(FEEDBACK_COLLECTIONS.humanRequests),
    },
    close: async () => {
      faq.close();
      await thread?.close();
    },
  };
}
