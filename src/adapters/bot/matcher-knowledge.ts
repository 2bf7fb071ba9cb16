/**
 * Adapts the knowledge core's `FaqMatcher` to the dialogs' `FaqKnowledge` port. Takes a getter,
 * not a matcher, so every turn uses the matcher of the KB as last reloaded.
 */
import type { FaqMatcher } from '../../core/knowledge/faq-matcher.js';
import type { FaqMatchResult } from '../../core/knowledge/faq-types.js';
import type { TriageResult } from '../../core/triage/triage-types.js';
import type { FaqEntryView, FaqKnowledge } from '../../../dialogs/faq-knowledge.js';

/** FaqKnowledge over the current FaqMatcher. */
export class MatcherKnowledge implements FaqKnowledge {
  /** Set when matching and triage run elsewhere (the matcher thread); the triage route triages itself otherwise. */
  readonly triage?: (text: string) => TriageResult | Promise<TriageResult>;

  /** `elsewhere`: where matches and triage are done when not on this thread (the matcher thread). */
  constructor(
    private readonly current: () => FaqMatcher,
    private readonly elsewhere?: Pick<FaqKnowledge, 'match'> & Required<Pick<FaqKnowledge, 'triage'>>,
  ) {
    if (elsewhere) this.triage = (text) => elsewhere.triage(text);
  }

  match(text: string): FaqMatchResult | Promise<FaqMatchResult> {
    return this.elsewhere ? this.elsewhere.match(text) : this.current().match(text);
  }

  entry(id: string): FaqEntryView | undefined {
    const matcher = this.current();
    const e = matcher.getEntry(id);
    if (!e) return undefined;
    return {
      id: e.id,
      question: e.question,
      answerMarkdown: e.answer,
      source: e.source,
      // A follow-up that names a removed entry is dropped rather than shown as a dead button.
      followUps: e.followUps.flatMap((f) => {
        const target = matcher.getEntry(f);
        return target ? [{ id: target.id, question: target.question }] : [];
      }),
      probes: [...e.probes],
    };
  }

  size(): number {
    return this.current().size;
  }
}
