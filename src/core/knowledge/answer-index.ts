/**
 * BM25 over the entries' answer bodies. Real questions use words the answers use but no
 * alternate does ("AuditEvent", "Retry-After", "service principal object id"); the short fields
 * decide which entries are candidates, and this index re-scores those candidates with what their
 * answers say. Term frequencies are kept per entry (a forward index), so scoring one candidate
 * costs one map lookup per query word, whatever the KB size; document frequencies are global.
 */
import type { KbEntry } from './kb-entry.js';
import { contentTokens } from './text-normalizer.js';

/** BM25 term-frequency saturation. */
const K1 = 1.2;
/** BM25 length normalisation. */
const B = 0.75;

// Lines of the body that say the same thing in every entry: the source link and the probe offer.
const BOILERPLATE = /^\s*(?:Source:|I can\b).*$/gim;

/** Answer-body term statistics of a KB. */
export class AnswerIndex {
  private readonly termFrequencies: ReadonlyMap<string, number>[];
  private readonly lengthNorms: Float64Array;
  private readonly documentFrequency = new Map<string, number>();
  private readonly entryCount: number;

  constructor(entries: readonly KbEntry[]) {
    this.entryCount = entries.length;
    const lengths: number[] = [];
    this.termFrequencies = entries.map((entry) => {
      const tf = new Map<string, number>();
      const tokens = contentTokens(entry.answer.replace(BOILERPLATE, ' '));
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const t of tf.keys()) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
      lengths.push(tokens.length);
      return tf;
    });
    const average = lengths.reduce((s, n) => s + n, 0) / Math.max(1, lengths.length) || 1;
    this.lengthNorms = new Float64Array(lengths.map((n) => K1 * (1 - B + (B * n) / average)));
  }

  /** BM25 inverse document frequency; 0 for a word no answer uses. */
  idf(token: string): number {
    const df = this.documentFrequency.get(token);
    if (df === undefined) return 0;
    return Math.log(1 + (this.entryCount - df + 0.5) / (df + 0.5));
  }

  /**
   * How well entry `entryIndex`'s answer covers the query words the answers know, 0..1: BM25
   * divided by what the same words would score at one occurrence each in an average answer.
   * Words no answer uses do not count, so a long message is not penalised for its context.
   */
  score(entryIndex: number, queryTokens: readonly string[], idfs: readonly number[]): number {
    const tf = this.termFrequencies[entryIndex];
    if (!tf) return 0;
    const norm = this.lengthNorms[entryIndex] as number;
    let sum = 0;
    let max = 0;
    for (let i = 0; i < queryTokens.length; i++) {
      const idf = idfs[i] as number;
      if (idf === 0) continue;
      max += idf;
      const f = tf.get(queryTokens[i] as string);
      if (f !== undefined) sum += (idf * f * (K1 + 1)) / (f + norm);
    }
    return max === 0 ? 0 : Math.min(1, sum / max / ((K1 + 1) / (1 + K1)));
  }
}
