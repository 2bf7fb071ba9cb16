/**
 * The score fuse.js 7 gives one text for a query — `new Fuse([text], { includeScore: true,
 * ignoreLocation: true, threshold }).search(query, { limit: 1 })[0]?.score` — computed without
 * building a Fuse instance per text and without the arrays its Bitap search allocates per error
 * level. The matcher's re-rank asks it for a handful of short fields per question; fuse.js's own
 * search allocated most of what a question cost and half its time.
 *
 * It is fuse.js's algorithm step for step (src/search/bitap/search.ts, BitapSearch, the field-
 * length norm and computeScore, with the options above and fuse.js's defaults for the rest:
 * case-insensitive, location 0, distance 100, no match indices, minMatchCharLength 1), so the
 * numbers are the same to the last bit; test/knowledge/fuse-score.test.ts checks that against
 * fuse.js itself.
 */

/** One ≤ 32-character piece of the pattern, as BitapSearch splits it. */
interface Chunk {
  /** ASCII character code → bit mask of the positions holding it (from the chunk's end). */
  ascii: Int32Array;
  /** The same for the other characters. */
  alphabet: Map<number, number>;
  length: number;
  pattern: string;
  startIndex: number;
}

/** A query prepared once, scored against any number of texts. Not re-entrant (reused buffers). */
export class FuseQuery {
  private readonly pattern: string;
  private readonly chunks: Chunk[] = [];
  // Bitap's bit arrays for the current and the previous error level, grown as needed.
  private bits = new Int32Array(128);
  private lastBits = new Int32Array(128);

  constructor(
    query: string,
    private readonly threshold: number,
  ) {
    this.pattern = query.trim() === '' ? '' : query.toLowerCase();
    const len = this.pattern.length;
    if (len === 0) return;
    if (len > 32) {
      const remainder = len % 32;
      for (let i = 0; i < len - remainder; i += 32) this.addChunk(this.pattern.substr(i, 32), i);
      if (remainder) this.addChunk(this.pattern.substr(len - 32), len - 32);
    } else this.addChunk(this.pattern, 0);
  }

  private addChunk(pattern: string, startIndex: number): void {
    const ascii = new Int32Array(128);
    const alphabet = new Map<number, number>();
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      const bit = 1 << (pattern.length - i - 1);
      if (c < 128) ascii[c] = (ascii[c] as number) | bit;
      else alphabet.set(c, (alphabet.get(c) ?? 0) | bit);
    }
    this.chunks.push({ ascii, alphabet, length: pattern.length, pattern, startIndex });
  }

  /** fuse.js's score of `text` (0 = exact, lower is better), or undefined where it finds no match. */
  score(text: string): number | undefined {
    // An empty query returns every document without a score; a blank text is not indexed.
    if (this.pattern === '' || text.trim() === '') return undefined;
    const lower = text.toLowerCase();
    let raw: number;
    if (this.pattern === lower) raw = 0;
    else {
      let total = 0;
      let matched = false;
      for (const chunk of this.chunks) {
        const found = this.search(lower, chunk);
        if (found >= 0) matched = true;
        total += Math.abs(found);
      }
      if (!matched) return undefined;
      raw = total / this.chunks.length;
    }
    // computeScoreSingle: the score to the power of the field-length norm (weight 1 for a plain string list).
    return Math.pow(raw, fieldNorm(text));
  }

  /**
   * fuse.js's Bitap search of one chunk in `text` (ignoreLocation, so a score is errors / length):
   * its score when it matches, its score negated when not (as the caller only adds scores of
   * chunks and needs to know whether any matched; a score is ≥ 0.001).
   */
  private search(text: string, chunk: Chunk): number {
    const { pattern, ascii, alphabet } = chunk;
    const patternLen = chunk.length;
    const textLen = text.length;
    const expectedLocation = Math.max(0, Math.min(chunk.startIndex, textLen));
    let currentThreshold = this.threshold;
    let bestLocation = expectedLocation;
    let index: number;
    while ((index = text.indexOf(pattern, bestLocation)) > -1) {
      currentThreshold = Math.min(0, currentThreshold);
      bestLocation = index + patternLen;
    }
    bestLocation = -1;
    let finalScore = 1;
    let binMax = patternLen + textLen;
    const mask = 1 << (patternLen - 1);
    // The range of the previous level's array that was written.
    let lastFrom = 0;
    let lastTo = -1;
    for (let i = 0; i < patternLen; i += 1) {
      let binMin = 0;
      let binMid = binMax;
      while (binMin < binMid) {
        if (i / patternLen <= currentThreshold) binMin = binMid;
        else binMax = binMid;
        binMid = Math.floor((binMax - binMin) / 2 + binMin);
      }
      binMax = binMid;
      let start = Math.max(1, expectedLocation - binMid + 1);
      const finish = Math.min(expectedLocation + binMid, textLen) + patternLen;
      if (this.bits.length < finish + 2) {
        this.bits = new Int32Array(2 * (finish + 2));
        const grown = new Int32Array(2 * (finish + 2));
        grown.set(this.lastBits.subarray(0, Math.min(this.lastBits.length, grown.length)));
        this.lastBits = grown;
      }
      const bits = this.bits;
      const last = this.lastBits;
      bits[finish + 1] = (1 << i) - 1;
      let from = finish + 1;
      for (let j = finish; j >= start; j -= 1) {
        const currentLocation = j - 1;
        const c = currentLocation < textLen ? text.charCodeAt(currentLocation) : -1;
        const charMatch = c < 0 ? 0 : c < 128 ? (ascii[c] as number) : (alphabet.get(c) ?? 0);
        let b = (((bits[j + 1] as number) << 1) | 1) & charMatch;
        if (i) {
          // The previous level's bits where it wrote them, 0 (fuse.js's holes) elsewhere.
          const next = j + 1 >= lastFrom && j + 1 <= lastTo ? (last[j + 1] as number) : 0;
          const here = j >= lastFrom && j <= lastTo ? (last[j] as number) : 0;
          b |= ((next | here) << 1) | 1 | next;
        }
        bits[j] = b;
        from = j;
        if (b & mask) {
          finalScore = i / patternLen;
          if (finalScore <= currentThreshold) {
            currentThreshold = finalScore;
            bestLocation = currentLocation;
            if (bestLocation <= expectedLocation) break;
            start = Math.max(1, 2 * expectedLocation - bestLocation);
          }
        }
      }
      if ((i + 1) / patternLen > currentThreshold) break;
      // This level becomes the last: swap the buffers and remember what was written.
      this.bits = last;
      this.lastBits = bits;
      lastFrom = from;
      lastTo = finish + 1;
    }
    const score = Math.max(0.001, finalScore);
    return bestLocation >= 0 ? score : -score;
  }
}

// fuse.js's field-length norm: 1 / √(number of words), rounded to 3 decimals, memoised by count.
const NORMS = new Map<number, number>();

function fieldNorm(text: string): number {
  let numTokens = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 9 && code <= 13) || code === 32 || code === 160)) {
      if (!inWord) {
        numTokens++;
        inWord = true;
      }
    } else inWord = false;
  }
  if (numTokens === 0) numTokens = 1;
  let n = NORMS.get(numTokens);
  if (n === undefined) NORMS.set(numTokens, (n = Math.round(1000 / Math.pow(numTokens, 0.5)) / 1000));
  return n;
}
