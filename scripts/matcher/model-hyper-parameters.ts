/** The model's training hyper-parameters, chosen by cross-validation (scripts/matcher/cross-validate.ts). */
import type { TrainingOptions } from '../../src/core/knowledge/faq-model-training.js';

/** `wReal`: weight of a labelled real question against one paraphrase or KB alternate (weight 1). */
export const MODEL_HYPER_PARAMETERS: Readonly<Partial<TrainingOptions> & { wReal: number }> = Object.freeze({
  wReal: 1,
  l2: 0.001,
  iterations: 300,
});
