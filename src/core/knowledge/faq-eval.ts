/**
 * Evaluation of the matcher against a JSONL set of `{"q": str, "expect": [heading, …]}` lines
 * (`[]` = the bot should not answer). Pure: parsing and scoring only; the CLI does the I/O.
 */
import type { FaqMatcher } from './faq-matcher.js';

/** One evaluation case. */
export interface EvalCase {
  q: string;
  expect: string[];
  line: number;
}

/** A line that could not be used, with why. */
export interface EvalLineProblem {
  line: number;
  message: string;
}

/** One case the matcher got wrong. */
export interface EvalMiss {
  line: number;
  q: string;
  expect: string[];
  /** Heading answered (null when the bot did not answer). */
  got: string | null;
  gotId: string | null;
  kind: string;
}

/** The summary (DESIGN.md §3), fractions in 0..1 plus counts. */
export interface EvalSummary {
  inDomain: number;
  top1: number;
  top3: number;
  outOfDomain: number;
  rejected: number;
  top1Count: number;
  top3Count: number;
  rejectedCount: number;
  malformed: number;
}

/** Parses JSONL text; blank lines are skipped, malformed ones reported with line numbers. */
export function parseEvalSet(text: string): { cases: EvalCase[]; problems: EvalLineProblem[] } {
  const cases: EvalCase[] = [];
  const problems: EvalLineProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      problems.push({ line, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    const v = value as { q?: unknown; expect?: unknown };
    if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push({ line, message: 'expected a JSON object {"q": …, "expect": […]}' });
    else if (typeof v.q !== 'string' || v.q.trim() === '') problems.push({ line, message: '"q" must be a non-empty string' });
    else if (!Array.isArray(v.expect) || !v.expect.every((h) => typeof h === 'string')) problems.push({ line, message: '"expect" must be an array of heading strings ([] = should not answer)' });
    else cases.push({ q: v.q, expect: v.expect as string[], line });
  });
  return { cases, problems };
}

/**
 * How many entries a reply puts in front of the user: the answer (if any) and the first
 * suggestions. "Answer + suggestions" counts a case right when an expected entry is among them;
 * the answer card shows this many minus one runners-up (dialogs/faq-teams-cards.ts).
 */
export const ENTRIES_SHOWN = 3;

/** Runs every case through the matcher. A case is top-1 when the answer's heading is expected. */
export function evaluateMatcher(matcher: FaqMatcher, cases: readonly EvalCase[], malformed = 0): { summary: EvalSummary; misses: EvalMiss[] } {
  let inDomain = 0;
  let top1 = 0;
  let top3 = 0;
  let outOfDomain = 0;
  let rejected = 0;
  const misses: EvalMiss[] = [];
  for (const c of cases) {
    const r = matcher.match(c.q);
    const answer = r.kind === 'answer' ? r.answer ?? null : null;
    const shown = [...(answer ? [answer] : []), ...r.suggestions].slice(0, ENTRIES_SHOWN);
    const miss = (): void => {
      misses.push({ line: c.line, q: c.q, expect: c.expect, got: answer?.source.heading ?? null, gotId: answer?.id ?? null, kind: r.kind });
    };
    if (c.expect.length > 0) {
      inDomain++;
      if (answer && c.expect.includes(answer.source.heading)) top1++;
      else miss();
      if (shown.some((s) => c.expect.includes(s.source.heading))) top3++;
    } else {
      outOfDomain++;
      if (!answer) rejected++;
      else miss();
    }
  }
  const frac = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 10000) / 10000);
  return {
    summary: {
      inDomain,
      top1: frac(top1, inDomain),
      top3: frac(top3, inDomain),
      outOfDomain,
      rejected: frac(rejected, outOfDomain),
      top1Count: top1,
      top3Count: top3,
      rejectedCount: rejected,
      malformed,
    },
    misses,
  };
}
