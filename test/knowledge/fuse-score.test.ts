import fc from 'fast-check';
import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { FuseQuery } from '../../src/core/knowledge/fuse-score.js';
import { MATCHER_DEFAULTS } from '../../src/core/knowledge/matcher-defaults.js';

/** What the matcher asked fuse.js before: one Fuse instance per field text. */
function fuseScore(query: string, text: string, threshold: number): number | undefined {
  return new Fuse([text], { includeScore: true, ignoreLocation: true, threshold }).search(query, { limit: 1 })[0]?.score;
}

describe('fuse.js score without fuse.js instances', () => {
  it('gives fuse.js\'s score to the last bit for any query and text (long ones in 32-character chunks)', () => {
    // Few letters, so texts share many of the query's characters and Bitap runs deep.
    const text = (max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'e', ' ', 'A', 'é'), maxLength: max });
    fc.assert(
      fc.property(text(80), text(120), fc.constantFrom(0, 0.2, MATCHER_DEFAULTS.fuseThreshold, 0.6, 1), (query, field, threshold) => {
        expect(new FuseQuery(query, threshold).score(field)).toBe(fuseScore(query, field, threshold));
      }),
      { numRuns: 3000, seed: 8 },
    );
  });

  it('gives fuse.js\'s score for matcher-like queries and fields, one query scored against many fields', () => {
    const words = ['list', 'secret', 'access', 'policy', 'permiss', 'forbidden', 'rbac', 'role', 'assign', 'throttl', 'network', 'firewal'];
    const phrase = (max: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: max }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(phrase(8), fc.array(phrase(12), { minLength: 1, maxLength: 6 }), (query, fields) => {
        const prepared = new FuseQuery(query, MATCHER_DEFAULTS.fuseThreshold);
        for (const field of fields) expect(prepared.score(field)).toBe(fuseScore(query, field, MATCHER_DEFAULTS.fuseThreshold));
      }),
      { numRuns: 1000, seed: 9 },
    );
  });

  it('gives no score where fuse.js has none: a blank field, a blank query, no match', () => {
    expect(new FuseQuery('secret', 0.3).score('   ')).toBeUndefined();
    expect(new FuseQuery('  ', 0.3).score('secret')).toBeUndefined();
    expect(fuseScore('zzzzzz', 'secret', 0.3)).toBeUndefined();
    expect(new FuseQuery('zzzzzz', 0.3).score('secret')).toBeUndefined();
    expect(new FuseQuery('list secret', 0.3).score('list secret')).toBe(0);
  });
});
