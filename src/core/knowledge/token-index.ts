/**
 * An inverted index over the KB's short fields (question, alternates, keywords) with rarity
 * weights. `topK` (the matcher's path, see top-k.ts) returns the best few entries for a query,
 * reading the postings once and the fields of only the entries that can make the head; `score`
 * rates every entry that shares a word with the query and is the reference `topK` must equal.
 */
import type { KbEntry } from './kb-entry.js';
import { contentTokens } from './text-normalizer.js';
import { TopKSearcher, type CompactIndex, type EntryRating, type TopEntry } from './top-k.js';

/** Per-entry token statistics for one query. */
export interface TokenScore {
  entryIndex: number;
  /** Share of the query's weight this entry's vocabulary covers (0..1). */
  coverage: number;
  /** Best cosine similarity between the query and one short field (0..1). */
  fieldCosine: number;
  /** Index (into the entry's fields) of that best field. */
  bestField: number;
  /** Summed weight of matched non-generic query words (incidental words at reduced credit). */
  specificWeight: number;
  /** How many distinct non-generic query words the entry matched. */
  specificCount: number;
  /** True when the entry matched a diagnostic word (see TokenIndexOptions.diagnosticTokens) centrally. */
  diagnostic: boolean;
}

/** Weighting knobs the index needs. */
export interface TokenIndexOptions {
  unknownWordWeight: number;
  /** Coverage credit for a word found in only one alternate of an entry (incidental, not its topic). */
  incidentalWordCredit: number;
  genericWordWeight: number;
  genericTokens: readonly string[];
  /** Tokens naming topics outside the FAQ; weigh `outOfScopeWordWeight` when no entry uses them. */
  outOfScopeTokens: readonly string[];
  outOfScopeWordWeight: number;
  /** Tokens that alone name an entry's topic ("forbidden", "toomanyrequests"); see MatcherOptions.diagnosticTerms. */
  diagnosticTokens?: readonly string[];
}

/** Tokens used by fewer entries than this are always walked through their postings (see lateTokens). */
const LATE_TOKEN_MIN_ENTRIES = 64;
/** How much an entry that uses a word incidentally counts towards the word's spread. */
const INCIDENTAL_SPREAD = 0.5;
/** At most this many late tokens per query (one bit each in a 32-bit mask). */
const MAX_LATE_TOKENS = 30;

/** A query token scored in pass 2: its index in the query and its bit in the per-entry mask. */
interface LateToken {
  qi: number;
  bit: number;
}

/** The short fields of an entry that matching may look at, in a fixed order. */
export function shortFields(entry: KbEntry): string[] {
  return [entry.question, ...entry.alternates, ...entry.keywords];
}

/** Inverted index of entries' short fields. */
export class TokenIndex {
  /** token → field ids containing it. */
  private readonly postings = new Map<string, number[]>();
  /** token → number of entries whose short fields contain it. */
  private readonly entryFrequency = new Map<string, number>();
  /**
   * token → entries using it, an incidental use (one alternate only) counting half: one stray
   * word in one alternate should barely dilute the weight of another entry's topic word.
   */
  private readonly spread = new Map<string, number>();
  private readonly fieldEntry: number[] = [];
  private readonly fieldFirst: number[] = [];
  private readonly fieldTokens: string[][] = [];
  /** Per field: its content tokens in order (duplicates kept) joined by spaces: fuse.js's text. */
  private readonly fieldTexts: string[] = [];
  /** Per entry: first field id and one past its last. */
  private readonly entryFieldEnd: number[] = [];
  /** Per entry: tokens that are incidental to it (in a single alternate, not in question or keywords). */
  private readonly incidental: Set<string>[] = [];
  private fieldNorm: Float64Array = new Float64Array(0);
  private readonly generic: ReadonlySet<string>;
  private readonly outOfScope: ReadonlySet<string>;
  private readonly diagnosticTokens: ReadonlySet<string>;
  // Scratch buffers reused by score() (allocated on its first call); always left zeroed. Not
  // re-entrant (match is synchronous).
  private dot: Float64Array = new Float64Array(0);
  private coverage: Float64Array = new Float64Array(0);
  private specific: Float64Array = new Float64Array(0);
  private bestCos: Float64Array = new Float64Array(0);
  private bestField: Int32Array = new Int32Array(0);
  private lastToken: Int32Array = new Int32Array(0);
  private specificCount: Int32Array = new Int32Array(0);
  private diagnostic: Uint8Array = new Uint8Array(0);
  /** The one score object handed to score()'s visitor: at 10,000 entries a query touches thousands. */
  private readonly scratch: TokenScore = { entryIndex: 0, coverage: 0, fieldCosine: 0, bestField: 0, specificWeight: 0, specificCount: 0, diagnostic: false };
  /** token → id in the integer form top-k retrieval reads. */
  private readonly tokenIds = new Map<string, number>();
  private readonly searcher: TopKSearcher;

  constructor(entries: readonly KbEntry[], private readonly options: TokenIndexOptions) {
    this.generic = new Set(options.genericTokens);
    this.outOfScope = new Set(options.outOfScopeTokens);
    this.diagnosticTokens = new Set(options.diagnosticTokens ?? []);
    entries.forEach((entry, entryIndex) => {
      const seen = new Set<string>();
      const central = new Set<string>();
      const once = new Set<string>();
      const first = this.fieldEntry.length;
      shortFields(entry).forEach((text, i) => {
        const ordered = contentTokens(text);
        const tokens = [...new Set(ordered)];
        const isAlternate = i >= 1 && i <= entry.alternates.length;
        for (const t of tokens) {
          if (!isAlternate || once.has(t)) central.add(t);
          else once.add(t);
        }
        const fieldId = this.fieldEntry.length;
        this.fieldEntry.push(entryIndex);
        this.fieldFirst.push(first);
        this.fieldTokens.push(tokens);
        this.fieldTexts.push(ordered.join(' '));
        for (const t of tokens) {
          let list = this.postings.get(t);
          if (!list) this.postings.set(t, (list = []));
          list.push(fieldId);
          seen.add(t);
        }
      });
      this.entryFieldEnd.push(this.fieldEntry.length);
      this.incidental.push(new Set([...once].filter((t) => !central.has(t))));
      const incidental = this.incidental[entryIndex] as Set<string>;
      for (const t of seen) {
        this.entryFrequency.set(t, (this.entryFrequency.get(t) ?? 0) + 1);
        this.spread.set(t, (this.spread.get(t) ?? 0) + (incidental.has(t) ? INCIDENTAL_SPREAD : 1));
      }
    });
    this.fieldNorm = new Float64Array(this.fieldTokens.map((ts) => Math.sqrt(ts.reduce((s, t) => s + this.weight(t) ** 2, 0)) || 1));
    this.searcher = new TopKSearcher(this.compact(entries.length));
  }

  /** The index in integer form (see CompactIndex), for top-k retrieval. */
  private compact(entryCount: number): CompactIndex {
    const vocabulary = [...this.postings.keys()];
    vocabulary.forEach((t, id) => this.tokenIds.set(t, id));
    const fieldCount = this.fieldEntry.length;
    const fieldTokenStart = new Int32Array(fieldCount + 1);
    for (let f = 0; f < fieldCount; f++) fieldTokenStart[f + 1] = (fieldTokenStart[f] as number) + (this.fieldTokens[f] as string[]).length;
    const fieldTokens = new Int32Array(fieldTokenStart[fieldCount] as number);
    for (let f = 0; f < fieldCount; f++) (this.fieldTokens[f] as string[]).forEach((t, k) => (fieldTokens[(fieldTokenStart[f] as number) + k] = this.tokenIds.get(t) as number));
    const postings = vocabulary.map((t) => {
      const entries: number[] = [];
      for (const f of this.postings.get(t) as number[]) {
        const e = this.fieldEntry[f] as number;
        if (entries[entries.length - 1] !== e) entries.push(e);
      }
      return Int32Array.from(entries);
    });
    const entryFieldStart = new Int32Array(entryCount + 1);
    for (let e = 0; e < entryCount; e++) entryFieldStart[e + 1] = this.entryFieldEnd[e] as number;
    return {
      entryCount,
      vocabularySize: vocabulary.length,
      postings,
      postingIncidental: vocabulary.map((t, id) => Uint8Array.from(postings[id] as Int32Array, (e) => (this.incidental[e]?.has(t) ? 1 : 0))),
      generic: Uint8Array.from(vocabulary, (t) => (this.generic.has(t) ? 1 : 0)),
      diagnostic: Uint8Array.from(vocabulary, (t) => (this.diagnosticTokens.has(t) ? 1 : 0)),
      entryIncidental: this.incidental.map((set) => Int32Array.from([...set].map((t) => this.tokenIds.get(t) as number)).sort()),
      entryFieldStart,
      fieldTokenStart,
      fieldTokens,
      fieldNorm: this.fieldNorm,
      incidentalWordCredit: this.options.incidentalWordCredit,
    };
  }

  /** Every token the index knows. */
  vocabulary(): IterableIterator<string> {
    return this.postings.keys();
  }

  /** True when some entry uses the token. */
  has(token: string): boolean {
    return this.postings.has(token);
  }

  /**
   * How informative a token is: 1 for a token only one entry uses, less the more entries share
   * it. Depends on how many entries use the token, not on KB size, so adding unrelated entries
   * does not shift the confidence of existing ones.
   */
  weight(token: string): number {
    if (this.generic.has(token)) return this.options.genericWordWeight;
    const df = this.spread.get(token);
    if (df !== undefined) return 1 / (1 + Math.log(Math.max(1, df)));
    return this.outOfScope.has(token) ? this.options.outOfScopeWordWeight : this.options.unknownWordWeight;
  }

  /** True for an out-of-scope token no entry uses: never typo-corrected onto KB vocabulary. */
  isOutOfScope(token: string): boolean {
    return this.outOfScope.has(token) && !this.postings.has(token);
  }

  /** Number of short fields over all entries (global field ids are 0 .. fieldCount - 1). */
  get fieldCount(): number {
    return this.fieldEntry.length;
  }

  /** Normalised text of one field (by global field id), as fuse.js should see it. */
  fieldText(fieldId: number): string {
    return this.fieldTexts[fieldId] ?? '';
  }

  /**
   * Global ids of the entry's `limit` fields most similar to the query (weighted cosine over
   * shared tokens), best first; fields sharing no token are left out. Lets the fuse.js re-rank
   * look at a bounded number of fields whatever the entry's size.
   */
  topFields(entryIndex: number, query: ReadonlySet<string>, limit: number): number[] {
    const first = entryIndex === 0 ? 0 : (this.entryFieldEnd[entryIndex - 1] as number);
    const end = this.entryFieldEnd[entryIndex] as number;
    const ids: number[] = [];
    const sims: number[] = [];
    for (let f = first; f < end; f++) {
      let dot = 0;
      for (const t of this.fieldTokens[f] as string[]) if (query.has(t)) dot += this.weight(t) ** 2;
      if (dot === 0) continue;
      const sim = dot / (this.fieldNorm[f] as number);
      // Bounded insertion: keep the best `limit` fields, ties to the earlier field.
      let i = ids.length < limit ? ids.length : limit;
      if (i === limit && sim <= (sims[limit - 1] as number)) continue;
      while (i > 0 && (sims[i - 1] as number) < sim) {
        if (i < limit) {
          ids[i] = ids[i - 1] as number;
          sims[i] = sims[i - 1] as number;
        }
        i--;
      }
      ids[i] = f;
      sims[i] = sim;
    }
    return ids;
  }

  /**
   * Query tokens whose postings need not be walked: generic tokens and the
   * most widespread ones, as long as their summed weight stays below `minSpecificWeight`. An entry
   * matching only those can never reach the caller's minimum, so they only need adding to the
   * entries the other tokens find. Exact, and it keeps a 10,000-entry KB fast when a question
   * says "secret" or "access" (thousands of postings). Null when nothing is worth skipping.
   */
  private lateTokens(queryTokens: readonly string[], weights: readonly number[], minSpecificWeight: number): Map<string, LateToken> | null {
    const late = new Map<string, LateToken>();
    const byFrequency: number[] = [];
    queryTokens.forEach((t, qi) => {
      if ((this.entryFrequency.get(t) ?? 0) < LATE_TOKEN_MIN_ENTRIES) return;
      if (!this.generic.has(t)) byFrequency.push(qi);
      else if (late.size < MAX_LATE_TOKENS) late.set(t, { qi, bit: 1 << late.size });
    });
    byFrequency.sort((a, b) => (this.entryFrequency.get(queryTokens[b] as string) ?? 0) - (this.entryFrequency.get(queryTokens[a] as string) ?? 0));
    let skipped = 0;
    for (const qi of byFrequency) {
      const w = weights[qi] as number;
      if (skipped + w >= minSpecificWeight) break;
      skipped += w;
      if (late.size < MAX_LATE_TOKENS) late.set(queryTokens[qi] as string, { qi, bit: 1 << late.size });
    }
    return late.size === 0 ? null : late;
  }

  /** Pass 2 of score(): adds the late tokens' dot products and coverage for entry `e`. */
  private addLateTokens(e: number, late: ReadonlyMap<string, LateToken>, weights: readonly number[], touchedFields: number[]): void {
    const first = e === 0 ? 0 : (this.entryFieldEnd[e - 1] as number);
    const end = this.entryFieldEnd[e] as number;
    let counted = 0; // one bit per late token already credited to this entry
    for (let f = first; f < end; f++) {
      for (const t of this.fieldTokens[f] as string[]) {
        const token = late.get(t);
        if (token === undefined) continue;
        const w = weights[token.qi] as number;
        if (this.dot[f] === 0) touchedFields.push(f);
        this.dot[f] = (this.dot[f] as number) + w * w;
        if (counted & token.bit) continue;
        counted |= token.bit;
        const incidental = this.incidental[e]?.has(t) === true;
        const credit = incidental ? w * this.options.incidentalWordCredit : w;
        this.coverage[e] = (this.coverage[e] as number) + credit;
        if (!this.generic.has(t)) this.countSpecific(e, t, credit, incidental);
      }
    }
  }

  /** Credits one matched non-generic query token to entry `e` (weight, count, diagnostic flag). */
  private countSpecific(e: number, token: string, credit: number, incidental: boolean): void {
    this.specific[e] = (this.specific[e] as number) + credit;
    this.specificCount[e] = (this.specificCount[e] as number) + 1;
    // A diagnostic word only vouches for an entry whose topic it is, not one that mentions it once.
    if (!incidental && this.diagnosticTokens.has(token)) this.diagnostic[e] = 1;
  }

  /** True for Key Vault–generic tokens. */
  isGeneric(token: string): boolean {
    return this.generic.has(token);
  }

  /**
   * The `depth` entries `rate` rates highest for the (deduplicated) query tokens, best first:
   * exactly the `depth` best of the entries {@link score} visits, equal ratings in its visiting
   * order, with their statistics. `rate` must be monotone (see EntryRating) and must leave out
   * entries whose specificWeight is below `minSpecificWeight` (such entries may go unrated).
   * Reads the postings once and only the fields of the few entries that can make the head.
   */
  topK(queryTokens: readonly string[], depth: number, rate: EntryRating, minSpecificWeight = 0): TopEntry[] {
    const weights = queryTokens.map((t) => this.weight(t));
    const total = weights.reduce((s, w) => s + w, 0);
    const norm = Math.sqrt(weights.reduce((s, w) => s + w * w, 0));
    const late = this.lateTokens(queryTokens, weights, minSpecificWeight);
    const ids = queryTokens.map((t) => this.tokenIds.get(t) ?? -1);
    return this.searcher.search({ ids, weights, total, norm, late: queryTokens.map((t) => late?.has(t) === true), minSpecificWeight }, depth, rate);
  }

  /** score()'s scratch buffers, on its first use: the matcher never calls it (tests and tools do). */
  private allocateScratch(): void {
    const n = this.entryFieldEnd.length;
    this.dot = new Float64Array(this.fieldEntry.length);
    this.coverage = new Float64Array(n);
    this.specific = new Float64Array(n);
    this.bestCos = new Float64Array(n);
    this.bestField = new Int32Array(n);
    this.lastToken = new Int32Array(n);
    this.specificCount = new Int32Array(n);
    this.diagnostic = new Uint8Array(n);
  }

  /**
   * Scores every entry sharing at least one token with the (deduplicated) query tokens, handing
   * each to `visit`. The object passed is reused between calls: copy what you keep.
   */
  score(queryTokens: readonly string[], visit: (score: Readonly<TokenScore>) => void, minSpecificWeight = 0): void {
    const weights = queryTokens.map((t) => this.weight(t));
    const total = weights.reduce((s, w) => s + w, 0);
    const queryNorm = Math.sqrt(weights.reduce((s, w) => s + w * w, 0));
    if (total === 0) return;
    if (this.dot.length !== this.fieldEntry.length) this.allocateScratch();
    const touchedFields: number[] = [];
    const touchedEntries: number[] = [];
    const coverage = this.coverage;
    const specific = this.specific;
    const specificCount = this.specificCount;
    const diagnostic = this.diagnostic;
    const lastToken = this.lastToken;
    const dot = this.dot;
    const lateTokens = this.lateTokens(queryTokens, weights, minSpecificWeight);
    // Pass 1: walk the postings of every token except the late ones.
    for (let qi = 0; qi < queryTokens.length; qi++) {
      const t = queryTokens[qi] as string;
      const fields = lateTokens?.has(t) ? undefined : this.postings.get(t);
      if (!fields) continue;
      const w = weights[qi] as number;
      const generic = this.generic.has(t);
      for (const f of fields) {
        if (dot[f] === 0) touchedFields.push(f);
        dot[f] = (dot[f] as number) + w * w;
        const e = this.fieldEntry[f] as number;
        // Count each (entry, query token) pair once, however many of the entry's fields hold it.
        if (lastToken[e] === qi + 1) continue;
        if (lastToken[e] === 0) touchedEntries.push(e);
        lastToken[e] = qi + 1;
        const incidental = this.incidental[e]?.has(t) === true;
        const credit = incidental ? w * this.options.incidentalWordCredit : w;
        coverage[e] = (coverage[e] as number) + credit;
        if (!generic) this.countSpecific(e, t, credit, incidental);
      }
    }
    // Pass 2: late tokens only for the entries pass 1 found, by reading those entries' fields.
    if (lateTokens) for (const e of touchedEntries) this.addLateTokens(e, lateTokens, weights, touchedFields);
    const bestCos = this.bestCos;
    const bestField = this.bestField;
    for (const f of touchedFields) {
      const cos = (this.dot[f] as number) / (queryNorm * (this.fieldNorm[f] as number));
      this.dot[f] = 0;
      const e = this.fieldEntry[f] as number;
      if (cos > (bestCos[e] as number)) {
        bestCos[e] = cos;
        bestField[e] = f - (this.fieldFirst[f] as number);
      }
    }
    const out = this.scratch;
    for (const e of touchedEntries) {
      out.entryIndex = e;
      out.coverage = (coverage[e] as number) / total;
      out.fieldCosine = Math.min(1, bestCos[e] as number);
      out.bestField = bestField[e] as number;
      out.specificWeight = specific[e] as number;
      out.specificCount = specificCount[e] as number;
      out.diagnostic = diagnostic[e] === 1;
      visit(out);
      coverage[e] = 0;
      specific[e] = 0;
      specificCount[e] = 0;
      diagnostic[e] = 0;
      bestCos[e] = 0;
      bestField[e] = 0;
      lastToken[e] = 0;
    }
  }
}
