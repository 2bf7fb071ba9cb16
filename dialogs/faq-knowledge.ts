/**
 * The knowledge port the dialogs need: match a message, and look an entry up by id to render it.
 * The composition root adapts the real matcher (src/core/knowledge) to it; tests use a fake.
 */
import type { FaqMatchResult, FaqSource } from '../src/core/knowledge/faq-types.js';
import type { TriageResult } from '../src/core/triage/triage-types.js';

/** A link to another entry, shown as a button. */
export interface FaqLink {
  id: string;
  /** The entry's question, used as the button title. */
  question: string;
}

/** What the answer card shows for one entry. */
export interface FaqEntryView {
  id: string;
  question: string;
  /** The answer in Markdown (paragraphs, lists, fenced code). */
  answerMarkdown: string;
  source: FaqSource;
  /** Follow-up entries, resolved to titles; unknown ids are left out by the adapter. */
  followUps: FaqLink[];
  /** Related probe names (rendered by the probe dialog, a later issue). */
  probes: string[];
}

/** Matching and lookup over the current knowledge base. */
export interface FaqKnowledge {
  match(text: string): FaqMatchResult | Promise<FaqMatchResult>;
  /**
   * The error triage of a message, with this KB's headings, when the knowledge does it elsewhere (the
   * matcher thread); without it the triage route triages the message itself.
   */
  triage?(text: string): TriageResult | Promise<TriageResult>;
  /** The entry with this id, or undefined (e.g. removed by a KB reload). */
  entry(id: string): FaqEntryView | undefined;
  /** Number of entries loaded (for `/healthz`). */
  size(): number;
}
