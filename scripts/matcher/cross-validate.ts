/**
 * Honest numbers for the matcher's trained model and its decision thresholds. Everything fitted
 * (the model's weights, the blend weight, the answer threshold, the "did you mean" margin, the
 * suggestion threshold) is fitted on some real questions and scored on others. Two schemes:
 *
 * - **Leave one set out** (the guide): the four real sets (real-dev, held-out, blind, blind2) were
 *   collected and labelled by different people in different rounds, and a labeller routes
 *   differently from another. Training on three sets and scoring the fourth, all four ways,
 *   simulates the next new labeller; inside the three training sets the thresholds are chosen by
 *   the same scheme (train on two, score the third, all three ways).
 * - **5-fold by source URL** over the union of the four sets (inner 5-fold by URL for the
 *   thresholds). Every labeller is in every training fold, so this one overstates: the last
 *   round's k-fold said 73.9 % top-1 where a new labeller's set gave 43.1 %.
 *
 * Thresholds are always chosen on out-of-fold scores, never on the scores of a model that has seen
 * the same questions (over-confident). The KB's own fields and the paraphrase sets are always
 * training data; dev.jsonl never is (it is a check: top-1 ≥ 0.95 and rejection ≥ 0.90 constrain
 * the choice).
 *
 * Usage: npx tsx scripts/matcher/cross-validate.ts [--mode loso|kfold|both] [--final | --final-only]
 *          [--wReal 1] [--l2 0.001] [--iterations 300] [--minRejected 0.9]
 * --final also prints the thresholds chosen on all four sets (inner leave-one-set-out): what
 * BLENDED_DECISION_DEFAULTS in matcher-defaults.ts holds.
 */
import { FaqMatcher, type Ranked } from '../../src/core/knowledge/faq-matcher.js';
import { FaqModel } from '../../src/core/knowledge/faq-model.js';
import {
  TRAINING_DEFAULTS,
  trainFaqModel,
  type TrainingExample,
  type TrainingOptions,
} from '../../src/core/knowledge/faq-model-training.js';
import { ENTRIES_SHOWN } from '../../src/core/knowledge/faq-eval.js';
import type { KbEntry } from '../../src/core/knowledge/kb-entry.js';
import { BLENDED_DECISION_DEFAULTS, type MatcherOptions } from '../../src/core/knowledge/matcher-defaults.js';
import { triageHint } from '../../src/core/knowledge/triage-hint.js';
import {
  DEV,
  REAL_SETS,
  headingsOf,
  kbExamples,
  questionExamples,
  readEntries,
  readParaphrases,
  readSet,
  type LabelledQuestion,
} from './model-data.js';
import { MODEL_HYPER_PARAMETERS } from './model-hyper-parameters.js';

/** Training knobs not in TrainingOptions: how much a real question weighs against a paraphrase. */
export interface Hyper extends Partial<TrainingOptions> {
  wReal: number;
}

/** The decision knobs chosen here (BLENDED_DECISION_DEFAULTS). */
export type Decision = Pick<
  MatcherOptions,
  | 'modelWeight'
  | 'answerThreshold'
  | 'sureThreshold'
  | 'ambiguityMargin'
  | 'suggestThreshold'
  | 'longMessageAnswerDrop'
  | 'leadThreshold'
  | 'leadMargin'
>;

/** What happened to one labelled question under one decision. */
export interface Outcome {
  inDomain: boolean;
  top1: boolean;
  top3: boolean;
  rejected: boolean;
}

/** Fractions over a list of outcomes. */
export interface Metrics {
  inDomain: number;
  outOfDomain: number;
  top1: number;
  top3: number;
  rejected: number;
}

/** Up to 0.9: with four real sets the model carries more of the decision (0.7, the old cap, was always chosen). */
const MODEL_WEIGHTS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const ANSWER_THRESHOLDS = Array.from({ length: 17 }, (_v, i) => Math.round((0.2 + i * 0.025) * 1000) / 1000);
const MARGINS = [0, 0.04];
/** 0.03 since session 9 (the sharper model's runners-up score lower; see BLENDED_DECISION_DEFAULTS). */
const SUGGEST = [0.03, 0.08, 0.15];
const LONG_DROPS = [0, 0.05, 0.1];
/** Lead rule (see MatcherOptions.leadMargin): off (1), or these margins over the runner-up's section. */
const LEAD_MARGINS = [1, 0.1, 0.15, 0.2];
const LEAD_THRESHOLDS = [0.2, 0.25, 0.3];
/** Rejection the choice must keep on out-of-fold questions (--minRejected; the target is 0.90). */
const MIN_REJECTED = arg('minRejected', 0.9);

/** Top-1, answer + suggestions and rejection over outcomes. */
export function metricsOf(outcomes: readonly Outcome[]): Metrics {
  const ind = outcomes.filter((o) => o.inDomain);
  const ood = outcomes.filter((o) => !o.inDomain);
  const frac = (n: number, d: number): number => (d === 0 ? 0 : n / d);
  return {
    inDomain: ind.length,
    outOfDomain: ood.length,
    top1: frac(ind.filter((o) => o.top1).length, ind.length),
    top3: frac(ind.filter((o) => o.top3).length, ind.length),
    rejected: frac(ood.filter((o) => o.rejected).length, ood.length),
  };
}

/** Scored like `kvbot eval`: an answer under ANY expected heading is a top-1 hit. */
function outcomeOf(
  matcher: FaqMatcher,
  row: LabelledQuestion,
  ranked: readonly Ranked[],
  d: Partial<Decision>,
): Outcome {
  const r = matcher.decide(row.q, ranked, d);
  const answer = r.kind === 'answer' ? r.answer : undefined;
  const shown = [...(answer ? [answer] : []), ...r.suggestions].slice(0, ENTRIES_SHOWN);
  const inDomain = row.expect.length > 0;
  return {
    inDomain,
    top1: inDomain && answer !== undefined && row.expect.includes(answer.source.heading),
    top3: inDomain && shown.some((s) => row.expect.includes(s.source.heading)),
    rejected: !inDomain && answer === undefined,
  };
}

/** Every decision in the grid. */
function* decisions(): Generator<Decision> {
  for (const modelWeight of MODEL_WEIGHTS)
    for (const answerThreshold of ANSWER_THRESHOLDS)
      for (const ambiguityMargin of MARGINS)
        for (const suggestThreshold of SUGGEST)
          for (const longMessageAnswerDrop of LONG_DROPS)
            for (const leadMargin of LEAD_MARGINS)
              for (const leadThreshold of leadMargin >= 1 ? [1] : LEAD_THRESHOLDS) {
                if (leadMargin < 1 && leadThreshold >= answerThreshold) continue;
                yield {
                  modelWeight,
                  answerThreshold,
                  sureThreshold: answerThreshold + 0.2,
                  ambiguityMargin,
                  suggestThreshold,
                  longMessageAnswerDrop,
                  leadThreshold,
                  leadMargin,
                };
              }
}

/** Outcomes of `rows` under every grid decision, keyed by the decision's JSON (each row ranked once per weight). */
function gridOutcomes(
  entries: readonly KbEntry[],
  model: FaqModel | null,
  rows: readonly LabelledQuestion[],
): Map<string, Outcome[]> {
  const out = new Map<string, Outcome[]>();
  const byWeight = new Map<number, { matcher: FaqMatcher; ranked: Ranked[][] }>();
  for (const w of MODEL_WEIGHTS) {
    const matcher = new FaqMatcher(entries, { modelWeight: w }, triageHint, model);
    byWeight.set(w, { matcher, ranked: rows.map((r) => matcher.rank(r.q)) });
  }
  for (const d of decisions()) {
    const { matcher, ranked } = byWeight.get(d.modelWeight) as { matcher: FaqMatcher; ranked: Ranked[][] };
    out.set(
      JSON.stringify(d),
      rows.map((r, i) => outcomeOf(matcher, r, ranked[i] as Ranked[], d)),
    );
  }
  return out;
}

/** Deterministic folds: source URLs (a question without one is its own group) hashed into k buckets. */
export function foldsByUrl(rows: readonly LabelledQuestion[], k: number): LabelledQuestion[][] {
  const folds: LabelledQuestion[][] = Array.from({ length: k }, () => []);
  for (const r of rows) {
    const key = r.url ?? r.q;
    let h = 2166136261;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
    (folds[h % k] as LabelledQuestion[]).push(r);
  }
  return folds;
}

/** One fold per real set (in first-seen order). */
export function foldsBySet(rows: readonly LabelledQuestion[]): LabelledQuestion[][] {
  const bySet = new Map<string, LabelledQuestion[]>();
  for (const r of rows) bySet.set(r.set, [...(bySet.get(r.set) ?? []), r]);
  return [...bySet.values()];
}

type Split = 'loso' | 'kfold';

/** Folds for choosing thresholds inside a training set: by set when it holds two or more sets. */
function innerFolds(rows: readonly LabelledQuestion[], split: Split): LabelledQuestion[][] {
  const bySet = foldsBySet(rows);
  return split === 'loso' && bySet.length >= 2 ? bySet : foldsByUrl(rows, 5);
}

function train(
  entries: readonly KbEntry[],
  base: readonly TrainingExample[],
  reals: readonly LabelledQuestion[],
  h: Hyper,
): FaqModel {
  return new FaqModel(trainFaqModel([...base, ...questionExamples(reals, h.wReal)], headingsOf(entries), h));
}

/** Picks the decision with the best out-of-fold numbers on `rows` (inner split), subject to dev.jsonl. */
function tune(
  entries: readonly KbEntry[],
  base: readonly TrainingExample[],
  rows: readonly LabelledQuestion[],
  dev: readonly LabelledQuestion[],
  h: Hyper,
  split: Split,
): { decision: Decision; model: FaqModel; oof: Metrics } {
  const pooled = new Map<string, Outcome[]>();
  const folds = innerFolds(rows, split);
  folds.forEach((fold, i) => {
    const model = train(entries, base, folds.filter((_f, j) => j !== i).flat(), h);
    for (const [key, outcomes] of gridOutcomes(entries, model, fold))
      pooled.set(key, [...(pooled.get(key) ?? []), ...outcomes]);
  });
  const model = train(entries, base, rows, h);
  const devGrid = gridOutcomes(entries, model, dev);
  let best: { value: number; key: string; m: Metrics } | undefined;
  for (const [key, outcomes] of pooled) {
    const m = metricsOf(outcomes);
    const devM = metricsOf(devGrid.get(key) as Outcome[]);
    const feasible = m.rejected >= MIN_REJECTED && devM.top1 >= 0.95 && devM.rejected >= 0.9;
    const d = JSON.parse(key) as Decision;
    // Feasible choices beat infeasible ones; then top-1, then what the user sees; a higher
    // suggestion threshold (fewer stray suggestions) and the lead rule off break ties.
    const value =
      (feasible ? 10 : 0) +
      m.top1 +
      0.5 * m.top3 +
      (feasible ? 0 : m.rejected) +
      d.suggestThreshold * 1e-3 +
      (d.leadMargin >= 1 ? 1e-4 : 0);
    if (!best || value > best.value) best = { value, key, m };
  }
  const chosen = best as { value: number; key: string; m: Metrics };
  return { decision: JSON.parse(chosen.key) as Decision, model, oof: chosen.m };
}

/** Fits on `trainRows`, scores `testRows`. */
function fitAndScore(
  entries: readonly KbEntry[],
  base: readonly TrainingExample[],
  trainRows: readonly LabelledQuestion[],
  testRows: readonly LabelledQuestion[],
  dev: readonly LabelledQuestion[],
  h: Hyper,
  split: Split,
): { outcomes: Outcome[]; decision: Decision; dev: Metrics; model: FaqModel } {
  const { decision, model } = tune(entries, base, trainRows, dev, h, split);
  const matcher = new FaqMatcher(entries, decision, triageHint, model);
  const score = (rows: readonly LabelledQuestion[]): Outcome[] =>
    rows.map((r) => outcomeOf(matcher, r, matcher.rank(r.q), decision));
  return { outcomes: score(testRows), decision, dev: metricsOf(score(dev)), model };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const line = (m: Metrics): string =>
  `top-1 ${pct(m.top1)}  answer+suggestions ${pct(m.top3)}  rejected ${pct(m.rejected)}  (${m.inDomain} in, ${m.outOfDomain} out)`;
const brief = (d: Partial<Decision>): string => JSON.stringify(d).replace(/"/g, '');

/** Each `--decision '<json>'` on the command line (partial decisions; missing fields take the shipped ones). */
function fixedDecisions(): Partial<Decision>[] {
  return process.argv.flatMap((a, i) =>
    a === '--decision' ? [JSON.parse(process.argv[i + 1] as string) as Partial<Decision>] : [],
  );
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function mode(): string {
  const i = process.argv.indexOf('--mode');
  return i >= 0 ? (process.argv[i + 1] as string) : 'both';
}

async function main(): Promise<void> {
  const h: Hyper = {
    wReal: arg('wReal', MODEL_HYPER_PARAMETERS.wReal),
    l2: arg('l2', MODEL_HYPER_PARAMETERS.l2 ?? TRAINING_DEFAULTS.l2),
    iterations: arg('iterations', MODEL_HYPER_PARAMETERS.iterations ?? TRAINING_DEFAULTS.iterations),
  };
  const entries = await readEntries();
  const base = [...kbExamples(entries), ...questionExamples(readParaphrases())];
  const sets = REAL_SETS.map(readSet);
  const union = sets.flat();
  const dev = readSet(DEV);
  console.log(`hyper-parameters ${JSON.stringify(h)}, minimum out-of-fold rejection ${MIN_REJECTED}`);
  if (process.argv.includes('--final-only')) {
    const f = tune(entries, base, union, dev, h, 'loso');
    console.log(
      `final (all real sets, inner leave-one-set-out): out-of-fold ${line(f.oof)}\n  chosen ${brief(f.decision)}`,
    );
    return;
  }

  const lexical = new FaqMatcher(entries);
  for (const s of sets) {
    const m = metricsOf(s.map((r) => outcomeOf(lexical, r, lexical.rank(r.q), {})));
    console.log(`lexical only (no model, current defaults) ${(s[0] as LabelledQuestion).set.padEnd(18)} ${line(m)}`);
  }

  if (mode() !== 'kfold') {
    const all: Outcome[] = [];
    // Threshold-free view of the same held-out scores, to compare models and features without the
    // noise of the threshold choice: how often the best-ranked entry's section is right, and the
    // best top-1 any one grid decision reaches on all the held-out sets at ≥ 0.90 rejection
    // (an oracle choice: comparable between variants, not a number to report as achieved).
    const oracle = new Map<string, Outcome[]>();
    // Fixed decisions scored on the same held-out ranks: the shipped thresholds and any given with
    // `--decision '<json>'` (a person picks the shipped ones; this says what they give on unseen sets).
    const fixed: Partial<Decision>[] = [
      BLENDED_DECISION_DEFAULTS,
      ...fixedDecisions().map((d) => ({ ...BLENDED_DECISION_DEFAULTS, ...d })),
    ];
    const fixedOutcomes = fixed.map((): Outcome[] => []);
    let rank1 = 0;
    sets.forEach((test, i) => {
      const trainRows = sets.filter((_s, j) => j !== i).flat();
      const r = fitAndScore(entries, base, trainRows, test, dev, h, 'loso');
      all.push(...r.outcomes);
      const model = r.model; // trained on exactly trainRows by fitAndScore
      for (const [key, outcomes] of gridOutcomes(entries, model, test))
        oracle.set(key, [...(oracle.get(key) ?? []), ...outcomes]);
      // Ranks depend only on the blend weight: rank the fold once per weight, decide per decision.
      const byWeight = new Map<number | undefined, { m: FaqMatcher; ranked: Ranked[][] }>();
      fixed.forEach((d, k) => {
        let w = byWeight.get(d.modelWeight);
        if (!w) {
          const m = new FaqMatcher(entries, { modelWeight: d.modelWeight }, triageHint, model);
          w = { m, ranked: test.map((row) => m.rank(row.q)) };
          byWeight.set(d.modelWeight, w);
        }
        const { m, ranked } = w;
        fixedOutcomes[k]?.push(...test.map((row, n) => outcomeOf(m, row, ranked[n] as Ranked[], d)));
      });
      const ranker = new FaqMatcher(entries, { modelWeight: r.decision.modelWeight }, triageHint, model);
      rank1 += test.filter(
        (row) => row.expect.length > 0 && row.expect.includes(ranker.rank(row.q)[0]?.entry.source.heading ?? ''),
      ).length;
      console.log(
        `leave out ${(test[0] as LabelledQuestion).set.padEnd(18)} ${line(metricsOf(r.outcomes))}   dev.jsonl top-1 ${pct(r.dev.top1)} rejected ${pct(r.dev.rejected)}\n  chosen ${brief(r.decision)}`,
      );
    });
    console.log(`leave-one-set-out, pooled:           ${line(metricsOf(all))}`);
    fixed.forEach((d, k) =>
      console.log(`  fixed ${k === 0 ? 'shipped ' : ''}${brief(d)}: ${line(metricsOf(fixedOutcomes[k] ?? []))}`),
    );
    let bestOracle: Metrics | undefined;
    for (const outcomes of oracle.values()) {
      const m = metricsOf(outcomes);
      if (m.rejected >= 0.9 && (!bestOracle || m.top1 + 0.5 * m.top3 > bestOracle.top1 + 0.5 * bestOracle.top3))
        bestOracle = m;
    }
    const inDomain = all.filter((o) => o.inDomain).length;
    console.log(
      `  threshold-free: best-ranked section right ${pct(rank1 / inDomain)}; oracle decision at ≥ 90 % rejection: ${bestOracle ? line(bestOracle) : 'none'}`,
    );
  }

  if (mode() !== 'loso') {
    const folds = foldsByUrl(union, 5);
    const oof: Outcome[] = [];
    const perSet = new Map<string, Outcome[]>();
    folds.forEach((fold, i) => {
      const r = fitAndScore(entries, base, folds.filter((_f, j) => j !== i).flat(), fold, dev, h, 'kfold');
      oof.push(...r.outcomes);
      fold.forEach((row, n) => perSet.set(row.set, [...(perSet.get(row.set) ?? []), r.outcomes[n] as Outcome]));
      console.log(`  fold ${i + 1}: ${line(metricsOf(r.outcomes))}  chosen ${brief(r.decision)}`);
    });
    console.log(`5-fold by URL over all real sets (out-of-fold): ${line(metricsOf(oof))}`);
    for (const [set, outcomes] of perSet) console.log(`   of which ${set.padEnd(18)} ${line(metricsOf(outcomes))}`);
  }

  if (process.argv.includes('--final')) {
    const f = tune(entries, base, union, dev, h, 'loso');
    console.log(
      `final (all real sets, inner leave-one-set-out): out-of-fold ${line(f.oof)}\n  chosen ${brief(f.decision)}`,
    );
  }
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exitCode = 1;
});
