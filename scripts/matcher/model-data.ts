/**
 * The training and evaluation data of the matcher's model, read from disk: the KB's short fields,
 * the paraphrase sets (test/knowledge/paraphrases), and the labelled real questions
 * (../shared/eval/real-dev.jsonl, test/real-world/heldout-questions.jsonl,
 * test/real-world/blind-questions.jsonl, blind2- to blind13-, blind15- and blind16-questions.jsonl (round 14 collected pastes only), each line
 * with its source URL). Shared by scripts/matcher/train-model.ts and scripts/matcher/cross-validate.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readKnowledgeDirectory } from '../../src/adapters/knowledge/kb-directory.js';
import { modelFeatures } from '../../src/core/knowledge/faq-model.js';
import type { TrainingExample } from '../../src/core/knowledge/faq-model-training.js';
import type { KbEntry } from '../../src/core/knowledge/kb-entry.js';
import { triageHint } from '../../src/core/knowledge/triage-hint.js';

export const ROOT = path.resolve(__dirname, '..', '..');
export const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');
export const MODEL_FILE = path.join(KNOWLEDGE_DIR, 'matcher-model.json');
export const REAL_DEV = path.resolve(ROOT, '..', 'shared', 'eval', 'real-dev.jsonl');
export const HELDOUT = path.join(ROOT, 'test', 'real-world', 'heldout-questions.jsonl');
export const BLIND = path.join(ROOT, 'test', 'real-world', 'blind-questions.jsonl');
export const BLIND2 = path.join(ROOT, 'test', 'real-world', 'blind2-questions.jsonl');
export const BLIND3 = path.join(ROOT, 'test', 'real-world', 'blind3-questions.jsonl');
export const BLIND4 = path.join(ROOT, 'test', 'real-world', 'blind4-questions.jsonl');
export const BLIND5 = path.join(ROOT, 'test', 'real-world', 'blind5-questions.jsonl');
export const BLIND6 = path.join(ROOT, 'test', 'real-world', 'blind6-questions.jsonl');
export const BLIND7 = path.join(ROOT, 'test', 'real-world', 'blind7-questions.jsonl');
export const BLIND8 = path.join(ROOT, 'test', 'real-world', 'blind8-questions.jsonl');
export const BLIND9 = path.join(ROOT, 'test', 'real-world', 'blind9-questions.jsonl');
export const BLIND10 = path.join(ROOT, 'test', 'real-world', 'blind10-questions.jsonl');
export const BLIND11 = path.join(ROOT, 'test', 'real-world', 'blind11-questions.jsonl');
export const BLIND12 = path.join(ROOT, 'test', 'real-world', 'blind12-questions.jsonl');
export const BLIND13 = path.join(ROOT, 'test', 'real-world', 'blind13-questions.jsonl');
export const BLIND15 = path.join(ROOT, 'test', 'real-world', 'blind15-questions.jsonl');
export const BLIND16 = path.join(ROOT, 'test', 'real-world', 'blind16-questions.jsonl');
/** The seventeen labelled real sets, each from a different labeller / collection round. */
export const REAL_SETS: readonly string[] = [
  REAL_DEV,
  HELDOUT,
  BLIND,
  BLIND2,
  BLIND3,
  BLIND4,
  BLIND5,
  BLIND6,
  BLIND7,
  BLIND8,
  BLIND9,
  BLIND10,
  BLIND11,
  BLIND12,
  BLIND13,
  BLIND15,
  BLIND16,
];
export const DEV = path.resolve(ROOT, '..', 'shared', 'eval', 'dev.jsonl');
export const PARAPHRASES = path.join(ROOT, 'test', 'knowledge', 'paraphrases');

/** One labelled question. */
export interface LabelledQuestion {
  q: string;
  expect: string[];
  /** Source URL (real sets); grouping key for cross-validation folds. */
  url?: string;
  /** Which file it came from. */
  set: string;
}

/** Reads a JSONL set of `{"q", "expect", "url"?}` lines. */
export function readSet(file: string): LabelledQuestion[] {
  if (!existsSync(file)) throw new Error(`${file} not found`);
  const set = path.basename(file, '.jsonl');
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const v = JSON.parse(l) as { q: string; expect: string[]; url?: string };
      return { q: v.q, expect: v.expect, url: v.url, set };
    });
}

/** Every paraphrase set, in file-name order. */
export function readParaphrases(): LabelledQuestion[] {
  return readdirSync(PARAPHRASES)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readSet(path.join(PARAPHRASES, f)));
}

/** The KB entries (throws on an invalid KB). */
export async function readEntries(): Promise<KbEntry[]> {
  const { kb, issues } = await readKnowledgeDirectory(KNOWLEDGE_DIR);
  if (!kb) throw new Error(issues.map((i) => `${i.file}:${i.line} ${i.message}`).join('\n'));
  return kb.entries;
}

/** Model features of a message, with the triage kind the matcher would see. */
export function featuresOf(text: string): string[] {
  return modelFeatures(text, triageHint(text)?.kind);
}

/** Examples from the KB itself: the question and each alternate, and the keywords together. */
export function kbExamples(entries: readonly KbEntry[], weight = 1): TrainingExample[] {
  return entries.flatMap((e) => [
    ...[e.question, ...e.alternates].map((t) => ({ features: featuresOf(t), labels: [e.source.heading], weight })),
    { features: featuresOf(e.keywords.join(' . ')), labels: [e.source.heading], weight },
  ]);
}

/** Examples from labelled questions. */
export function questionExamples(rows: readonly LabelledQuestion[], weight = 1): TrainingExample[] {
  return rows.map((r) => ({ features: featuresOf(r.q), labels: r.expect, weight }));
}

/** The seed headings in KB order: the model's classes. */
export function headingsOf(entries: readonly KbEntry[]): string[] {
  return [...new Set(entries.map((e) => e.source.heading))];
}
