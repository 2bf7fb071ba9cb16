import { describe, expect, it } from 'vitest';
import { FaqMatcher } from '../../src/core/knowledge/faq-matcher.js';
import type { KbEntry } from '../../src/core/knowledge/kb-entry.js';

/** Two entries with the same short fields, so any question ties them exactly. */
function twins(opts: { sameHeading: boolean; followUp: boolean }): KbEntry[] {
  const make = (id: string, heading: string, followUps: string[]): KbEntry => ({
    id,
    question: 'why does the frobnicator reject my widget',
    answer: 'not searched',
    alternates: ['frobnicator rejects widget', 'widget refused by frobnicator'],
    keywords: ['frobnicator', 'widget'],
    followUps,
    probes: [],
    tags: [],
    source: { document: 'd', heading, url: 'https://example.test' },
    location: { file: 'f.md', line: 1 },
  });
  return [make('first', 'Heading A', opts.followUp ? ['second'] : []), make('second', opts.sameHeading ? 'Heading A' : 'Heading B', [])];
}

describe('near-ties between related entries', () => {
  // Partial match (unknown context words), so confidence sits between answer and sure thresholds.
  const q = 'frobnicator bounces the widget shipments on tuesdays';

  it('asks "did you mean" when two unrelated entries tie', () => {
    const r = new FaqMatcher(twins({ sameHeading: false, followUp: false })).match(q);
    expect(r.kind).toBe('ambiguous');
    expect(r.suggestions.map((s) => s.id).sort()).toEqual(['first', 'second']);
  });

  it('answers when the tied entries detail the same seed section', () => {
    const r = new FaqMatcher(twins({ sameHeading: true, followUp: false })).match(q);
    expect(r.kind).toBe('answer');
    expect(r.suggestions.map((s) => s.id)).toHaveLength(1);
  });

  it('answers when one tied entry offers the other as a follow-up', () => {
    const r = new FaqMatcher(twins({ sameHeading: false, followUp: true })).match(q);
    expect(r.kind).toBe('answer');
  });
});
