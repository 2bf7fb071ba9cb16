/**
 * Trains the {@link FaqModel}: weighted multinomial logistic regression with L2 regularisation,
 * full-batch Adam from zero weights. No randomness anywhere, so the same examples in the same order
 * always give the same model (the model file can be regenerated and diffed).
 */
import { featureValues, NONE_CLASS, softmax, type FaqModelData } from './faq-model.js';

/** One training example. */
export interface TrainingExample {
  /** Features (see modelFeatures). */
  features: readonly string[];
  /** Expected classes: seed headings, or none ([] = out of domain). Several share the target evenly. */
  labels: readonly string[];
  /** Example weight (default 1). */
  weight?: number;
}

/** Training hyper-parameters. */
export interface TrainingOptions {
  /** L2 penalty per unit of total example weight. */
  l2: number;
  /** Adam iterations over the whole set. */
  iterations: number;
  /** Adam step size. */
  learningRate: number;
  /** Features seen in fewer examples than this are dropped (noise, and a smaller file). */
  minFeatureCount: number;
  /** Weights whose absolute value is below this (for every class) are left out of the file. */
  pruneBelow: number;
}

/** Defaults of the trainer; the shipped model overrides `l2` and `iterations` (scripts/matcher/model-hyper-parameters.ts, chosen by scripts/matcher/cross-validate.ts). */
export const TRAINING_DEFAULTS: Readonly<TrainingOptions> = Object.freeze({ l2: 0.002, iterations: 300, learningRate: 0.05, minFeatureCount: 2, pruneBelow: 0.005 });

/**
 * Fits the model. `classes` fixes the class order (headings in KB order); {@link NONE_CLASS} is
 * added when absent. Labels that are not classes are ignored (an example with none left is
 * out of domain only if its label list was empty to begin with; otherwise it is skipped).
 */
export function trainFaqModel(examples: readonly TrainingExample[], classes: readonly string[], options: Partial<TrainingOptions> = {}): FaqModelData {
  const o = { ...TRAINING_DEFAULTS, ...options };
  const labels = classes.includes(NONE_CLASS) ? [...classes] : [...classes, NONE_CLASS];
  const k = labels.length;
  const classIndex = new Map(labels.map((c, i) => [c, i]));

  // Feature vocabulary: features present in at least minFeatureCount examples, in first-seen order.
  const count = new Map<string, number>();
  for (const ex of examples) for (const f of ex.features) count.set(f, (count.get(f) ?? 0) + 1);
  const featureIndex = new Map<string, number>();
  for (const [f, n] of count) if (n >= o.minFeatureCount) featureIndex.set(f, featureIndex.size);
  const d = featureIndex.size;

  // Encoded examples: feature ids, value (1/√n over all the example's features), soft target.
  const rows: { ids: Int32Array; values: Float64Array; target: Float64Array; weight: number }[] = [];
  for (const ex of examples) {
    const target = new Float64Array(k);
    const known = ex.labels.filter((l) => classIndex.has(l));
    if (ex.labels.length === 0) target[classIndex.get(NONE_CLASS) as number] = 1;
    else if (known.length === 0) continue;
    else for (const l of known) target[classIndex.get(l) as number] = 1 / known.length;
    // Values over all the example's features (rare ones dropped from the vocabulary still dilute).
    const all = featureValues(ex.features);
    const kept = ex.features.map((f, i) => ({ id: featureIndex.get(f), v: all[i] as number })).filter((x) => x.id !== undefined);
    rows.push({ ids: Int32Array.from(kept, (x) => x.id as number), values: Float64Array.from(kept, (x) => x.v), target, weight: ex.weight ?? 1 });
  }
  const totalWeight = rows.reduce((s, r) => s + r.weight, 0) || 1;

  const w = new Float64Array(d * k);
  const b = new Float64Array(k);
  const gw = new Float64Array(d * k);
  const gb = new Float64Array(k);
  const mw = new Float64Array(d * k);
  const vw = new Float64Array(d * k);
  const mb = new Float64Array(k);
  const vb = new Float64Array(k);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  const z = new Float64Array(k);
  for (let it = 1; it <= o.iterations; it++) {
    gw.fill(0);
    gb.fill(0);
    for (const r of rows) {
      for (let c = 0; c < k; c++) z[c] = b[c] as number;
      for (let n = 0; n < r.ids.length; n++) {
        const j = r.ids[n] as number;
        const v = r.values[n] as number;
        for (let c = 0; c < k; c++) z[c] = (z[c] as number) + v * (w[j * k + c] as number);
      }
      softmax(z);
      const scale = r.weight / totalWeight;
      for (let c = 0; c < k; c++) {
        const g = ((z[c] as number) - (r.target[c] as number)) * scale;
        gb[c] = (gb[c] as number) + g;
        for (let n = 0; n < r.ids.length; n++) {
          const j = r.ids[n] as number;
          gw[j * k + c] = (gw[j * k + c] as number) + g * (r.values[n] as number);
        }
      }
    }
    for (let i = 0; i < w.length; i++) gw[i] = (gw[i] as number) + o.l2 * (w[i] as number);
    const c1 = 1 - beta1 ** it;
    const c2 = 1 - beta2 ** it;
    adam(w, gw, mw, vw, o.learningRate, beta1, beta2, eps, c1, c2);
    adam(b, gb, mb, vb, o.learningRate, beta1, beta2, eps, c1, c2);
  }

  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const weights: Record<string, number[]> = {};
  for (const [f, j] of featureIndex) {
    const row = Array.from(w.subarray(j * k, j * k + k), round);
    if (row.some((x) => Math.abs(x) >= o.pruneBelow)) weights[f] = row;
  }
  return { version: 1, classes: labels, bias: Array.from(b, round), weights };
}

function adam(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, beta1: number, beta2: number, eps: number, c1: number, c2: number): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] as number;
    m[i] = beta1 * (m[i] as number) + (1 - beta1) * gi;
    v[i] = beta2 * (v[i] as number) + (1 - beta2) * gi * gi;
    p[i] = (p[i] as number) - (lr * ((m[i] as number) / c1)) / (Math.sqrt((v[i] as number) / c2) + eps);
  }
}
