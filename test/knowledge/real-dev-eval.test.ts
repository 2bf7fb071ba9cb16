import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `kvbot eval` over the evaluation sets, run as the CLI a person would run it, as a regression
// floor. real-dev.jsonl and test/real-world/heldout-questions.jsonl hold real questions from public
// GitHub issues and Q&A threads (with their source URLs); dev.jsonl holds paraphrases. The four
// real sets (real-dev, held-out, blind, blind2) are training data of knowledge/matcher-model.json, so
// these floors guard against regressions only; the honest numbers (each set scored by a model trained
// on the other three: leave one set out) come from scripts/matcher/cross-validate.ts and are in the README.
const ROOT = path.resolve(__dirname, '..', '..');
const SHARED = path.resolve(ROOT, '..', 'shared', 'eval');

interface Summary {
  inDomain: number;
  top1: number;
  top3: number;
  outOfDomain: number;
  rejected: number;
  malformed: number;
}

function kvbotEval(file: string): Summary {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'eval', file, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Summary;
}

describe.skipIf(!existsSync(path.join(SHARED, 'real-dev.jsonl')))('kvbot eval as a regression floor', () => {
  // 0.93 top-1 before the leave-one-set-out thresholds (issue 8, round 4): they trade one real-dev
  // answer for suggestions and rejection on the other labellers' sets.
  it('real questions (real-dev.jsonl): top-1 ≥ 0.91, answer + suggestions ≥ 0.98, out-of-domain rejected ≥ 0.95', () => {
    const s = kvbotEval(path.join(SHARED, 'real-dev.jsonl'));
    expect(s.malformed).toBe(0);
    expect(s.inDomain).toBeGreaterThanOrEqual(60);
    expect(s.outOfDomain).toBeGreaterThanOrEqual(40);
    expect(s.top1).toBeGreaterThanOrEqual(0.91);
    expect(s.top3).toBeGreaterThanOrEqual(0.98);
    expect(s.rejected).toBeGreaterThanOrEqual(0.95);
  });

  it('paraphrases (dev.jsonl): top-1 ≥ 0.95, rejected ≥ 0.90', () => {
    const s = kvbotEval(path.join(SHARED, 'dev.jsonl'));
    expect(s.malformed).toBe(0);
    expect(s.inDomain).toBeGreaterThanOrEqual(40);
    expect(s.top1).toBeGreaterThanOrEqual(0.95);
    expect(s.rejected).toBeGreaterThanOrEqual(0.9);
  });
});

describe('kvbot eval over the held-out and blind real questions as a regression floor', () => {
  // Collected blind (test/real-world/README.md) and scored once before any tuning (59.3 % /
  // 89.8 % / 80.0 %); since then training data of the model, so this is a floor, not a measure.
  // In-sample since round 5: 74.6 % / 100 % / 91.4 %.
  it('real questions (test/real-world/heldout-questions.jsonl): top-1 ≥ 0.72, answer + suggestions ≥ 0.98, out-of-domain rejected ≥ 0.88', () => {
    const s = kvbotEval(path.join(ROOT, 'test', 'real-world', 'heldout-questions.jsonl'));
    expect(s.malformed).toBe(0);
    expect(s.inDomain).toBe(59);
    expect(s.outOfDomain).toBe(35);
    expect(s.top1).toBeGreaterThanOrEqual(0.72);
    expect(s.top3).toBeGreaterThanOrEqual(0.98);
    expect(s.rejected).toBeGreaterThanOrEqual(0.88);
  });

  // A second labeller, scored once (43.1 % / 90.8 % / 80.8 %); training data since issue 8 round 4
  // (in-sample since round 5: 67.7 % / 98.5 % / 91.5 %).
  it('real questions (test/real-world/blind-questions.jsonl): top-1 ≥ 0.62, answer + suggestions ≥ 0.96, out-of-domain rejected ≥ 0.89', () => {
    const s = kvbotEval(path.join(ROOT, 'test', 'real-world', 'blind-questions.jsonl'));
    expect(s.malformed).toBe(0);
    expect(s.inDomain).toBe(65);
    expect(s.outOfDomain).toBe(47);
    expect(s.top1).toBeGreaterThanOrEqual(0.62);
    expect(s.top3).toBeGreaterThanOrEqual(0.96);
    expect(s.rejected).toBeGreaterThanOrEqual(0.89);
  });

  // A fourth labeller, scored once after round 4 (30.6 % / 93.5 % / 83.7 %); training data since
  // round 5 (in-sample: 74.2 % / 96.8 % / 93.0 %; leave-one-set-out 32.3 % / 95.2 % / 93.0 %).
  it('real questions (test/real-world/blind2-questions.jsonl): top-1 ≥ 0.72, answer + suggestions ≥ 0.95, out-of-domain rejected ≥ 0.90', () => {
    const s = kvbotEval(path.join(ROOT, 'test', 'real-world', 'blind2-questions.jsonl'));
    expect(s.malformed).toBe(0);
    expect(s.inDomain).toBe(62);
    expect(s.outOfDomain).toBe(43);
    expect(s.top1).toBeGreaterThanOrEqual(0.72);
    expect(s.top3).toBeGreaterThanOrEqual(0.95);
    expect(s.rejected).toBeGreaterThanOrEqual(0.9);
  });

  // A fifth labeller, scored once on 84ffcfc (38.2 % / 87.3 % / 80.0 %); training data since
  // session 5 (in-sample 60.0 % / 96.4 % / 86.7 %; leave-one-set-out 34.5 % / 87.3 % / 84.4 %).
  it('real questions (test/real-world/blind3-questions.jsonl): top-1 ≥ 0.57, answer + suggestions ≥ 0.95, out-of-domain rejected ≥ 0.85', () => {
    const s = kvbotEval(path.join(ROOT, 'test', 'real-world', 'blind3-questions.jsonl'));
    expect(s.malformed).toBe(0);
    expect(s.inDomain).toBe(55);
    expect(s.outOfDomain).toBe(45);
    expect(s.top1).toBeGreaterThanOrEqual(0.57);
    expect(s.top3).toBeGreaterThanOrEqual(0.95);
    expect(s.rejected).toBeGreaterThanOrEqual(0.85);
  });
});
