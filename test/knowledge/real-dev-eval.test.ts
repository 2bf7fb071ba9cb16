import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `kvbot eval` over the shared evaluation sets, run as the CLI a person would run it, as a
// regression floor. real-dev.jsonl holds real questions from public GitHub issues and Q&A threads
// (the issue title or the sentence that asks, with its source URL); dev.jsonl holds paraphrases.
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
  it('real questions (real-dev.jsonl): top-1 ≥ 0.85, answer + suggestions ≥ 0.95, out-of-domain rejected ≥ 0.90', () => {
    const s = kvbotEval(path.join(SHARED, 'real-dev.jsonl'));
    expect(s.malformed).toBe(0);
    expect(s.inDomain).toBeGreaterThanOrEqual(60);
    expect(s.outOfDomain).toBeGreaterThanOrEqual(40);
    expect(s.top1).toBeGreaterThanOrEqual(0.85);
    expect(s.top3).toBeGreaterThanOrEqual(0.95);
    expect(s.rejected).toBeGreaterThanOrEqual(0.9);
  });

  it('paraphrases (dev.jsonl): top-1 ≥ 0.95, rejected ≥ 0.90', () => {
    const s = kvbotEval(path.join(SHARED, 'dev.jsonl'));
    expect(s.malformed).toBe(0);
    expect(s.inDomain).toBeGreaterThanOrEqual(40);
    expect(s.top1).toBeGreaterThanOrEqual(0.95);
    expect(s.rejected).toBeGreaterThanOrEqual(0.9);
  });
});
