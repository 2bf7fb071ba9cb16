/** Messages between the bot's thread and the matcher thread (matcher-thread.ts). */
import type { FaqModelData } from '../../core/knowledge/faq-model.js';
import type { FaqMatchResult } from '../../core/knowledge/faq-types.js';
import type { KbEntry } from '../../core/knowledge/kb-entry.js';
import type { MatcherOptions } from '../../core/knowledge/matcher-defaults.js';

/** Load a KB generation, or match one text against the generation named. */
export type MatcherThreadRequest =
  | {
      type: 'load';
      generation: number;
      entries: KbEntry[];
      model: FaqModelData | undefined;
      options: Partial<MatcherOptions>;
    }
  | { type: 'match'; id: number; generation: number; text: string };

/** The match, or why there is none (`stale`: the thread holds another generation). */
export type MatcherThreadReply = { id: number; result: FaqMatchResult } | { id: number; error: string };
