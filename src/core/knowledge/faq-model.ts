/**
 * A small trained model for the FAQ matcher: multinomial logistic regression from a message's
 * words (stemmed content tokens, their bigrams, and the error kind triage recognises) to the seed
 * section (`###` heading) that answers it, with one extra class for "none of them". It is trained
 * offline (scripts/train-matcher-model.ts) on the KB's own short fields, the paraphrase sets and
 * labelled real questions, and stored as JSON beside the KB (knowledge/matcher-model.json).
 *
 * Why headings and not entries: labelled real questions name the seed section, and sections are
 * what a blind labeller can judge; the lexical score still picks the entry inside a section (401,
 * 403 and 429 share one). Scoring a message costs one map lookup per feature and one pass over the
 * classes: independent of the KB's size.
 */
import type { KbIssue } from './kb-errors.js';
import { focusMessage } from './message-focus.js';
import { contentTokens } from './text-normalizer.js';

/** The class standing for "no entry answers this" in {@link FaqModelData.classes}. */
export const NONE_CLASS = '';

/** The stored model (JSON). */
export interface FaqModelData {
  /** Format version. */
  version: 1;
  /** Class labels: seed headings, and {@link NONE_CLASS} for out-of-domain. */
  classes: string[];
  /** Per class bias. */
  bias: number[];
  /** feature → one weight per class (features whose weights all round to 0 are left out). */
  weights: Record<string, number[]>;
  /** How the model was trained (data counts, hyper-parameters), for people reading the file. */
  trainedOn?: Record<string, unknown>;
}

/** Prefix of the feature naming the kind triage recognised in the message. */
const TRIAGE_FEATURE = '!triage:';
/** At most this many tokens of a message become features (bounds the cost of a pasted log). */
const MAX_MODEL_TOKENS = 400;

/**
 * Features of one message: its content tokens (code and log lines dropped, error lines kept, as
 * the matcher reads it), adjacent-token bigrams, and the triage kind when one was recognised.
 * A set: presence, not counts, so a word a stack trace repeats does not dominate.
 */
export function modelFeatures(text: string, triageKind?: string): string[] {
  return tokenFeatures(contentTokens(focusMessage(text).text), triageKind);
}

/**
 * {@link modelFeatures} from the content tokens of the message's focused text
 * (`contentTokens(focusMessage(text).text)`), for a caller that has them already.
 */
export function tokenFeatures(focusTokens: readonly string[], triageKind?: string): string[] {
  const tokens = focusTokens.length > MAX_MODEL_TOKENS ? focusTokens.slice(0, MAX_MODEL_TOKENS) : focusTokens;
  const out = new Set<string>(tokens);
  for (let i = 1; i < tokens.length; i++) out.add(`${tokens[i - 1] as string}_${tokens[i] as string}`);
  if (triageKind && triageKind !== 'unrecognised') out.add(`${TRIAGE_FEATURE}${triageKind}`);
  return [...out];
}

/**
 * Feature value for a message with `n` features: every present feature gets 1/√n (the vector has
 * unit length), so a long message is not more confident than a short one merely for its length.
 */
export function featureValue(n: number): number {
  return n === 0 ? 0 : 1 / Math.sqrt(n);
}

/**
 * Value of the triage-kind feature, whatever the message's length. Shared 1/√n like the words, an
 * error kind in a 200-word issue was worth a tenth of what it is in a one-line paste, although
 * the error says as much about the section in both. Chosen by leave-one-set-out cross-validation
 * (scripts/matcher/cross-validate.ts): the best-ranked section was right for 79.9 % of the
 * in-domain questions with 1/√n, 81.5 % at 0.3 and 82.1 % at 0.6.
 */
export const TRIAGE_FEATURE_VALUE = 0.6;

/**
 * Values of a message's features, in order: the word features share {@link featureValue} of
 * their count (so the word part of the vector has unit length); the triage kind is worth
 * {@link TRIAGE_FEATURE_VALUE}.
 */
export function featureValues(features: readonly string[]): Float64Array {
  let words = 0;
  for (const f of features) if (!f.startsWith(TRIAGE_FEATURE)) words++;
  const v = featureValue(words);
  return Float64Array.from(features, (f) => (f.startsWith(TRIAGE_FEATURE) ? TRIAGE_FEATURE_VALUE : v));
}

/** A loaded model, ready to score messages. */
export class FaqModel {
  private readonly weights: ReadonlyMap<string, readonly number[]>;
  /** Index of {@link NONE_CLASS} in the classes, -1 when the model has none. */
  readonly noneIndex: number;

  constructor(readonly data: FaqModelData) {
    if (data.version !== 1 || data.classes.length !== data.bias.length) throw new Error('unsupported or malformed FAQ model');
    this.weights = new Map(Object.entries(data.weights));
    this.noneIndex = data.classes.indexOf(NONE_CLASS);
  }

  /** The class labels (seed headings, and '' for none). */
  get classes(): readonly string[] {
    return this.data.classes;
  }

  /** Class probabilities (softmax) for a message's features, in class order. */
  predictFeatures(features: readonly string[]): Float64Array {
    const k = this.data.classes.length;
    const z = Float64Array.from(this.data.bias);
    // Unknown words still count towards the length: they dilute the known ones, as in training.
    const values = featureValues(features);
    features.forEach((f, i) => {
      const w = this.weights.get(f);
      if (!w) return;
      const v = values[i] as number;
      for (let c = 0; c < k; c++) z[c] = (z[c] as number) + v * (w[c] as number);
    });
    return softmax(z);
  }

  /**
   * Class probabilities for a message (see {@link modelFeatures}). `focusTokens`: the content
   * tokens of its focused text when the caller has them (they are not computed again).
   */
  predict(text: string, triageKind?: string, focusTokens?: readonly string[]): Float64Array {
    return this.predictFeatures(focusTokens ? tokenFeatures(focusTokens, triageKind) : modelFeatures(text, triageKind));
  }
}

/** In-place softmax of `z`, returned. */
export function softmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const x of z) if (x > max) max = x;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp((z[c] as number) - max);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) z[c] = (z[c] as number) / sum;
  return z;
}

/**
 * Reads a stored model (the text of `matcher-model.json`) for a KB with these section headings.
 * Never throws: a file that is not a model is a warning and the matcher runs on words alone; a
 * model that knows none of the KB's headings, or misses some, is stale and says how to rebuild it.
 */
export function parseFaqModel(file: string, text: string, headings: readonly string[]): { model?: FaqModelData; issues: KbIssue[] } {
  const warn = (message: string): { issues: KbIssue[] } => ({ issues: [{ file, line: 1, severity: 'warning', message }] });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return warn(`not valid JSON (${(e as Error).message}); matching uses words only`);
  }
  const v = value as Partial<FaqModelData>;
  const numbers = (a: unknown): boolean => Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (typeof value !== 'object' || value === null || v.version !== 1 || !Array.isArray(v.classes) || !v.classes.every((c) => typeof c === 'string') || !numbers(v.bias) || (v.bias as number[]).length !== v.classes.length || typeof v.weights !== 'object' || v.weights === null) {
    return warn('not a matcher model (version 1 with classes, bias and weights); matching uses words only');
  }
  const k = v.classes.length;
  if (!Object.values(v.weights).every((w) => numbers(w) && (w as number[]).length === k)) return warn(`every weight row must hold ${k} numbers; matching uses words only`);
  const model = value as FaqModelData;
  const missing = headings.filter((h) => !model.classes.includes(h));
  if (missing.length === headings.length) return warn('the model knows none of the KB\'s sections; rebuild it (npx tsx scripts/matcher/train-model.ts); matching uses words only');
  const issues: KbIssue[] = missing.length > 0 ? [{ file, line: 1, severity: 'warning', message: `the model does not know ${missing.length} section(s) (${missing.map((h) => `"${h}"`).join(', ')}): their entries are matched on words alone; rebuild it (npx tsx scripts/matcher/train-model.ts)` }] : [];
  return { model, issues };
}
