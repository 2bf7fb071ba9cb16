import { describe, expect, it } from 'vitest';
import { TokenIndex, type TokenScore } from '../../src/core/knowledge/token-index.js';
import type { KbEntry } from '../../src/core/knowledge/kb-entry.js';
import { contentTokens } from '../../src/core/knowledge/text-normalizer.js';

const OPTIONS = { unknownWordWeight: 1, incidentalWordCredit: 0.5, genericWordWeight: 0.1, genericTokens: contentTokens('key vault azure'), outOfScopeTokens: [], outOfScopeWordWeight: 2, diagnosticTokens: contentTokens('audit purge throttled') };

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

  it('top-k retrieval returns exactly the head of the full scoring, ties in its visiting order', () => {
    // A rating shaped like the matcher's: monotone, leaves out entries under the minimum.
    const rate = (s: Readonly<TokenScore>): number | undefined =>
      s.specificWeight < 0.45 ? undefined : (0.5 * s.coverage + 0.35 * s.fieldCosine) * Math.min(1, Math.sqrt(s.specificWeight / 1.2)) * (s.specificCount < 2 ? 0.75 : 1) + (s.diagnostic ? 0.08 : 0);
    const queries = ['rotate secret access', 'secret access topic42', 'backup access', 'secret access', 'purge secret access label topic7 unknownword', 'import export tag audit secret', 'label restore access topic99 topic100'];
    for (const q of queries) {
      const tokens = [...new Set(contentTokens(q))];
      for (const depth of [1, 4, 12]) {
        const visited: { entryIndex: number; value: number; score: TokenScore }[] = [];
        index.score(tokens, (s) => {
          const value = rate(s);
          if (value !== undefined) visited.push({ entryIndex: s.entryIndex, value, score: { ...s } });
        }, 0.45);
        // Stable sort: equal ratings keep the reference's visiting order.
        const expected = visited.sort((a, b) => b.value - a.value).slice(0, depth);
        const got = index.topK(tokens, depth, rate, 0.45);
        expect(got, `${q} @${depth}`).toEqual(expected);
      }
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
