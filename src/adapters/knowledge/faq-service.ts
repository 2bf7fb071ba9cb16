/**
 * The bot's entry point to the FAQ: a {@link FaqMatcher} that follows the watched knowledge
 * directory. `matcher` always returns a matcher for the last good KB.
 */
import { FaqMatcher } from '../../core/knowledge/faq-matcher.js';
import { FaqModel } from '../../core/knowledge/faq-model.js';
import { triageHint } from '../../core/knowledge/triage-hint.js';
import type { KnowledgeBase } from '../../core/knowledge/kb-entry.js';
import type { MatcherOptions } from '../../core/knowledge/matcher-defaults.js';
import { KnowledgeBaseWatcher, type KnowledgeBaseWatcherOptions } from './kb-watcher.js';

/** Options for {@link FaqService.start}. */
export interface FaqServiceOptions extends KnowledgeBaseWatcherOptions {
  /** Watch the directory and reload on change (config `watchKnowledge`). */
  watch?: boolean;
  matcher?: Partial<MatcherOptions>;
}

/** A matcher over a knowledge directory, rebuilt when the KB reloads. */
export class FaqService {
  private built: { generation: number; matcher: FaqMatcher } | null = null;

  private constructor(private readonly watcher: KnowledgeBaseWatcher, readonly matcherOptions: Partial<MatcherOptions>) {}

  /** Loads `dir` (throws KbValidationError / KnowledgeDirectoryError if unusable) and optionally watches it. */
  static async start(dir: string, options: FaqServiceOptions = {}): Promise<FaqService> {
    const watcher = new KnowledgeBaseWatcher(dir, options);
    await watcher.start({ watch: options.watch ?? false });
    return new FaqService(watcher, options.matcher ?? {});
  }

  /** Changes each time a new KB is loaded. */
  get generation(): number {
    return this.watcher.generation;
  }

  /** The last good KB. */
  get knowledgeBase(): KnowledgeBase {
    return this.watcher.knowledgeBase;
  }

  /** The matcher for the current KB. */
  get matcher(): FaqMatcher {
    const generation = this.watcher.generation;
    if (!this.built || this.built.generation !== generation) {
      const kb = this.watcher.knowledgeBase;
      this.built = { generation, matcher: new FaqMatcher(kb.entries, this.matcherOptions, triageHint, kb.model ? new FaqModel(kb.model) : null) };
    }
    return this.built.matcher;
  }

  /** Stops watching. */
  close(): void {
    this.watcher.close();
  }
}
