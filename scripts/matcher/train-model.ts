/**
 * Regenerates knowledge/matcher-model.json, the matcher's trained section model, from the KB's own
 * short fields, the paraphrase sets and the seven labelled real sets (../shared/eval/real-dev.jsonl,
 * test/real-world/heldout-questions.jsonl, blind- to blind5-questions.jsonl). dev.jsonl is
 * never training data (it stays a check). Deterministic: the same inputs give the same file.
 * Its honest numbers come from scripts/matcher/cross-validate.ts (models trained without the
 * questions they are scored on); the thresholds in matcher-defaults.ts come from its --final run.
 *
 * Usage: npx tsx scripts/matcher/train-model.ts [--check]   (--check: exit 1 if the file is stale)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { trainFaqModel } from '../../src/core/knowledge/faq-model-training.js';
import {
  MODEL_FILE,
  REAL_SETS,
  headingsOf,
  kbExamples,
  questionExamples,
  readEntries,
  readParaphrases,
  readSet,
} from './model-data.js';
import { MODEL_HYPER_PARAMETERS } from './model-hyper-parameters.js';

async function main(): Promise<void> {
  const entries = await readEntries();
  const paraphrases = readParaphrases();
  const real = REAL_SETS.flatMap(readSet);
  const { wReal, ...training } = MODEL_HYPER_PARAMETERS;
  const examples = [...kbExamples(entries), ...questionExamples(paraphrases), ...questionExamples(real, wReal)];
  const model = trainFaqModel(examples, headingsOf(entries), training);
  model.trainedOn = {
    script: 'scripts/matcher/train-model.ts',
    kbEntries: entries.length,
    paraphrases: paraphrases.length,
    realQuestions: real.length,
    hyperParameters: MODEL_HYPER_PARAMETERS,
  };
  const text = `${JSON.stringify(model, null, 0).replace(/\],"/g, '],\n"')}\n`;
  if (process.argv.includes('--check')) {
    const current = readFileSync(MODEL_FILE, 'utf8');
    if (current !== text) {
      console.error(`${MODEL_FILE} is stale: run npx tsx scripts/matcher/train-model.ts`);
      process.exitCode = 1;
    } else console.log(`${MODEL_FILE} is up to date`);
    return;
  }
  writeFileSync(MODEL_FILE, text);
  console.log(
    `wrote ${MODEL_FILE}: ${model.classes.length} classes, ${Object.keys(model.weights).length} features, from ${examples.length} examples`,
  );
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exitCode = 1;
});
