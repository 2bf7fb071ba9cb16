/**
 * Top-k retrieval over the token index with upper-bound pruning (MaxScore style), so the work per
 * query follows the query's postings and the few entries that can still make the head, not every
 * entry that shares a word with the query.
 *
 * The caller rates an entry from its {@link TokenScore} (coverage, best-field cosine, specific
 * weight…) and wants the `depth` best. Computing a TokenScore exactly means reading all of an
 * entry's short fields (for the best field's cosine), which at 10,000 entries and a long message
 * is most of the KB. Instead:
 *
 * 1. One pass over the entry-level postings of the query tokens (typed arrays, no strings)
 *    accumulates, per entry, everything of its TokenScore except the cosine: coverage credit,
 *    specific weight and count, diagnostic flag, and Σw² of the query tokens it holds. Generic
 *    tokens and the most widespread ones (together lighter than `minSpecificWeight`) are not
 *    walked: an entry holding only those cannot qualify, and for the others their weight is
 *    counted in as if the entry held them all.
 * 2. The caller's rating of those optimistic statistics (cosine bounded by √Σw² / |q|, which no
 *    field can beat) is an upper bound of the entry's real rating, because the rating is monotone.
 * 3. Entries are rated exactly (all fields read) only while their bound can still reach the head:
 *    first the most promising few, which set the bar, then every other entry whose bound clears it.
 *
 * The exact rating adds the same numbers in the same order as {@link TokenIndex.score} (tokens the
 * reference walks in its second pass come last), and ties are broken in the reference's visiting
 * order, so the head is the one the reference gives, bit for bit.
 */
import type { TokenScore } from './token-index.js';

/**
 * The token index in integer form, as top-k retrieval reads it. Token ids index the per-token
 * arrays; entry and field ids are the index's.
 */
export interface CompactIndex {
  readonly entryCount: number;
  /** Number of distinct tokens (ids 0 .. vocabularySize - 1). */
  readonly vocabularySize: number;
  /** Per token id: the entries whose short fields hold it, ascending. */
  readonly postings: readonly Int32Array[];
  /** Per token id, parallel to `postings`: 1 where the token is incidental to that entry. */
  readonly postingIncidental: readonly Uint8Array[];
  /** Per token id: 1 for a generic token. */
  readonly generic: Uint8Array;
  /** Per token id: 1 for a diagnostic token. */
  readonly diagnostic: Uint8Array;
  /** Per entry: sorted ids of the tokens incidental to it. */
  readonly entryIncidental: readonly Int32Array[];
  /** Per entry: its first field id; entry e's fields are entryFieldStart[e] .. entryFieldStart[e + 1] - 1. */
  readonly entryFieldStart: Int32Array;
  /** Per field: where its token ids start in `fieldTokens` (length fieldCount + 1). */
  readonly fieldTokenStart: Int32Array;
  /** Every field's distinct token ids, in the field's order, one field after the other. */
  readonly fieldTokens: Int32Array;
  /** Per field: the Euclidean norm of its token weights. */
  readonly fieldNorm: Float64Array;
  /** Coverage credit for an incidental word (TokenIndexOptions.incidentalWordCredit). */
  readonly incidentalWordCredit: number;
}

/** One query, prepared by the index: per query token (deduplicated, in order). */
export interface TopKQuery {
  /** Token id, or -1 for a token no entry uses. */
  ids: readonly number[];
  weights: readonly number[];
  /** Sum of the weights (coverage's denominator). */
  total: number;
  /** Euclidean norm of the weights (cosine's denominator). */
  norm: number;
  /** True for tokens the reference scorer adds in its second pass (see TokenIndex.score). */
  late: readonly boolean[];
  /** Entries holding none but these tokens may be left out (their specific weight is below the caller's minimum). */
  skip: readonly boolean[];
  /** Entries whose specific weight is below this may be left out (the caller's rating does). */
  minSpecificWeight: number;
}

/** One entry of the head. */
export interface TopEntry {
  entryIndex: number;
  /** The caller's rating. */
  value: number;
  /** The entry's token statistics (a copy). */
  score: TokenScore;
}

/**
 * Rates an entry from its token statistics, or returns undefined to leave it out. Must be
 * monotone: never higher, and never defined where it was undefined, when coverage, fieldCosine,
 * specificWeight, specificCount or diagnostic go down; it is called with optimistic statistics
 * to bound entries it then need not rate exactly.
 */
export type EntryRating = (score: Readonly<TokenScore>) => number | undefined;

/** Bounds closer than this to the bar are rated exactly (floating-point sums differ by far less). */
const SLACK = 1e-9;
/** Entries rated first, best bound first, to set the bar before the rest are bounded against it. */
const SEEDS = 16;
const NO_TOKEN = 0x7fffffff;
/** Numbers kept per entry in the accumulator (see TopKSearcher.acc). */
const ACC_STRIDE = 4;

/**
 * Runs top-k queries over one {@link CompactIndex}. Holds scratch buffers sized to the index
 * (allocated once, reused by every query), so it is not re-entrant; matching is synchronous.
 */
export class TopKSearcher {
  /** Per entry: the generation of the query that last touched it (negated once rated exactly). */
  private readonly stamp: Int32Array;
  /**
   * Per entry, ACC_STRIDE numbers side by side (one cache line, not four arrays): coverage credit,
   * specific weight, Σw² of the query tokens held, specific count. Valid where stamp matches.
   */
  private readonly acc: Float64Array;
  private readonly diagnostic: Uint8Array;
  private readonly touched: Int32Array;
  /** Per candidate entry: the upper bound of its rating. */
  private readonly upper: Float64Array;
  private generation = 0;
  /** Per token id: its query position + 1 for the current query, else 0. */
  private readonly slot: Int32Array;
  private readonly scratch: TokenScore = { entryIndex: 0, coverage: 0, fieldCosine: 0, bestField: 0, specificWeight: 0, specificCount: 0, diagnostic: false };
  private readonly copy: TokenScore = { ...this.scratch };
  // Per query position, grown as needed.
  private seen = new Int32Array(64);
  private seenStamp = 0;
  private lateOrder = new Int32Array(64);
  private fieldQis = new Int32Array(64);
  /** The visiting order of the last exactly scored entry (first non-late query position holding it). */
  private firstQi = 0;

  constructor(private readonly index: CompactIndex) {
    const n = index.entryCount;
    this.stamp = new Int32Array(n);
    this.acc = new Float64Array(n * ACC_STRIDE);
    this.diagnostic = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.upper = new Float64Array(n);
    this.slot = new Int32Array(index.vocabularySize);
  }

  /**
   * The `depth` entries with the highest rating, best first; equal ratings in the order the
   * reference scorer visits entries (by the first non-late query token they hold, then by index).
   */
  search(query: TopKQuery, depth: number, rate: EntryRating): TopEntry[] {
    const ids = query.ids;
    const q = ids.length;
    if (query.total === 0 || depth <= 0) return [];
    if (this.seen.length < q) {
      this.seen = new Int32Array(q * 2);
      this.lateOrder = new Int32Array(q * 2);
      this.fieldQis = new Int32Array(q * 2);
    }
    if (this.generation >= 0x3fffffff) {
      this.generation = 0;
      this.stamp.fill(0);
    }
    for (let qi = 0; qi < q; qi++) if ((ids[qi] as number) >= 0) this.slot[ids[qi] as number] = qi + 1;
    try {
      const touched = this.accumulate(query);
      return this.select(query, touched, depth, rate);
    } finally {
      for (let qi = 0; qi < q; qi++) if ((ids[qi] as number) >= 0) this.slot[ids[qi] as number] = 0;
    }
  }

  /** Pass 1: per-entry sums over the postings of the tokens not skipped; returns how many entries it touched. */
  private accumulate(query: TopKQuery): number {
    const { ids, weights, skip } = query;
    const ix = this.index;
    const gen = ++this.generation;
    const { stamp, acc, diagnostic, touched } = this;
    let n = 0;
    for (let qi = 0; qi < ids.length; qi++) {
      const id = ids[qi] as number;
      if (id < 0 || skip[qi]) continue;
      const w = weights[qi] as number;
      const ww = w * w;
      const reduced = w * ix.incidentalWordCredit;
      const specificFactor = ix.generic[id] === 1 ? 0 : 1;
      const diag = ix.diagnostic[id] === 1;
      const list = ix.postings[id] as Int32Array;
      const incidental = ix.postingIncidental[id] as Uint8Array;
      for (let i = 0; i < list.length; i++) {
        const e = list[i] as number;
        const a = e * ACC_STRIDE;
        if (stamp[e] !== gen) {
          stamp[e] = gen;
          acc[a] = 0;
          acc[a + 1] = 0;
          acc[a + 2] = 0;
          acc[a + 3] = 0;
          diagnostic[e] = 0;
          touched[n++] = e;
        }
        const inc = incidental[i] === 1;
        const c = inc ? reduced : w;
        acc[a] = (acc[a] as number) + c;
        acc[a + 1] = (acc[a + 1] as number) + c * specificFactor;
        acc[a + 2] = (acc[a + 2] as number) + ww;
        acc[a + 3] = (acc[a + 3] as number) + specificFactor;
        if (diag && !inc) diagnostic[e] = 1;
      }
    }
    return n;
  }

  /** Bounds the touched entries, rates the ones that can make the head exactly, and returns the head. */
  private select(query: TopKQuery, n: number, depth: number, rate: EntryRating): TopEntry[] {
    const { ids, weights, skip } = query;
    const ix = this.index;
    // What the skipped tokens could add to any entry: all of them, at full credit.
    let skipCredit = 0;
    let skipSpecific = 0;
    let skipSquares = 0;
    let skipCount = 0;
    let skipDiagnostic = false;
    for (let qi = 0; qi < ids.length; qi++) {
      const id = ids[qi] as number;
      if (id < 0 || !skip[qi]) continue;
      const w = weights[qi] as number;
      skipCredit += w;
      skipSquares += w * w;
      if (ix.generic[id] !== 1) {
        skipSpecific += w;
        skipCount++;
        if (ix.diagnostic[id] === 1) skipDiagnostic = true;
      }
    }
    const { acc, diagnostic, touched, upper, stamp } = this;
    const bound = this.scratch;
    const minSpecific = query.minSpecificWeight - SLACK - skipSpecific;
    // The entries worth rating are compacted to the front of `touched`, their bounds in `upper`;
    // the SEEDS best bounds are kept apart.
    let candidates = 0;
    const seeds = new BestList(SEEDS);
    for (let i = 0; i < n; i++) {
      const e = touched[i] as number;
      const a = e * ACC_STRIDE;
      // Too little specific weight to qualify: the caller leaves such entries out.
      if ((acc[a + 1] as number) < minSpecific) continue;
      bound.entryIndex = e;
      bound.coverage = ((acc[a] as number) + skipCredit) / query.total + SLACK;
      bound.fieldCosine = Math.min(1, Math.sqrt((acc[a + 2] as number) + skipSquares) / query.norm + SLACK);
      bound.bestField = 0;
      bound.specificWeight = (acc[a + 1] as number) + skipSpecific + SLACK;
      bound.specificCount = (acc[a + 3] as number) + skipCount;
      bound.diagnostic = diagnostic[e] === 1 || skipDiagnostic;
      const b = rate(bound);
      if (b === undefined) continue;
      touched[candidates++] = e;
      upper[e] = b;
      seeds.offer(b, e, e);
    }
    const head = new BestList(depth);
    const heads: TopEntry[] = [];
    // Entries already rated exactly carry this generation's negation in `stamp`.
    const done = -this.generation;
    const order = ix.entryCount;
    for (const e of seeds.items()) {
      stamp[e] = done;
      this.rateExactly(e, query, rate, head, heads, order);
    }
    for (let i = 0; i < candidates; i++) {
      const e = touched[i] as number;
      if (stamp[e] === done) continue;
      if (head.full() && (upper[e] as number) < head.bar() - SLACK) continue;
      this.rateExactly(e, query, rate, head, heads, order);
    }
    return head.items().map((k) => heads[k] as TopEntry);
  }

  private rateExactly(e: number, query: TopKQuery, rate: EntryRating, head: BestList, heads: TopEntry[], order: number): void {
    const s = this.exact(e, query);
    if (!s) return;
    const value = rate(s);
    if (value === undefined) return;
    if (head.offer(value, this.firstQi * order + e, heads.length)) heads.push({ entryIndex: e, value, score: { ...s } });
  }

  /**
   * The exact token statistics of entry `e`, adding in the reference scorer's order: first the
   * non-late query tokens by query position, then the late ones as the entry's fields list them.
   * Sets `firstQi`. Undefined when the entry holds no non-late query token (the reference never
   * visits it).
   */
  private exact(e: number, query: TopKQuery): Readonly<TokenScore> | undefined {
    const ix = this.index;
    const { ids, weights, late } = query;
    const q = ids.length;
    const stampValue = ++this.seenStamp;
    const { seen, lateOrder, fieldQis, slot } = this;
    const fieldTokens = ix.fieldTokens;
    const fieldTokenStart = ix.fieldTokenStart;
    let lateCount = 0;
    let best = 0;
    let bestField = 0;
    let bestKey = NO_TOKEN;
    const first = ix.entryFieldStart[e] as number;
    const end = ix.entryFieldStart[e + 1] as number;
    for (let f = first; f < end; f++) {
      const from = fieldTokenStart[f] as number;
      const to = fieldTokenStart[f + 1] as number;
      // Non-late query positions of this field, kept sorted (fields hold a handful of tokens).
      let m = 0;
      let lateDot = -1;
      for (let k = from; k < to; k++) {
        const s = slot[fieldTokens[k] as number] as number;
        if (s === 0) continue;
        const qi = s - 1;
        if (seen[qi] !== stampValue) {
          seen[qi] = stampValue;
          if (late[qi]) lateOrder[lateCount++] = qi;
        }
        if (late[qi]) {
          if (lateDot < 0) lateDot = 0;
          continue;
        }
        let j = m++;
        while (j > 0 && (fieldQis[j - 1] as number) > qi) {
          fieldQis[j] = fieldQis[j - 1] as number;
          j--;
        }
        fieldQis[j] = qi;
      }
      if (m === 0 && lateDot < 0) continue;
      let dot = 0;
      for (let j = 0; j < m; j++) {
        const w = weights[fieldQis[j] as number] as number;
        dot += w * w;
      }
      if (lateDot === 0) {
        for (let k = from; k < to; k++) {
          const s = slot[fieldTokens[k] as number] as number;
          if (s === 0 || !late[s - 1]) continue;
          const w = weights[s - 1] as number;
          dot += w * w;
        }
      }
      const cos = dot / (query.norm * (ix.fieldNorm[f] as number));
      // The reference keeps the first best field in the order it touched fields: by the first
      // non-late token a field holds, then by id; fields holding only late tokens after those.
      const key = m > 0 ? (fieldQis[0] as number) : NO_TOKEN;
      if (cos > best || (cos === best && cos > 0 && key < bestKey)) {
        best = cos;
        bestField = f - first;
        bestKey = key;
      }
    }
    let firstQi = -1;
    for (let qi = 0; qi < q; qi++) {
      if (seen[qi] === stampValue && !late[qi]) {
        firstQi = qi;
        break;
      }
    }
    if (firstQi < 0) return undefined;
    const out = this.copy;
    out.coverage = 0;
    out.specificWeight = 0;
    out.specificCount = 0;
    out.diagnostic = false;
    for (let qi = firstQi; qi < q; qi++) if (seen[qi] === stampValue && !late[qi]) this.credit(out, e, ids[qi] as number, weights[qi] as number);
    for (let j = 0; j < lateCount; j++) {
      const qi = lateOrder[j] as number;
      this.credit(out, e, ids[qi] as number, weights[qi] as number);
    }
    this.firstQi = firstQi;
    out.entryIndex = e;
    out.coverage = out.coverage / query.total;
    out.fieldCosine = Math.min(1, best);
    out.bestField = bestField;
    return out;
  }

  /** Adds one held query token to entry `e`'s coverage, specific weight and count, as the reference does. */
  private credit(out: TokenScore, e: number, id: number, w: number): void {
    const ix = this.index;
    const incidental = isIncidental(ix.entryIncidental[e] as Int32Array, id);
    const credit = incidental ? w * ix.incidentalWordCredit : w;
    out.coverage += credit;
    if (ix.generic[id] === 1) return;
    out.specificWeight += credit;
    out.specificCount++;
    if (!incidental && ix.diagnostic[id] === 1) out.diagnostic = true;
  }
}

function isIncidental(sorted: Int32Array, id: number): boolean {
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (v === id) return true;
    if (v > id) return false;
  }
  return false;
}

/**
 * The `size` best items seen, by value (higher first), then by order key (lower first): a bounded
 * insertion list, since heads hold a handful of entries.
 */
export class BestList {
  private readonly values: number[] = [];
  private readonly keys: number[] = [];
  private readonly payloads: number[] = [];

  constructor(private readonly size: number) {}

  /** True when the list holds `size` items. */
  full(): boolean {
    return this.values.length >= this.size;
  }

  /** The lowest value kept (the bar a newcomer must reach); -Infinity while not full. */
  bar(): number {
    return this.full() ? (this.values[this.values.length - 1] as number) : -Infinity;
  }

  /** Keeps the item if it ranks among the best; returns whether it was kept. */
  offer(value: number, key: number, payload: number): boolean {
    const n = this.values.length;
    if (n >= this.size && this.ranksBefore(n - 1, value, key)) return false;
    let i = n >= this.size ? n - 1 : n;
    while (i > 0 && !this.ranksBefore(i - 1, value, key)) {
      this.values[i] = this.values[i - 1] as number;
      this.keys[i] = this.keys[i - 1] as number;
      this.payloads[i] = this.payloads[i - 1] as number;
      i--;
    }
    this.values[i] = value;
    this.keys[i] = key;
    this.payloads[i] = payload;
    return true;
  }

  /** True when the item at `i` ranks before (value, key). */
  private ranksBefore(i: number, value: number, key: number): boolean {
    const v = this.values[i] as number;
    return v > value || (v === value && (this.keys[i] as number) < key);
  }

  /** The payloads kept, best first. */
  items(): number[] {
    return [...this.payloads];
  }
}
