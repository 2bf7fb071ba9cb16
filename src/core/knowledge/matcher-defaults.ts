/**
 * Every tunable of the FAQ matcher, frozen in one place. Values were set on the development sets
 * (../shared/eval/dev.jsonl, paraphrases; ../shared/eval/real-dev.jsonl, real questions from public
 * threads) and checked against the paraphrase sets in test/knowledge/paraphrases (Teams-style
 * fragments, typos, pasted ids, long wordy questions). Change them only with all the numbers in hand
 * (`npx tsx test/knowledge/eval-all.ts --misses` prints every set at once; maximise the worst
 * set's top-1 with every set's rejection ≥ 95 %), and `npx tsx bench/matcher.ts` for
 * fuseFields / rerankDepth, which bound the fuse.js cost per question.
 */

/** Matcher options; see {@link MATCHER_DEFAULTS} for meanings and values. */
export interface MatcherOptions {
  /** Weight of query coverage (share of the query's informative words the entry knows). */
  coverageWeight: number;
  /** Weight of the best single short field's cosine similarity to the query. */
  fieldWeight: number;
  /** Weight of fuse.js similarity of the best short field (typos, word order). */
  fuseWeight: number;
  /** fuse.js `threshold` for the per-entry short-field search. */
  fuseThreshold: number;
  /** Per re-ranked entry, how many of its short fields (most token overlap first) fuse.js searches. */
  fuseFields: number;
  /** How many top token-scored entries are re-scored with fuse.js. */
  rerankDepth: number;
  /**
   * Weight of a query word the KB has never seen. Under half weight: real questions carry context words
   * the KB cannot know ("for the quarterly review", "during a load test"); out-of-domain topics are
   * caught by generic-word damping, the out-of-scope terms and the minimum specific weight instead.
   */
  unknownWordWeight: number;
  /** Coverage credit (0..1) for a word that appears in only one alternate of an entry. */
  incidentalWordCredit: number;
  /** Weight of Key Vault–generic words ("key vault", "azure"): they alone never make a match. */
  genericWordWeight: number;
  /** Generic words (plain words; the matcher normalises and stems them like queries). */
  genericTokens: readonly string[];
  /**
   * Words naming topics outside this FAQ (Key Vault features it does not cover, helpdesk things;
   * plain words, normalised like queries). When the KB does not use one, it weighs
   * `outOfScopeWordWeight` instead of `unknownWordWeight`: "recover a deleted secret" shares
   * "secret" with the KB, but its topic word says the FAQ cannot answer it.
   */
  outOfScopeTerms: readonly string[];
  /** Weight of an out-of-scope word the KB does not use (see outOfScopeTerms). */
  outOfScopeWordWeight: number;
  /** Minimum summed weight of matched non-generic words for an entry to be a candidate. */
  minSpecificWeight: number;
  /**
   * Matched non-generic weight at which evidence counts as complete; below it the confidence is
   * scaled by sqrt(weight / this), so one incidental or widely shared word cannot carry a match.
   */
  fullSupportWeight: number;
  /**
   * Words that alone name one entry's topic (status codes, their reason phrases, SDK credential
   * classes and sign-in errors; plain words, normalised like queries). An entry matched on one of
   * them (centrally) gets `diagnosticBonus`; an entry matched on a single non-generic word that is
   * not one of them has its evidence scaled by `singleWordFactor`.
   */
  diagnosticTerms: readonly string[];
  /** Confidence added when the entry matched a diagnostic term: "HTTP 403 … REST API" is a 403 question whatever else it says. */
  diagnosticBonus: number;
  /**
   * Support factor for an entry matched on one ordinary word only ("write me a haiku" must not
   * answer the 403 entry, "terraform example" not the redeploy entry) while the question has other
   * words the entry does not know. Not applied when that word is a diagnostic term.
   */
  singleWordFactor: number;
  /** Confidence factor for every entry when the message names an out-of-scope topic no entry covers. */
  outOfScopeFactor: number;
  /** Weight of the answer-body BM25 score (0..1) of a candidate entry. */
  answerWeight: number;
  /** A sentence of a longer message scored alone counts this much of its confidence. */
  sentenceFactor: number;
  /** Confidence added to the entry triage names for an error recognised in the message (half for a bare status code). */
  triageBonus: number;
  /**
   * Share of the trained model (knowledge/matcher-model.json) in an entry's confidence: its
   * probability of the entry's seed section, blended with the lexical confidence (no effect
   * without a model).
   */
  modelWeight: number;
  /** A section the model gives at least this probability joins the ranking even if no word matched it. */
  modelJoinFloor: number;
  /** Confidence at or above which the top entry is answered (if the margin allows). */
  answerThreshold: number;
  /**
   * Lead rule: a top entry under `answerThreshold` but at least `leadThreshold` is answered when it
   * leads every entry of another section by `leadMargin` or more (1 turns the rule off).
   */
  leadThreshold: number;
  /** See leadThreshold. */
  leadMargin: number;
  /** For a long message (over 25 words), the answer and sure thresholds are this much lower. */
  longMessageAnswerDrop: number;
  /** Confidence at or above which the top entry is answered even if a runner-up is close. */
  sureThreshold: number;
  /** "Did you mean" margin: runner-up within this of the top makes the result ambiguous. */
  ambiguityMargin: number;
  /** Entries at or above this confidence are offered as suggestions. */
  suggestThreshold: number;
  /** Maximum suggestions. */
  maxSuggestions: number;
}

/** The defaults. */
export const MATCHER_DEFAULTS: Readonly<MatcherOptions> = Object.freeze({
  coverageWeight: 0.5,
  fieldWeight: 0.35,
  fuseWeight: 0.15,
  fuseThreshold: 0.6,
  fuseFields: 2,
  rerankDepth: 4,
  unknownWordWeight: 0.4,
  incidentalWordCredit: 0.5,
  genericWordWeight: 0.1,
  genericTokens: Object.freeze(['key vault', 'azure', 'microsoft', 'cloud', 'resource', 'issue', 'problem', 'error', 'question', 'status', 'code', 'http', 'message', 'response', 'request']),
  outOfScopeTerms: Object.freeze([
    'softdelete', 'backup', 'pricing', 'hsm', 'rotation', 'versions', 'expiry', 'privateendpoint', 'createvault', 'movevault', 'certrenewal', 'sizelimit', 'syntax', 'ssh', 'difference', 'differences',
    'msteams', 'hardware', 'passwordreset', 'vpn', 'outlook', 'email', 'wifi', 'onedrive', 'sharepoint', 'excel', 'kubectl', 'payroll', 'vacation', 'holiday',
    'lunch', 'weather', 'football', 'joke', 'meeting', 'calendar', 'timesheet', 'expense', 'invoice', 'translate',
  ]),
  outOfScopeWordWeight: 2,
  minSpecificWeight: 0.45,
  fullSupportWeight: 1.2,
  diagnosticTerms: Object.freeze(['403', '401', '429', 'throttling', 'defaultazurecredential', 'credentialunavailableerror', 'something went wrong', 'error codes']),
  diagnosticBonus: 0.08,
  singleWordFactor: 0.75,
  outOfScopeFactor: 0.7,
  answerWeight: 0.05,
  sentenceFactor: 0.9,
  triageBonus: 0.25,
  modelWeight: 0.5,
  modelJoinFloor: 0.05,
  answerThreshold: 0.48,
  leadThreshold: 1,
  leadMargin: 1,
  longMessageAnswerDrop: 0,
  sureThreshold: 0.72,
  ambiguityMargin: 0.06,
  suggestThreshold: 0.3,
  maxSuggestions: 3,
});

/**
 * Decision thresholds for a matcher with a trained model: the blended confidence runs on another
 * scale than the lexical one (a long real message rarely gets a high probability from the model),
 * so they replace the lexical ones whenever a model is given, unless the caller sets them. Chosen
 * by `npx tsx scripts/matcher/cross-validate.ts --final`: on held-out scores of the real sets, each
 * scored by a model trained on the others (leave one set out, the way a new labeller's set would be
 * met), the best top-1 with out-of-domain rejection ≥ 0.90 and dev.jsonl top-1 ≥ 0.95. There
 * (issue 8 round 5, four sets, model l2 0.0003): top-1 54.9 %, answer + suggestions 96.3 %,
 * rejected 90.4 % (246 in-domain, 167 out-of-domain real questions). With blind3 as a fifth set
 * (session 5) the same scheme chose modelWeight 0.7 / answer 0.425 / sure 0.625 (out of fold
 * 44.2 % / 93.7 % / 90.1 % over 301 + 212), which declines questions the behaviour tests expect
 * answered ("EnvironmentCredential is unavailable, key vault calls fail"); these were kept. With
 * blind5 as a seventh set (session 7) it chose modelWeight 0.9 / answer 0.4 / sure 0.6 (out of fold
 * 41.0 % / 93.5 % / 90.3 % over 371 + 269; leave-one-set-out, whose folds mostly chose 0.9 / 0.375 /
 * 0.575, gave 41.5 % / 93.8 % / 88.8 %), which declines "VaultRequestTypeLimitReached" and two more short, clear
 * questions the behaviour tests expect answered; these were kept again. With blind6 as an eighth
 * set and the model's real questions weighted 3 at l2 0.00003 (session 9, scripts/matcher/
 * model-hyper-parameters.ts) it chose modelWeight 0.9 / answer 0.475 / sure 0.675 (out of fold
 * 52.1 % / 92.2 % / 90.6 % over 397 + 288). These are shipped: the model is sharper, and the old
 * thresholds would answer too many off-topic questions (leave-one-set-out with them fixed: 62.7 % /
 * 93.2 % / 81.9 % rejected). One behaviour-test question, "grant list permission on certificates to
 * our devops group", is now declined with its entry offered first (test/knowledge/faq-matcher.test.ts).
 * The suggestion threshold went from 0.08 (the lowest the grid then held) to 0.03 at the same time:
 * the sharper model leaves the right entry of a declined question under 0.08 more often, and on
 * the same held-out scores 0.05 / 0.03 / 0.02 / 0.01 give answer + suggestions 93.7 / 94.5 / 94.5 /
 * 94.5 % against 92.2 %, with top-1 and rejection unchanged (only what is offered changes).
 * With blind7 as a ninth set (session 10, same hyper-parameters) the scheme chose modelWeight 0.8 /
 * answer 0.45 / sure 0.65 / no long-message drop (out of fold 50.5 % / 93.8 % / 90.8 % over 420 + 306);
 * these thresholds, held fixed on the same held-out scores, give 50.0 % / 94.0 % / 91.2 %: a question or
 * two apart, so they stayed. With blind8 as a tenth set (same session) the scheme chose exactly those
 * (out of fold 51.3 % / 93.9 % / 90.2 % over 446 + 327). With blind9 as an eleventh set it chose
 * modelWeight 0.9 / answer 0.45 / sure 0.65 / no long-message drop (out of fold 50.1 % / 94.9 % / 90.5 %
 * over 471 + 347), and session 9's thresholds held fixed fell under the rejection target (50.7 % / 94.9 %
 * / 89.0 %), so these are shipped: a short question is answered from 0.45 instead of 0.475, a long
 * message from 0.45 instead of 0.425.
 * With blind10 and blind11 as a twelfth and thirteenth set (session 11) it chose modelWeight 0.9 / answer
 * 0.425 / sure 0.625 (out of fold 51.2 % / 94.8 % / 90.9 % over 484 + 375); session 10's thresholds held
 * fixed on the same held-out scores give 48.6 % / 94.8 % / 91.7 %, so these are shipped: 2.6 points of
 * top-1 for 0.8 of rejection, still over 0.90. The behaviour tests pass unchanged, and 59 authored
 * off-topic Key Vault questions are rejected as before (55).
 * The lead rule (answer below the threshold when one section is clearly ahead) was in the grid and is off.
 */
export const BLENDED_DECISION_DEFAULTS: Readonly<Pick<MatcherOptions, 'modelWeight' | 'answerThreshold' | 'sureThreshold' | 'ambiguityMargin' | 'suggestThreshold' | 'longMessageAnswerDrop' | 'leadThreshold' | 'leadMargin'>> = Object.freeze({
  modelWeight: 0.9,
  answerThreshold: 0.425,
  sureThreshold: 0.625,
  ambiguityMargin: 0,
  suggestThreshold: 0.03,
  longMessageAnswerDrop: 0,
  leadThreshold: 1,
  leadMargin: 1,
});
