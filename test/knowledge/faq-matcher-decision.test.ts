import { describe, expect, it } from 'vitest';
import { evaluateMatcher } from '../../src/core/knowledge/faq-eval.js';
import { FaqMatcher, spreadOverSections, type Ranked } from '../../src/core/knowledge/faq-matcher.js';
import type { KbEntry } from '../../src/core/knowledge/kb-entry.js';

// The answer / suggest / decline decision on hand-made rankings, so these rules are checked
// whatever the tuned thresholds are.

function entry(id: string, heading: string, words: string): KbEntry {
  return {
    id,
    question: words,
    answer: 'not searched',
    alternates: [],
    keywords: words.split(' '),
    followUps: [],
    probes: [],
    tags: [],
    source: { document: 'd', heading, url: 'https://example.test' },
    location: { file: 'f.md', line: 1 },
  };
}

const e401 = entry('e401', 'Errors', 'unauthorized token audience');
const e403 = entry('e403', 'Errors', 'forbidden denied caller');
const e429 = entry('e429', 'Errors', 'throttled too many');
const group = entry('group', 'Groups', 'security group members');
const logs = entry('logs', 'Logging', 'who accessed audit');
const entries = [e401, e403, e429, group, logs];
const ranked = (...pairs: [KbEntry, number][]): Ranked[] => pairs.map(([e, confidence]) => ({ entry: e, confidence }));

describe('the "did you mean" card', () => {
  it('shows one entry per section before a second entry of a section already on the card', () => {
    const list = ranked([e403, 0.3], [e401, 0.29], [e429, 0.28], [group, 0.2], [logs, 0.1]);
    expect(spreadOverSections(list, 3).map((r) => r.entry.id)).toEqual(['e403', 'group', 'logs']);
    // Fewer sections than places: the rest are filled best first, and the order stays best first.
    expect(spreadOverSections(ranked([e403, 0.3], [e401, 0.29], [group, 0.2]), 3).map((r) => r.entry.id)).toEqual(['e403', 'e401', 'group']);
    // Beside an answer, its own section comes after the others.
    const answered = ranked([e403, 0.6])[0] as Ranked;
    expect(spreadOverSections(ranked([e401, 0.5], [group, 0.3]), 1, answered).map((r) => r.entry.id)).toEqual(['group']);
  });

  it('a declined question carries the section the user may have meant, not three error codes', () => {
    const m = new FaqMatcher(entries, { answerThreshold: 0.5, suggestThreshold: 0.15, maxSuggestions: 3, leadMargin: 1 }, null);
    const r = m.decide('q', ranked([e403, 0.3], [e401, 0.29], [e429, 0.28], [group, 0.2]));
    expect(r.kind).toBe('none');
    expect(r.suggestions.map((s) => s.id)).toContain('group');
  });
});

describe('the lead rule', () => {
  const options = { answerThreshold: 0.5, sureThreshold: 0.7, suggestThreshold: 0.1, ambiguityMargin: 0, leadThreshold: 0.3, leadMargin: 0.15 };
  const m = new FaqMatcher(entries, options, null);

  it('answers a top entry under the answer threshold when it leads every other section by the margin', () => {
    const r = m.decide('q', ranked([group, 0.4], [logs, 0.2]));
    expect(r.kind).toBe('answer');
    expect(r.answer?.id).toBe('group');
  });

  it('an entry of the same section close behind does not count as a rival', () => {
    expect(m.decide('q', ranked([e403, 0.4], [e401, 0.39], [logs, 0.2])).kind).toBe('answer');
  });

  it('declines when another section is within the margin, or the top is under the lead threshold', () => {
    expect(m.decide('q', ranked([group, 0.4], [logs, 0.3])).kind).toBe('none');
    expect(m.decide('q', ranked([group, 0.29])).kind).toBe('none');
    expect(new FaqMatcher(entries, { ...options, leadMargin: 1 }, null).decide('q', ranked([group, 0.4], [logs, 0.1])).kind).toBe('none');
  });
});

describe('kvbot eval scoring of items with several expected sections', () => {
  it('an answer under ANY of the expected headings is top-1 right; one under none of them is a miss', () => {
    const m = new FaqMatcher(entries, {}, null);
    const answered = m.match('who accessed audit');
    expect(answered.kind).toBe('answer');
    expect(answered.answer?.id).toBe('logs');
    const { summary } = evaluateMatcher(m, [
      { q: 'who accessed audit', expect: ['Groups', 'Logging'], line: 1 },
      { q: 'who accessed audit', expect: ['Logging', 'Groups'], line: 2 },
      { q: 'who accessed audit', expect: ['Groups', 'Errors'], line: 3 },
    ]);
    expect(summary.top1Count).toBe(2);
    expect(summary.inDomain).toBe(3);
  });
});

describe('an entry only the model proposed', () => {
  const m = new FaqMatcher(entries, { answerThreshold: 0.3, sureThreshold: 0.5, suggestThreshold: 0.1, ambiguityMargin: 0, leadMargin: 1 }, null);

  it('is offered, never answered, however high its blended confidence', () => {
    const r = m.decide('key vault', [{ entry: logs, confidence: 0.6, modelOnly: true }, { entry: group, confidence: 0.05 }]);
    expect(r.kind).toBe('none');
    expect(r.answer).toBeUndefined();
    expect(r.suggestions.map((s) => s.id)).toEqual(['logs']);
  });

  it('does not stop a word-matched entry at the same confidence from being answered', () => {
    const r = m.decide('who accessed the vault', [{ entry: logs, confidence: 0.6 }]);
    expect(r.kind).toBe('answer');
    expect(r.answer?.id).toBe('logs');
  });
});
