/**
 * The FAQ matcher: user text → {@link FaqMatchResult}. Pipeline: small talk check → normalise
 * and tokenise → typo-correct unknown words against the KB vocabulary → score entries with the
 * rarity-weighted token index over short fields (coverage + best-field cosine) → re-rank the top
 * few with fuse.js over the same short fields and BM25 over their answer
 * bodies (a forward index, candidates only) → steer by the error triage recognises → blend with the trained section model
 * when there is one (faq-model.ts) → calibrated confidence → answer / ambiguous / none. Long
 * messages are read through message-focus.ts (code and logs dropped, question sentences scored alone).
 */
import Fuse from 'fuse.js';
import type { FaqCandidate, FaqMatchResult } from './faq-types.js';
import type { KbEntry } from './kb-entry.js';
import { AnswerIndex } from './answer-index.js';
import { FaqModel } from './faq-model.js';
import { BLENDED_DECISION_DEFAULTS, MATCHER_DEFAULTS, type MatcherOptions } from './matcher-defaults.js';
import { focusMessage } from './message-focus.js';
import { detectSmallTalk } from './small-talk.js';
import { contentTokens } from './text-normalizer.js';
import { TokenIndex, type TokenScore } from './token-index.js';
import { triageHint, type TriageHint, type TriageHintSource } from './triage-hint.js';
import { TypoCorrector } from './typo-corrector.js';

/** A scored entry, before it is turned into a public candidate. */
export interface Ranked {
  entry: KbEntry;
  confidence: number;
  /** True when only the model put the entry in the ranking: no word matched it and triage did not name it. */
  modelOnly?: boolean;
}

/** Matches user questions against KB entries. Build once per KB version; `match` is synchronous. */
export class FaqMatcher {
  private readonly options: Readonly<MatcherOptions>;
  private readonly entries: readonly KbEntry[];
  private readonly byId: ReadonlyMap<string, KbEntry>;
  private readonly index: TokenIndex;
  private readonly typos: TypoCorrector;
  private readonly answers: AnswerIndex;
  /**
   * One fuse.js instance, its collection set per question to the short fields the re-rank looks
   * at: one search compiles the query's bitap pattern once for all of them (an instance per field
   * compiled it once per field). Scores are per field either way (fuse.js weighs each text by its
   * own length), so they are the same.
   */
  private readonly fuse: Fuse<string>;
  /** Per model class: the entries with that heading (KB order); undefined for "none" and unknown headings. */
  private readonly classEntries: (readonly KbEntry[] | undefined)[] = [];
  /** Per entry id: its heading's model class, or -1 when the model does not know the heading. */
  private readonly entryClass = new Map<string, number>();

  /**
   * `triage` reads an error pasted into the message and names the entry that answers it (the
   * triage core by default; null to match on words alone). `model`: the trained heading model
   * (knowledge/matcher-model.json); null matches on the lexical score alone.
   */
  constructor(entries: readonly KbEntry[], options: Partial<MatcherOptions> = {}, private readonly triage: TriageHintSource | null = triageHint, private readonly model: FaqModel | null = null) {
    this.options = Object.freeze({ ...MATCHER_DEFAULTS, ...(model ? BLENDED_DECISION_DEFAULTS : {}), ...options });
    this.entries = entries;
    this.byId = new Map(entries.map((e) => [e.id, e]));
    if (model) {
      const byHeading = new Map<string, KbEntry[]>();
      for (const e of entries) {
        const list = byHeading.get(e.source.heading);
        if (list) list.push(e);
        else byHeading.set(e.source.heading, [e]);
      }
      model.classes.forEach((c, i) => {
        this.classEntries[i] = i === model.noneIndex ? undefined : byHeading.get(c);
      });
      for (const e of entries) this.entryClass.set(e.id, model.classes.indexOf(e.source.heading));
    }
    this.index = new TokenIndex(entries, {
      ...this.options,
      genericTokens: this.options.genericTokens.flatMap((w) => contentTokens(w)),
      outOfScopeTokens: this.options.outOfScopeTerms.flatMap((w) => contentTokens(w)),
      diagnosticTokens: this.options.diagnosticTerms.flatMap((w) => contentTokens(w)),
    });
    this.typos = new TypoCorrector(this.index.vocabulary());
    this.answers = new AnswerIndex(entries);
    this.fuse = new Fuse<string>([], { includeScore: true, ignoreLocation: true, threshold: this.options.fuseThreshold, shouldSort: false });
  }

  /** Number of entries. */
  get size(): number {
    return this.entries.length;
  }

  /** The entry with this id (full answer, follow-ups, probes, source), or undefined. */
  getEntry(id: string): KbEntry | undefined {
    return this.byId.get(id);
  }

  /** All entries, in KB order. */
  allEntries(): readonly KbEntry[] {
    return this.entries;
  }

  /** Decides what to answer for one user message. */
  match(text: string): FaqMatchResult {
    const smallTalk = detectSmallTalk(text);
    if (smallTalk) return { query: text, kind: 'smalltalk', smallTalk, suggestions: [], probes: [] };
    return this.decide(text, this.rank(text));
  }

  /**
   * The answer / "did you mean" / no-answer decision for a ranking from {@link rank}. `overrides`
   * replace the matcher's thresholds: tuning tools rank each question once and try many.
   */
  decide(text: string, ranked: readonly Ranked[], overrides: Partial<Pick<MatcherOptions, 'answerThreshold' | 'sureThreshold' | 'ambiguityMargin' | 'suggestThreshold' | 'longMessageAnswerDrop' | 'leadThreshold' | 'leadMargin'>> = {}): FaqMatchResult {
    const base = { ...this.options, ...overrides };
    // A long message spreads its evidence over many words, so its best entry scores lower than a
    // short question's would for the same certainty: it is answered from a lower threshold.
    const drop = base.longMessageAnswerDrop > 0 && isLongMessage(text) ? base.longMessageAnswerDrop : 0;
    const o = drop === 0 ? base : { ...base, answerThreshold: base.answerThreshold - drop, sureThreshold: base.sureThreshold - drop };
    const [top, second] = ranked;
    // Nothing plausible: the nearest entries down to half the suggestion threshold, as a hint.
    if (!top || top.confidence < o.suggestThreshold) return { query: text, kind: 'none', suggestions: candidates(ranked.filter((r) => r.confidence >= o.suggestThreshold / 2), o.maxSuggestions), probes: [] };
    const plausible = ranked.filter((r) => r.confidence >= o.suggestThreshold);
    // An entry only the model proposed ("key vault" alone reads as monitoring to it) is offered,
    // never answered: an answer needs at least one word or a recognised error behind it.
    if (top.modelOnly || (top.confidence < o.answerThreshold && !this.clearlyAhead(ranked, o))) return { query: text, kind: 'none', suggestions: candidates(plausible, o.maxSuggestions), probes: [] };
    const close = second !== undefined && top.confidence - second.confidence < o.ambiguityMargin && !related(top.entry, second.entry);
    if (!close || top.confidence >= o.sureThreshold) {
      return { query: text, kind: 'answer', answer: toCandidate(top), suggestions: candidates(plausible.slice(1), o.maxSuggestions, top), probes: [...top.entry.probes] };
    }
    return { query: text, kind: 'ambiguous', suggestions: candidates(plausible, o.maxSuggestions), probes: [] };
  }

  /**
   * The lead rule: below the answer threshold, the top entry is still answered when it is at least
   * `leadThreshold` and ahead of every entry of another section by `leadMargin`. A long real
   * message rarely reaches the absolute threshold, but when one section clearly dominates the
   * others, declining it only makes the user click the same entry from the "did you mean" card.
   */
  private clearlyAhead(ranked: readonly Ranked[], o: Readonly<MatcherOptions>): boolean {
    const [top] = ranked;
    if (!top || o.leadMargin >= 1 || top.confidence < o.leadThreshold) return false;
    const rival = ranked.find((r, i) => i > 0 && !related(top.entry, r.entry));
    return top.confidence - (rival?.confidence ?? 0) >= o.leadMargin;
  }

  /**
   * The best-scoring entries, best first: the `rerankDepth` entries with the highest token score,
   * re-scored with fuse.js (at least `maxSuggestions + 1` of them). Exposed for tests and tools.
   */
  rank(text: string): Ranked[] {
    const o = this.options;
    const focus = focusMessage(text);
    // A topic this FAQ does not cover ("expiry", "purge") named anywhere in the message is
    // evidence against every entry, in every sentence, however well the other words match.
    // Each sentence is tokenised once; the whole message is their tokens together.
    const segmentTokens = new Map<string, string[]>(focus.segments.map((seg) => [seg, contentTokens(seg)]));
    const wholeTokens = focus.segments.length > 0 ? [...segmentTokens.values()].flat() : contentTokens(focus.text);
    const scope = wholeTokens.some((t) => this.index.isOutOfScope(t)) ? o.outOfScopeFactor : 1;
    const merged = this.rankView(wholeTokens, scope, focus.sentences.length === 0);
    // A long message's question often sits in one sentence (an issue title, "is it possible to
    // …?"); scored alone, it is not diluted by the story around it. Damped, so a sentence only
    // wins when it is clearly about one entry.
    for (const sentence of focus.sentences) {
      for (const r of this.rankView(segmentTokens.get(sentence) ?? contentTokens(sentence), scope, false)) {
        const conf = r.confidence * o.sentenceFactor;
        const seen = merged.find((m) => m.entry === r.entry);
        if (!seen) merged.push({ entry: r.entry, confidence: conf });
        else if (conf > seen.confidence) seen.confidence = conf;
      }
    }
    const hint = this.triage?.(text);
    this.steerByTriage(hint, merged);
    // Without sentence views the whole message's tokens are those of its focused text, which is
    // what the model reads; with them they are the sentences' tokens together, which may differ
    // (a phrase across two sentences), so the model tokenises the text itself.
    if (this.model) this.blendModel(text, hint, merged, focus.segments.length === 0 ? wholeTokens : undefined);
    return merged.sort((a, b) => b.confidence - a.confidence || a.entry.id.localeCompare(b.entry.id));
  }

  /**
   * An error pasted into the question steers the entry: when triage recognises it (an
   * access-policy denial, AKV10032, a 429 body), the entry triage answers with gains
   * `triageBonus` (half for a bare status code), and joins the ranking if the words missed it.
   */
  private steerByTriage(hint: TriageHint | undefined, ranked: Ranked[]): void {
    const o = this.options;
    if (!hint?.id) return;
    const entry = this.byId.get(hint.id);
    if (!entry) return;
    const bonus = hint.strong ? o.triageBonus : o.triageBonus / 2;
    const seen = ranked.find((r) => r.entry === entry);
    if (seen) seen.confidence = Math.min(1, seen.confidence + bonus);
    else if (hint.strong) ranked.push({ entry, confidence: Math.min(1, o.suggestThreshold + bonus) });
  }

  /**
   * Blends the trained model's probability of each entry's seed section with the lexical
   * confidence: `(1 - modelWeight) × lexical + modelWeight × P(section)`. The model reads the
   * whole message (real vocabulary the short fields never saw, the error kind triage found); the
   * lexical score picks the entry inside a section and keeps typos and new entries working. A
   * section the model finds likely but the words missed joins the ranking through one entry (the
   * one triage named, else its first), so the user sees it suggested (never answered: see
   * {@link decide}). Entries whose
   * section the model does not know keep their lexical confidence.
   */
  private blendModel(text: string, hint: TriageHint | undefined, ranked: Ranked[], focusTokens: readonly string[] | undefined): void {
    const model = this.model as FaqModel;
    const a = this.options.modelWeight;
    const p = model.predict(text, hint?.kind, focusTokens);
    const seen = new Set<number>();
    for (const r of ranked) {
      const c = this.entryClass.get(r.entry.id) ?? -1;
      if (c < 0) continue;
      seen.add(c);
      r.confidence = (1 - a) * r.confidence + a * (p[c] as number);
    }
    for (let c = 0; c < p.length; c++) {
      const list = this.classEntries[c];
      if (!list || seen.has(c) || (p[c] as number) < this.options.modelJoinFloor) continue;
      const entry = list.find((e) => e.id === hint?.id) ?? (list[0] as KbEntry);
      ranked.push({ entry, confidence: a * (p[c] as number), modelOnly: true });
    }
  }

  /**
   * Token index, then fuse.js and answer-body re-rank, for one view of the message (its content
   * words). `fuzzy`: re-rank with fuse.js; otherwise the best field's cosine stands in for it.
   */
  private rankView(words: readonly string[], scope: number, fuzzy: boolean): Ranked[] {
    const o = this.options;
    // Generic words ("key vault", "azure") never decide a match and sit in nearly every field,
    // so they are left out of scoring altogether (which also keeps large KBs fast).
    const tokens = [...new Set(words.map((t) => (this.index.has(t) || this.index.isOutOfScope(t) ? t : this.typos.correct(t) ?? t)))].filter((t) => !this.index.isGeneric(t));
    if (tokens.length === 0) return [];
    const depth = Math.max(o.rerankDepth, o.maxSuggestions + 1);
    // The head by token score (top-k retrieval: the rating must stay monotone, see EntryRating).
    const n = tokens.length;
    const head = this.index.topK(tokens, depth, (s) => this.rate(s, n), o.minSpecificWeight).map((t) => ({ entryIndex: t.entryIndex, base: t.value, support: this.support(t.score, n), cosine: t.score.fieldCosine }));
    // fuse.js is for typos and word order in short questions; its bitap search grows with the
    // pattern, and a long message has many views, so those use the best field's cosine instead.
    const joined = tokens.join(' ');
    const fuseQuery = fuzzy && tokens.length <= MAX_FUSE_QUERY_TOKENS && joined.length <= MAX_FUSE_QUERY_CHARS ? joined : undefined;
    const similarities = fuseQuery ? this.fuseSimilarities(head.map((s) => s.entryIndex), fuseQuery, new Set(tokens)) : undefined;
    const idfs = tokens.map((t) => this.answers.idf(t));
    return head.map((s, i): Ranked => {
      const similarity = similarities ? (similarities[i] as number) : s.cosine * COSINE_FOR_FUSE;
      const fuse = o.fuseWeight * similarity * s.support;
      const body = o.answerWeight * this.answers.score(s.entryIndex, tokens, idfs) * s.support;
      return { entry: this.entries[s.entryIndex] as KbEntry, confidence: Math.min(1, Math.max(0, (s.base + fuse + body) * scope)) };
    });
  }

  /** How much evidence an entry's matched words are, 0..1, for a view of `queryLength` content words. */
  private support(s: Readonly<TokenScore>, queryLength: number): number {
    const o = this.options;
    // One ordinary word ("write") next to words the entry does not know ("me a haiku") is too
    // little evidence; alone in the question ("is the vault down?") it is the whole question.
    const single = s.specificCount < 2 && !s.diagnostic && s.specificCount < queryLength ? o.singleWordFactor : 1;
    return Math.min(1, Math.sqrt(s.specificWeight / o.fullSupportWeight)) * single;
  }

  /** The token score's rating of an entry (monotone, see EntryRating); undefined below the minimum specific weight. */
  private rate(s: Readonly<TokenScore>, queryLength: number): number | undefined {
    const o = this.options;
    if (s.specificWeight < o.minSpecificWeight) return undefined;
    return (o.coverageWeight * s.coverage + o.fieldWeight * s.fieldCosine) * this.support(s, queryLength) + (s.diagnostic ? o.diagnosticBonus : 0);
  }

  /**
   * fuse.js similarity (0..1) of the query to each entry's best short field, looking only at the
   * `fuseFields` fields that share the most weight with the query: fuse.js costs tens of
   * microseconds per field searched, so the re-rank stays bounded however many alternates an
   * entry has. All the fields go through one search (see {@link fuse}).
   */
  private fuseSimilarities(entryIndexes: readonly number[], query: string, querySet: ReadonlySet<string>): number[] {
    const texts: string[] = [];
    const owner: number[] = [];
    entryIndexes.forEach((entryIndex, i) => {
      for (const f of this.index.topFields(entryIndex, querySet, this.options.fuseFields)) {
        texts.push(this.index.fieldText(f));
        owner.push(i);
      }
    });
    const best = new Array<number>(entryIndexes.length).fill(0);
    if (texts.length === 0) return best;
    this.fuse.setCollection(texts);
    for (const r of this.fuse.search(query)) {
      const i = owner[r.refIndex] as number;
      const similarity = 1 - (r.score as number);
      if (similarity > (best[i] as number)) best[i] = similarity;
    }
    return best;
  }
}

/** Questions with more content words than this skip the fuse.js re-rank (see rankView). */
const MAX_FUSE_QUERY_TOKENS = 8;
/**
 * Nor do questions whose content words are longer than this: fuse.js's bitap works on 32-character
 * pieces of the pattern and searches every field once per piece, so a third piece is a third more
 * time (a 66-character query took 0.9 ms at 13 entries, most of it in fuse.js). Two pieces hold
 * the short questions fuse.js is for; on the 1,523 labelled questions this bound changed no
 * answer, suggestion or confidence shown, only the order of ten unshown candidates.
 */
const MAX_FUSE_QUERY_CHARS = 64;
/** What the best field's cosine counts for in place of fuse.js similarity (which runs lower). */
const COSINE_FOR_FUSE = 0.6;

/** A message of more than this many words is long (see MatcherOptions.longMessageAnswerDrop). */
const LONG_MESSAGE_WORDS = 25;

function isLongMessage(text: string): boolean {
  let words = 0;
  for (const _m of text.matchAll(/\S+/g)) if (++words > LONG_MESSAGE_WORDS) return true;
  return false;
}

/**
 * Two entries close in score are not a "did you mean" conflict when answering the top one still
 * serves the user: they detail the same seed section (401 / 403 / 429 share one heading), or one
 * offers the other as a follow-up button, so the runner-up is one click away from the answer.
 */
function related(a: KbEntry, b: KbEntry): boolean {
  return a.source.heading === b.source.heading || a.followUps.includes(b.id) || b.followUps.includes(a.id);
}

/**
 * Up to `n` suggestions from `list` (best first), one per seed section before any second entry of
 * a section already shown (or answered): 401, 403 and 429 share a section, and three of them in a
 * "did you mean" card would push out the other section the user may have meant. Best first.
 */
export function spreadOverSections(list: readonly Ranked[], n: number, answered?: Ranked): Ranked[] {
  const seen = new Set<string>(answered ? [answered.entry.source.heading] : []);
  const picked = new Set<Ranked>();
  for (const r of list) {
    if (picked.size >= n) break;
    if (seen.has(r.entry.source.heading)) continue;
    seen.add(r.entry.source.heading);
    picked.add(r);
  }
  for (const r of list) {
    if (picked.size >= n) break;
    picked.add(r);
  }
  return list.filter((r) => picked.has(r));
}

/** Suggestions from a ranking: {@link spreadOverSections}, as public candidates. */
function candidates(list: readonly Ranked[], n: number, answered?: Ranked): FaqCandidate[] {
  return spreadOverSections(list, n, answered).map(toCandidate);
}

function toCandidate(r: Ranked): FaqCandidate {
  return { id: r.entry.id, question: r.entry.question, score: Math.round(r.confidence * 1000) / 1000, source: { ...r.entry.source } };
}
