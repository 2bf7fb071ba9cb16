import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `kvbot eval` over the evaluation sets, run as the CLI a person would run it, as a regression
// floor. real-dev.jsonl and the sets in test/real-world hold real questions from public GitHub
// issues and Q&A threads (with their source URLs); dev.jsonl holds paraphrases. The eight real sets
// are training data of knowledge/matcher-model.json (since session 9 weighted 3 and barely
// regularised, so the model nearly reproduces their labels), so these floors guard against
// regressions only; the honest numbers (each set scored by a model trained on the other seven:
// leave one set out) come from scripts/matcher/cross-validate.ts and are in the README.
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
  // In-sample 100 % / 100 % / 100 % since session 9 (0.93 / 1 / 1 in session 8).
  it('real questions (real-dev.jsonl): top-1 ≥ 0.95, answer + suggestions ≥ 0.98, out-of-domain rejected ≥ 0.95', () => {
    const s = kvbotEval(path.join(SHARED, 'real-dev.jsonl'));
    expect(s.malformed).toBe(0);
    expect(s.inDomain).toBeGreaterThanOrEqual(60);
    expect(s.outOfDomain).toBeGreaterThanOrEqual(40);
    expect(s.top1).toBeGreaterThanOrEqual(0.95);
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

/**
 * The once-blind real sets in test/real-world (README there), each scored once before it was
 * tuned on and training data of the model since, so these are floors, not measures:
 * - heldout: scored once 59.3 % / 89.8 % / 80.0 %;
 * - blind (a second labeller): once 43.1 % / 90.8 % / 80.8 %, training data since issue 8 round 4;
 * - blind2 (a fourth labeller): once after round 4 30.6 % / 93.5 % / 83.7 %, training data since
 *   round 5 (leave-one-set-out then 32.3 % / 95.2 % / 93.0 %);
 * - blind3 (a fifth labeller): once on 84ffcfc 38.2 % / 87.3 % / 80.0 %, training data since
 *   session 5 (in-sample 60.0 % / 96.4 % / 86.7 %; leave-one-set-out 34.5 % / 87.3 % / 84.4 %);
 * - blind4 (a sixth collection): once on 390ed42 41.9 % / 93.0 % / 88.2 %, training data since
 *   session 6 (in-sample 65.1 % / 97.7 % / 91.2 %; 62.8 % / 97.7 % / 91.2 % with blind5 trained in);
 * - blind5 (a seventh collection): once on 20f2742 48.1 % / 92.6 % / 69.6 %, training data since
 *   session 7 (in-sample 70.4 % / 96.3 % / 82.6 %; leave-one-set-out 40.7 % / 92.6 % / 78.3 %);
 * - blind6 (an eighth collection): once on c0a740c 34.6 % / 92.3 % / 84.2 %, training data since
 *   session 9;
 * - blind7 (a ninth collection): once on 1bbd99e 21.7 % / 91.3 % / 94.4 %, training data since
 *   session 10 (leave-one-set-out over nine sets 21.7 % / 91.3 % / 94.4 %);
 * - blind8 (a tenth collection): once on 6d1e7bb 46.2 % / 88.5 % / 81.0 %, training data since
 *   session 10;
 * - blind9 (an eleventh collection): once on b8c76e9 48.0 % / 92.0 % / 70.0 %, training data since
 *   session 10;
 * - blind10 (a twelfth collection): once on 9bc5268 14.3 % / 85.7 % / 100 %, training data since
 *   session 11;
 * - blind11 (a thirteenth collection): once on 1d21ffd 16.7 % / 50.0 % / 100 % (6 in, 17 out), training
 *   data since session 11;
 * - blind12 (a fourteenth collection): once on 8ce5f6e 66.7 % / 100 % / 80.0 % (3 in, 15 out), training
 *   data since session 11;
 * - blind13 (a fifteenth collection): once on 029a6fa 25.0 % / 75.0 % / 88.2 % (4 in, 17 out), training
 *   data since session 12;
 * - blind15 (a sixteenth; round 14 collected pastes only): once on 7c9fe80 33.3 % / 100 % / 90.9 % (3 in,
 *   11 out), training data since session 12;
 * - blind16 (a seventeenth): once on 2a9da4e – / – / 64.3 % (0 in, 14 out: no in-scope question was left to
 *   find), training data since session 12.
 * Session 12's model (seventeen sets; real questions weighted 3, l2 0.00003) and session 11's thresholds
 * (answer 0.425) give in-sample: heldout 94.9 / 100 / 100, blind 93.8 / 100 / 100, blind2 96.8 / 100 / 100,
 * blind3 90.9 / 100 / 100, blind4 90.7 / 100 / 100, blind5 92.6 / 100 / 95.7, blind6 92.3 / 100 / 100, blind7
 * 95.7 / 100 / 100, blind8 96.2 / 100 / 100, blind9 88.0 / 100 / 100, blind10 100 / 100 / 100 (7 + 11),
 * blind11 66.7 / 100 / 100 (6 + 17; its in-scope labels are weak, see its collection notes), blind12 100 / 100
 * / 100 (3 + 15), blind13 100 / 100 / 100 (4 + 17), blind15 100 / 100 / 100 (3 + 11), blind16 – / – / 100 (0 + 14); the
 * floors sit a few points under them (blind10's to blind16's allow one miss each, as those sets are small).
 */
const REAL_WORLD_FLOORS = [
  { file: 'heldout-questions.jsonl', inDomain: 59, outOfDomain: 35, top1: 0.9, top3: 0.98, rejected: 0.95 },
  { file: 'blind-questions.jsonl', inDomain: 65, outOfDomain: 47, top1: 0.9, top3: 0.98, rejected: 0.95 },
  { file: 'blind2-questions.jsonl', inDomain: 62, outOfDomain: 43, top1: 0.92, top3: 0.98, rejected: 0.95 },
  { file: 'blind3-questions.jsonl', inDomain: 55, outOfDomain: 45, top1: 0.85, top3: 0.98, rejected: 0.95 },
  { file: 'blind4-questions.jsonl', inDomain: 43, outOfDomain: 34, top1: 0.86, top3: 0.97, rejected: 0.94 },
  { file: 'blind5-questions.jsonl', inDomain: 27, outOfDomain: 23, top1: 0.88, top3: 0.96, rejected: 0.91 },
  { file: 'blind6-questions.jsonl', inDomain: 26, outOfDomain: 19, top1: 0.88, top3: 0.96, rejected: 0.94 },
  { file: 'blind7-questions.jsonl', inDomain: 23, outOfDomain: 18, top1: 0.9, top3: 0.95, rejected: 0.94 },
  { file: 'blind8-questions.jsonl', inDomain: 26, outOfDomain: 21, top1: 0.9, top3: 0.96, rejected: 0.95 },
  { file: 'blind9-questions.jsonl', inDomain: 25, outOfDomain: 20, top1: 0.84, top3: 0.96, rejected: 0.95 },
  { file: 'blind10-questions.jsonl', inDomain: 7, outOfDomain: 11, top1: 0.85, top3: 0.85, rejected: 0.9 },
  { file: 'blind11-questions.jsonl', inDomain: 6, outOfDomain: 17, top1: 0.5, top3: 0.83, rejected: 0.94 },
  { file: 'blind12-questions.jsonl', inDomain: 3, outOfDomain: 15, top1: 0.66, top3: 0.66, rejected: 0.93 },
  { file: 'blind13-questions.jsonl', inDomain: 4, outOfDomain: 17, top1: 0.75, top3: 0.75, rejected: 0.94 },
  { file: 'blind15-questions.jsonl', inDomain: 3, outOfDomain: 11, top1: 0.66, top3: 0.66, rejected: 0.9 },
  // No in-scope question: top-1 and answer + suggestions are 0 of 0.
  { file: 'blind16-questions.jsonl', inDomain: 0, outOfDomain: 14, top1: 0, top3: 0, rejected: 0.92 },
];

describe('kvbot eval over the held-out and blind real questions as a regression floor', () => {
  it.each(REAL_WORLD_FLOORS)(
    'real questions (test/real-world/$file): top-1 ≥ $top1, answer + suggestions ≥ $top3, out-of-domain rejected ≥ $rejected',
    (floor) => {
      const s = kvbotEval(path.join(ROOT, 'test', 'real-world', floor.file));
      expect(s.malformed).toBe(0);
      expect(s.inDomain).toBe(floor.inDomain);
      expect(s.outOfDomain).toBe(floor.outOfDomain);
      expect(s.top1).toBeGreaterThanOrEqual(floor.top1);
      expect(s.top3).toBeGreaterThanOrEqual(floor.top3);
      expect(s.rejected).toBeGreaterThanOrEqual(floor.rejected);
    },
  );
});
