/**
 * The `kvbot ask --json` output shape (DESIGN.md §3), built from a match result.
 */
import type { FaqCandidate, FaqMatchResult } from './faq-types.js';

/** One candidate as the CLI contract prints it. */
export interface FaqCandidateJson {
  id: string;
  question: string;
  score: number;
  source: { document: string; heading: string };
}

/** The `ask --json` object. */
export interface FaqAnswerJson {
  query: string;
  answer: FaqCandidateJson | null;
  suggestions: FaqCandidateJson[];
  probes: string[];
}

function candidateJson(c: FaqCandidate): FaqCandidateJson {
  return { id: c.id, question: c.question, score: c.score, source: { document: c.source.document, heading: c.source.heading } };
}

/** Maps a match result to the contract shape; small talk has no answer. */
export function toFaqAnswerJson(result: FaqMatchResult): FaqAnswerJson {
  return {
    query: result.query,
    answer: result.kind === 'answer' && result.answer ? candidateJson(result.answer) : null,
    suggestions: result.suggestions.map(candidateJson),
    probes: [...result.probes],
  };
}
