/**
 * The knowledge port the dialogs need: match a message, and look an entry up by id to render it.
 * The composition root adapts the real matcher (src/core/knowledge) to it; tests use a fake.
 */
import type { FaqMatchResult, FaqSource } from '../src/core/knowledge/faq-types.js';

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
  /** The entry with this id, or undefined (e.g. removed by a KB reload). */
  entry(id: string): FaqEntryView | undefined;
  /** Number of entries loaded (for `/healthz`). */
  size(): number;
}
