import path from 'node:path';
import Fuse from 'fuse.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FaqMatcher } from '../../src/core/knowledge/faq-matcher.js';
import { contentTokens } from '../../src/core/knowledge/text-normalizer.js';
import { loadFaqMatcher } from '../../src/adapters/knowledge/load-faq-matcher.js';

let matcher: FaqMatcher;
beforeAll(async () => {
  matcher = await loadFaqMatcher(path.join(__dirname, '../../knowledge'));
});
afterEach(() => vi.restoreAllMocks());

const OPTIONS = { includeScore: true, ignoreLocation: true, threshold: 0.6 } as const;

describe('the fuse.js re-rank', () => {
  // The matcher searches the fields it re-ranks as one fuse.js collection (the bitap pattern is
  // compiled once per question). That relies on fuse.js scoring each text of a collection on its
  // own, as an instance holding that text alone would: this pins it, e.g. across an upgrade.
  it('scores each text of a collection as a one-text instance does', () => {
    const texts = matcher.allEntries().flatMap((e) => [e.question, ...e.alternates].map((t) => contentTokens(t).join(' ')));
    const queries = [
      'cant lsit secret',
      'unknown polici access',
      'throttl limit',
      'group access polici add',
      'akv10032 invalid issuer',
      'monitor latenc alert',
    ];
    const together = new Fuse(texts, { ...OPTIONS, shouldSort: false });
    let matched = 0;
    for (const q of queries) {
      const byIndex = new Map(together.search(q).map((r) => [r.refIndex, r.score]));
      texts.forEach((text, i) => {
        const alone = new Fuse([text], OPTIONS).search(q, { limit: 1 })[0]?.score;
        expect(byIndex.get(i)).toBe(alone);
        if (alone !== undefined) matched++;
      });
    }
    // Not vacuous: many texts match some query, and many do not.
    expect(matched).toBeGreaterThan(50);
    expect(matched).toBeLessThan(texts.length * queries.length);
  });

  it('runs once per short question, and not for a question of more than two bitap pieces', () => {
    const search = vi.spyOn(Fuse.prototype, 'search');
    const short = matcher.match('cant lsit secrets in my vault');
    expect(search).toHaveBeenCalledTimes(1);
    expect(short.answer?.id).toBe('list-get-something-went-wrong');

    search.mockClear();
    // Its fuse.js query (eight content words, the generic ones left out) is 66 characters: fuse.js
    // would search every field in three pieces.
    const long = 'AKV10032: Invalid issuer error for listing of key vault secrets from nondefault tenant subscription';
    expect(contentTokens(long).join(' ').length).toBeGreaterThan(64);
    const result = matcher.match(long);
    expect(search).not.toHaveBeenCalled();
    expect(result.answer?.id).toBe('error-401');
  });
});
