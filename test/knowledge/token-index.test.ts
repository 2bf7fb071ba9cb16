import fc from 'fast-check';
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

  it('top-k retrieval equals the full scoring on a KB with Zipf-spread words, for long and short queries', () => {
    // Words that survive normalisation as themselves, spread like real text: a few in most
    // entries (the late tokens and the ones walked only for entries already found), many rare.
    const syllables = ['ba', 'ke', 'di', 'mo', 'tu', 'ra', 'ne', 'si', 'lo', 'pu'];
    const vocabulary = syllables
      .flatMap((a) => syllables.map((b) => `${a}${b}x`))
      .filter((w) => contentTokens(w).join(' ') === w)
      .slice(0, 90);
    expect(vocabulary.length).toBe(90);
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const zipf = vocabulary.map((_w, i) => 1 / (i + 1) ** 0.8);
    const totalZipf = zipf.reduce((a, b) => a + b, 0);
    const word = (): string => {
      let r = random() * totalZipf;
      for (let i = 0; i < zipf.length; i++) if ((r -= zipf[i] as number) <= 0) return vocabulary[i] as string;
      return vocabulary[0] as string;
    };
    const phrase = (n: number): string => Array.from({ length: n }, word).join(' ');
    const entries = Array.from({ length: 500 }, (_, i) =>
      entry(
        i,
        phrase(3 + Math.floor(random() * 4)),
        Array.from({ length: 1 + Math.floor(random() * 8) }, () => phrase(2 + Math.floor(random() * 5))),
        Array.from({ length: Math.floor(random() * 4) }, () => phrase(1)),
      ),
    );
    const zipfIndex = new TokenIndex(entries, { ...OPTIONS, genericTokens: [vocabulary[1] as string, 'vault'], diagnosticTokens: [vocabulary[0] as string, vocabulary[30] as string] });
    const minSpecific = 0.45;
    const pool = [...vocabulary, 'vault', 'unknownword', 'otherunknown'];
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 45 }), fc.constantFrom(1, 4, 12), (tokens, depth) => {
        // The matcher's rating: monotone, leaves out entries under the minimum, and counts the query's length.
        const rate = (s: Readonly<TokenScore>): number | undefined =>
          s.specificWeight < minSpecific ? undefined : (0.5 * s.coverage + 0.35 * s.fieldCosine) * Math.min(1, Math.sqrt(s.specificWeight / 1.2)) * (s.specificCount < 2 && !s.diagnostic && s.specificCount < tokens.length ? 0.75 : 1) + (s.diagnostic ? 0.08 : 0);
        const visited: { entryIndex: number; value: number; score: TokenScore }[] = [];
        zipfIndex.score(tokens, (s) => {
          const value = rate(s);
          if (value !== undefined) visited.push({ entryIndex: s.entryIndex, value, score: { ...s } });
        }, minSpecific);
        const expected = visited.sort((a, b) => b.value - a.value).slice(0, depth);
        expect(zipfIndex.topK(tokens, depth, rate, minSpecific)).toEqual(expected);
      }),
      { numRuns: 300, seed: 20240514 },
    );
  });

  it('top-k retrieval keeps a query of more than 32 tokens apart (one bit per token and entry)', () => {
    const syllables = ['ba', 'ke', 'di', 'mo', 'tu', 'ra', 'ne', 'si'];
    const words = syllables.flatMap((a) => syllables.map((b) => `${a}${b}x`)).filter((w) => contentTokens(w).join(' ') === w).slice(0, 40);
    expect(words.length).toBe(40);
    // Each word names its own entry; the last 8 are also all in entry 40's question, so they are
    // walked after the other 32 (ties in query order) and entry 40 is the best match. Sixteen
    // entries holding two of the first 32 each fill the head before it: entry 40 must be bounded
    // from its own 8 bits to be rated at all.
    const pairs = Array.from({ length: 16 }, (_, k) => entry(41 + k, `${words[2 * k] as string} ${words[2 * k + 1] as string}`, []));
    const entries = [...words.map((w, i) => entry(i, w, [])), entry(40, words.slice(32).join(' '), []), ...pairs];
    const index40 = new TokenIndex(entries, { ...OPTIONS, genericTokens: [], diagnosticTokens: [] });
    const rate = (s: Readonly<TokenScore>): number | undefined => (s.specificWeight < 0.45 ? undefined : 0.5 * s.coverage + 0.35 * s.fieldCosine);
    const visited: { entryIndex: number; value: number; score: TokenScore }[] = [];
    index40.score(words, (s) => {
      const value = rate(s);
      if (value !== undefined) visited.push({ entryIndex: s.entryIndex, value, score: { ...s } });
    }, 0.45);
    const expected = visited.sort((a, b) => b.value - a.value).slice(0, 4);
    expect(expected[0]?.entryIndex).toBe(40);
    expect(index40.topK(words, 4, rate, 0.45)).toEqual(expected);
  });

  it('answers the next query right after a rating that threw', () => {
    const rate = (s: Readonly<TokenScore>): number | undefined => (s.specificWeight < 0.45 ? undefined : s.coverage + s.fieldCosine);
    const tokens = contentTokens('rotate secret access topic7');
    const before = index.topK(tokens, 4, rate, 0.45);
    expect(before.length).toBe(4);
    // Thrown while rating entries, after their postings were read.
    const failing = (s: Readonly<TokenScore>): number | undefined => {
      if (s.entryIndex >= 0) throw new Error('rating failed');
      return rate(s);
    };
    expect(() => index.topK(contentTokens('backup rotate secret access topic3 topic7 label'), 4, failing, 0.45)).toThrow('rating failed');
    expect(index.topK(tokens, 4, rate, 0.45)).toEqual(before);
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
