/**
 * Top-k retrieval over the token index with upper-bound pruning, so the work per query follows
 * the query's postings and the few entries that can still make the head, not every entry that
 * shares a word with the query.
 *
 * The caller rates an entry from its {@link TokenScore} (coverage, best-field cosine, specific
 * weight…) and wants the `depth` best. Computing a TokenScore exactly means reading all of an
 * entry's short fields (for the best field's cosine), which at 10,000 entries and a long message
 * is most of the KB. Instead:
 *
 * 1. One pass over the entry-level postings of the query tokens (typed arrays, no strings) marks,
 *    per entry, which query tokens it holds (one bit per token, and one where it holds the token
 *    incidentally): a single word written per posting. The most widespread tokens, whose summed
 *    weight leaves an entry holding only them short of what the rating needs, only mark entries
 *    the other tokens found: an entry found by none of those cannot qualify.
 * 2. From its bits, every entry found gets everything of its TokenScore except the cosine:
 *    coverage credit, specific weight and count, diagnostic flag, and Σw² of the tokens it holds;
 *    the caller's rating of those statistics, with the cosine bounded from Σw² (which no field
 *    can beat, see select), is an upper bound of the entry's real rating, because the rating is
 *    monotone.
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

/**
 * Runs top-k queries over one {@link CompactIndex}. Holds scratch buffers sized to the index
 * (allocated once, reused by every query), so it is not re-entrant; matching is synchronous.
 */
export class TopKSearcher {
  /** Per entry: the generation of the query that last touched it (negated once rated exactly). */
  private readonly stamp: Int32Array;
  /**
   * Per entry, `words` 32-bit words: bit b of word w set when the entry holds the query token
   * walked (b + 32w)-th (see walkOrder). Zero outside a query: select() clears what it read.
   */
  private held = new Uint32Array(0);
  /** Like `held`, set where the entry holds that token incidentally. */
  private heldIncidentally = new Uint32Array(0);
  /** Words per entry in `held` for the current query. */
  private words = 1;
  /** Per candidate entry: its pass-1 statistics but the cosine (see keep). */
  private readonly keptCoverage: Float64Array;
  private readonly keptSpecific: Float64Array;
  private readonly keptCount: Int32Array;
  private readonly keptDiagnostic: Uint8Array;
  private readonly touched: Int32Array;
  /** Per candidate entry: the upper bound of its rating. */
  private readonly upper: Float64Array;
  private generation = 0;
  /** Per token id: its query position + 1 for the current query, else 0. */
  private readonly slot: Int32Array;
  private readonly scratch: TokenScore = { entryIndex: 0, coverage: 0, fieldCosine: 0, bestField: 0, specificWeight: 0, specificCount: 0, diagnostic: false };
  private readonly copy: TokenScore = { ...this.scratch };
  // Per query position, grown as needed.
  private seen!: Int32Array;
  private seenStamp = 0;
  private lateOrder!: Int32Array;
  private fieldQis!: Int32Array;
  /** Query positions of the tokens the index knows, in walking order (shortest postings first). */
  private walkOrder!: Int32Array;
  /** Per walking position: the token's weight, its credit when incidental, and whether it is specific (not generic) and diagnostic. */
  private stepWeight!: Float64Array;
  private stepReduced!: Float64Array;
  private stepSpecific!: Uint8Array;
  private stepDiagnostic!: Uint8Array;
  /** The visiting order of the last exactly scored entry (first non-late query position holding it). */
  private firstQi = 0;

  constructor(private readonly index: CompactIndex) {
    const n = index.entryCount;
    this.stamp = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.upper = new Float64Array(n);
    this.keptCoverage = new Float64Array(n);
    this.keptSpecific = new Float64Array(n);
    this.keptCount = new Int32Array(n);
    this.keptDiagnostic = new Uint8Array(n);
    this.slot = new Int32Array(index.vocabularySize);
    this.grow(64);
  }

  /**
   * The `depth` entries with the highest rating, best first; equal ratings in the order the
   * reference scorer visits entries (by the first non-late query token they hold, then by index).
   */
  search(query: TopKQuery, depth: number, rate: EntryRating): TopEntry[] {
    const ids = query.ids;
    const q = ids.length;
    if (query.total === 0 || depth <= 0) return [];
    if (this.seen.length < q) this.grow(q * 2);
    if (this.generation >= 0x3fffffff) {
      this.generation = 0;
      this.stamp.fill(0);
    }
    for (let qi = 0; qi < q; qi++) if ((ids[qi] as number) >= 0) this.slot[ids[qi] as number] = qi + 1;
    try {
      const touched = this.accumulate(query, rate);
      return this.select(query, touched, depth, rate);
    } catch (e) {
      // A rating that throws leaves held bits set: the next query must start from zero.
      this.held.fill(0);
      this.heldIncidentally.fill(0);
      throw e;
    } finally {
      for (let qi = 0; qi < q; qi++) if ((ids[qi] as number) >= 0) this.slot[ids[qi] as number] = 0;
    }
  }

  /** (Re)allocates the per-query-token scratch buffers (the fields declared with `!`) for `size` tokens. */
  private grow(size: number): void {
    this.seen = new Int32Array(size);
    this.lateOrder = new Int32Array(size);
    this.fieldQis = new Int32Array(size);
    this.walkOrder = new Int32Array(size);
    this.stepWeight = new Float64Array(size);
    this.stepReduced = new Float64Array(size);
    this.stepSpecific = new Uint8Array(size);
    this.stepDiagnostic = new Uint8Array(size);
  }

  /**
   * Pass 1: sets the held bits of the entries the query tokens' postings list; returns how many
   * entries it touched (listed in `touched`). Tokens are walked shortest postings first; once the
   * tokens left could not qualify an entry holding none but them (the caller's rating of all of
   * them together is undefined), their postings only mark entries already touched.
   */
  private accumulate(query: TopKQuery, rate: EntryRating): number {
    const { ids } = query;
    const ix = this.index;
    const m = this.order(query);
    const words = (this.words = Math.max(1, (m + 31) >>> 5));
    if (this.held.length < ix.entryCount * words) {
      this.held = new Uint32Array(ix.entryCount * words);
      this.heldIncidentally = new Uint32Array(ix.entryCount * words);
    }
    const followers = this.followers(query, m, rate);
    const gen = ++this.generation;
    const { stamp, held, heldIncidentally, touched, walkOrder } = this;
    let n = 0;
    for (let j = 0; j < m; j++) {
      const id = ids[walkOrder[j] as number] as number;
      const bit = 1 << (j & 31);
      const word = j >>> 5;
      const list = ix.postings[id] as Int32Array;
      const incidental = ix.postingIncidental[id] as Uint8Array;
      const follow = j >= followers;
      for (let i = 0; i < list.length; i++) {
        const e = list[i] as number;
        if (stamp[e] !== gen) {
          if (follow) continue;
          stamp[e] = gen;
          touched[n++] = e;
        }
        const at = e * words + word;
        held[at] = (held[at] as number) | bit;
        if (incidental[i] === 1) heldIncidentally[at] = (heldIncidentally[at] as number) | bit;
      }
    }
    return n;
  }

  /**
   * Orders the query tokens the index knows by posting length into walkOrder (ties in query
   * order), with each one's weight, incidental credit and kind; returns how many there are.
   */
  private order(query: TopKQuery): number {
    const { ids, weights } = query;
    const ix = this.index;
    const walkOrder = this.walkOrder;
    let m = 0;
    for (let qi = 0; qi < ids.length; qi++) {
      const id = ids[qi] as number;
      if (id < 0) continue;
      const length = (ix.postings[id] as Int32Array).length;
      let k = m++;
      while (k > 0 && (ix.postings[ids[walkOrder[k - 1] as number] as number] as Int32Array).length > length) {
        walkOrder[k] = walkOrder[k - 1] as number;
        k--;
      }
      walkOrder[k] = qi;
    }
    for (let j = 0; j < m; j++) {
      const qi = walkOrder[j] as number;
      const id = ids[qi] as number;
      const w = weights[qi] as number;
      this.stepWeight[j] = w;
      this.stepReduced[j] = w * ix.incidentalWordCredit;
      this.stepSpecific[j] = ix.generic[id] === 1 ? 0 : 1;
      this.stepDiagnostic[j] = ix.generic[id] !== 1 && ix.diagnostic[id] === 1 ? 1 : 0;
    }
    return m;
  }

  /**
   * The first walking position from which on an entry holding only those tokens (all of them, at
   * full credit) would still be left out by the rating: those tokens need not find entries.
   */
  private followers(query: TopKQuery, m: number, rate: EntryRating): number {
    const bound = this.scratch;
    let credit = 0;
    let squares = 0;
    let specific = 0;
    let count = 0;
    let diagnostic = false;
    let j = m;
    // From the longest postings back: the widest suffix whose rating stays undefined.
    for (; j > 0; j--) {
      const w = this.stepWeight[j - 1] as number;
      credit += w;
      squares += w * w;
      if (this.stepSpecific[j - 1] === 1) {
        specific += w;
        count++;
        if (this.stepDiagnostic[j - 1] === 1) diagnostic = true;
      }
      bound.entryIndex = -1;
      bound.coverage = credit / query.total + SLACK;
      bound.fieldCosine = Math.min(1, Math.sqrt(squares) / query.norm + SLACK);
      bound.bestField = 0;
      bound.specificWeight = specific + SLACK;
      bound.specificCount = count;
      bound.diagnostic = diagnostic;
      if (rate(bound) !== undefined) break;
    }
    return j;
  }

  /** Bounds the touched entries from their held bits, rates the ones that can make the head exactly, and returns the head. */
  private select(query: TopKQuery, n: number, depth: number, rate: EntryRating): TopEntry[] {
    const ix = this.index;
    const { held, heldIncidentally, touched, upper, stamp, words, stepWeight, stepReduced, stepSpecific, stepDiagnostic } = this;
    const bound = this.scratch;
    const minSpecific = query.minSpecificWeight - SLACK;
    // The entries worth rating are compacted to the front of `touched`, their bounds in `upper`;
    // the SEEDS best bounds are kept apart.
    let candidates = 0;
    const seeds = new BestList(SEEDS);
    for (let i = 0; i < n; i++) {
      const e = touched[i] as number;
      let credit = 0;
      let specific = 0;
      let squares = 0;
      let count = 0;
      let diagnostic = false;
      for (let w = 0; w < words; w++) {
        const at = e * words + w;
        let bits = held[at] as number;
        const reduced = heldIncidentally[at] as number;
        held[at] = 0;
        heldIncidentally[at] = 0;
        while (bits !== 0) {
          const low = bits & -bits;
          bits ^= low;
          const j = (w << 5) + 31 - Math.clz32(low);
          const incidental = (reduced & low) !== 0;
          const c = incidental ? (stepReduced[j] as number) : (stepWeight[j] as number);
          credit += c;
          squares += (stepWeight[j] as number) * (stepWeight[j] as number);
          if (stepSpecific[j] === 1) {
            specific += c;
            count++;
            if (!incidental && stepDiagnostic[j] === 1) diagnostic = true;
          }
        }
      }
      // Too little specific weight to qualify: the caller leaves such entries out.
      if (specific < minSpecific) continue;
      bound.entryIndex = e;
      bound.coverage = credit / query.total + SLACK;
      bound.fieldCosine = Math.min(1, Math.sqrt(squares) / query.norm + SLACK);
      bound.bestField = 0;
      bound.specificWeight = specific + SLACK;
      bound.specificCount = count;
      bound.diagnostic = diagnostic;
      const b = rate(bound);
      if (b === undefined) continue;
      touched[candidates++] = e;
      upper[e] = b;
      this.keep(e, bound);
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
      if (head.full() && ((upper[e] as number) < head.bar() - SLACK || !this.canReach(e, query, rate, head.bar()))) continue;
      this.rateExactly(e, query, rate, head, heads, order);
    }
    return head.items().map((k) => heads[k] as TopEntry);
  }

  /** Keeps a candidate's statistics from pass 1 (all but the cosine) for {@link canReach}. */
  private keep(e: number, s: Readonly<TokenScore>): void {
    this.keptCoverage[e] = s.coverage;
    this.keptSpecific[e] = s.specificWeight;
    this.keptCount[e] = s.specificCount;
    this.keptDiagnostic[e] = s.diagnostic ? 1 : 0;
  }

  /**
   * True when candidate `e` may still rate `bar` or more, now with its best field's cosine
   * computed (the fields read without the reference's summing order: within SLACK of the exact
   * value). The bound of pass 1 takes the cosine at its most; for a long message the real one is
   * often far lower, and this costs a fraction of an exact rating.
   */
  private canReach(e: number, query: TopKQuery, rate: EntryRating, bar: number): boolean {
    const ix = this.index;
    const { slot } = this;
    const { weights } = query;
    const fieldTokens = ix.fieldTokens;
    const fieldTokenStart = ix.fieldTokenStart;
    let best = 0;
    const end = ix.entryFieldStart[e + 1] as number;
    for (let f = ix.entryFieldStart[e] as number; f < end; f++) {
      let dot = 0;
      const to = fieldTokenStart[f + 1] as number;
      for (let k = fieldTokenStart[f] as number; k < to; k++) {
        const s = slot[fieldTokens[k] as number] as number;
        if (s === 0) continue;
        const w = weights[s - 1] as number;
        dot += w * w;
      }
      const cos = dot / (query.norm * (ix.fieldNorm[f] as number));
      if (cos > best) best = cos;
    }
    const bound = this.scratch;
    bound.entryIndex = e;
    bound.coverage = this.keptCoverage[e] as number;
    bound.fieldCosine = Math.min(1, best + SLACK);
    bound.bestField = 0;
    bound.specificWeight = this.keptSpecific[e] as number;
    bound.specificCount = this.keptCount[e] as number;
    bound.diagnostic = this.keptDiagnostic[e] === 1;
    const value = rate(bound);
    return value !== undefined && value >= bar - SLACK;
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
