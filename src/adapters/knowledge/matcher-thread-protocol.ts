/** Messages between the bot's thread and the matcher thread (matcher-thread.ts). */
import type { FaqModelData } from '../../core/knowledge/faq-model.js';
import type { FaqMatchResult } from '../../core/knowledge/faq-types.js';
import type { KbEntry } from '../../core/knowledge/kb-entry.js';
import type { MatcherOptions } from '../../core/knowledge/matcher-defaults.js';
import type { TriageResult } from '../../core/triage/triage-types.js';

/**
 * What the thread does with one text: the FAQ match, or both the error triage (with this KB's headings)
 * and the match (`analyse`: the triage route asks first, and the FAQ route's match of the same text then
 * needs no second trip).
 */
export type MatcherThreadWork = 'match' | 'analyse';

/** Load a KB generation, or match / triage one text against the generation named. */
export type MatcherThreadRequest =
  | {
      type: 'load';
      generation: number;
      entries: KbEntry[];
      model: FaqModelData | undefined;
      options: Partial<MatcherOptions>;
    }
  | { type: MatcherThreadWork; id: number; generation: number; text: string };

/**
 * The match (its `query` left empty: the bot's thread has the text), with the triage when asked to
 * analyse, or why there is none (`stale`: the thread holds another generation).
 */
export type MatcherThreadReply =
  | { id: number; match: FaqMatchResult; triage?: undefined }
  | { id: number; triage: TriageResult; match: FaqMatchResult }
  | { id: number; error: string };
