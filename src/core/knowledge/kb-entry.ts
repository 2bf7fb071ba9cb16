/**
 * The knowledge-base model: what the Markdown parser produces and the matcher consumes.
 */
import type { FaqModelData } from './faq-model.js';
import type { FaqSource } from './faq-types.js';

/** Where something sits in a KB file, for error messages (`file:line`). */
export interface KbLocation {
  file: string;
  /** 1-based line number. */
  line: number;
}

/** The document-level front matter of one KB file. */
export interface KbDocument {
  file: string;
  /** `title` front-matter field: the source document's title. */
  title: string;
  /** `source` front-matter field: public URL of the source document. */
  url: string;
  /** `ms.date` front-matter field, as written. */
  date?: string;
}

/** One question/answer entry (one `###` heading). */
export interface KbEntry {
  id: string;
  /** The entry's `###` heading: the question as the bot shows it. */
  question: string;
  /** Markdown answer body, as written, without the metadata block. */
  answer: string;
  /** Seed document and its exact `###` heading. */
  source: FaqSource;
  alternates: string[];
  keywords: string[];
  /** Entry ids offered as follow-up buttons. */
  followUps: string[];
  /** Probe names the bot can offer with this answer. */
  probes: string[];
  tags: string[];
  /** Where the `###` heading is. */
  location: KbLocation;
}

/** A whole parsed knowledge base. */
export interface KnowledgeBase {
  documents: KbDocument[];
  entries: KbEntry[];
  /** The matcher's trained section model (`matcher-model.json` beside the KB), when there is a usable one. */
  model?: FaqModelData;
}
