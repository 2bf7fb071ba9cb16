import { describe, expect, it } from 'vitest';
import { TokenIndex, type TokenScore } from '../../src/core/knowledge/token-index.js';
import type { KbEntry } from '../../src/core/knowledge/kb-entry.js';
import { contentTokens } from '../../src/core/knowledge/text-normalizer.js';

const OPTIONS = { unknownWordWeight: 1, incidentalWordCredit: 0.5, genericWordWeight: 0.1, genericTokens: contentTokens('key vault azure'), outOfScopeTokens: [], outOfScopeWordWeight: 2 };

function entry(i: number, question: string, alternates: string[], keywords: string[] = []): KbEntry {
  const e: KbEntry = {
    id: `e-${i}`,
    question,
    answer: 'not searched',
    alternates,
    keywords,
    followUps: [],
    probes: [],
    tags: [],
    source: { document: 'd', heading: `h${i}`, url: 'https://example.test' },
    location: { file: 'f.md', line: i + 1 },
  };
  return e;
}

// 300 entries: every one mentions "secret" and "access" (thousands of postings in real large
// KBs), a few share rarer words, so the index takes its two-pass path for the common ones.
const WORDS = ['rotate', 'backup', 'expire', 'tag', 'import', 'export', 'purge', 'restore', 'label', 'audit'];
const ENTRIES = Array.from({ length: 300 }, (_, i) =>
  entry(i, `how do I ${WORDS[i % 10]} a secret ${i % 7 === 0 ? 'with access' : ''}`, [`${WORDS[(i + 3) % 10]} secret access ${WORDS[(i * 7) % 10]}`, `secret access for topic${i}`], [`topic${i}`]),
);

function collect(index: TokenIndex, tokens: string[], minSpecific: number): Map<number, TokenScore> {
  const out = new Map<number, TokenScore>();
  index.score(tokens, (s) => out.set(s.entryIndex, { ...s }), minSpecific);
  return out;
}

describe('token index', () => {
  const index = new TokenIndex(ENTRIES, OPTIONS);

  it('scores exactly the same with the common-token shortcut as without it, for every entry that can qualify', () => {
    for (const q of ['rotate secret access', 'secret access topic42', 'backup access', 'secret access', 'purge secret access label topic7 unknownword']) {
      const tokens = [...new Set(contentTokens(q))];
      const minSpecific = 0.45;
      const full = collect(index, tokens, 0);
      const fast = collect(index, tokens, minSpecific);
      const qualifying = [...full.values()].filter((s) => s.specificWeight >= minSpecific);
      for (const s of qualifying) {
        const f = fast.get(s.entryIndex);
        expect(f, `${q}: entry ${s.entryIndex}`).toBeDefined();
        expect(f?.coverage).toBeCloseTo(s.coverage, 12);
        expect(f?.fieldCosine).toBeCloseTo(s.fieldCosine, 12);
        expect(f?.specificWeight).toBeCloseTo(s.specificWeight, 12);
      }
      expect([...fast.values()].filter((s) => s.specificWeight >= minSpecific).length).toBe(qualifying.length);
    }
  });

  it('leaves its scratch buffers clean between queries', () => {
    const tokens = contentTokens('rotate secret access');
    const a = collect(index, tokens, 0.45);
    collect(index, contentTokens('backup topic3'), 0.45);
    const b = collect(index, tokens, 0.45);
    expect([...b.entries()]).toEqual([...a.entries()]);
  });

  it('picks an entry\'s fields most similar to the query, bounded and best first', () => {
    const small = new TokenIndex([entry(0, 'list secrets', ['read a secret value', 'list keys', 'unrelated words here'], ['list'])], OPTIONS);
    const ids = small.topFields(0, new Set(contentTokens('list secrets')), 2);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(0); // the question holds both words
    expect(small.fieldText(ids[0] as number)).toBe(contentTokens('list secrets').join(' '));
    expect(small.topFields(0, new Set(contentTokens('nothing matches')), 3)).toEqual([]);
  });
});
