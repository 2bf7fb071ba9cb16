/**
 * Prints top-1 / top-3 / rejection for every local evaluation set at once (the shared dev and
 * real-dev sets, the real sets in ../real-world and the paraphrase sets in ./paraphrases), so matcher tunables and KB edits are
 * judged on all of them together.
 * Usage: npx tsx test/knowledge/eval-all.ts [--misses] ['{"answerThreshold":0.45}']
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readKnowledgeDirectory } from '../../src/adapters/knowledge/kb-directory.js';
import { evaluateMatcher, parseEvalSet } from '../../src/core/knowledge/faq-eval.js';
import { FaqMatcher } from '../../src/core/knowledge/faq-matcher.js';
import { FaqModel } from '../../src/core/knowledge/faq-model.js';
import type { MatcherOptions } from '../../src/core/knowledge/matcher-defaults.js';
import { triageHint } from '../../src/core/knowledge/triage-hint.js';
import { DEV, PARAPHRASES, REAL_SETS } from '../../scripts/matcher/model-data.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const showMisses = args.includes('--misses');
  const json = args.find((a) => a.startsWith('{'));
  const overrides = json ? (JSON.parse(json) as Partial<MatcherOptions>) : {};
  const { kb, issues } = await readKnowledgeDirectory(path.join(__dirname, '../../knowledge'));
  if (!kb) throw new Error(issues.map((i) => i.message).join('\n'));
  const matcher = new FaqMatcher(kb.entries, overrides, triageHint, kb.model ? new FaqModel(kb.model) : null);
  // The same real sets the model trains on (one list, so a new set cannot be left out here).
  const files = [DEV, ...REAL_SETS, ...readdirSync(PARAPHRASES).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(PARAPHRASES, f))];
  let worstTop1 = 1;
  let worstRejected = 1;
  for (const file of files) {
    const { cases } = parseEvalSet(readFileSync(file, 'utf8'));
    const { summary, misses } = evaluateMatcher(matcher, cases);
    worstTop1 = Math.min(worstTop1, summary.top1);
    worstRejected = Math.min(worstRejected, summary.rejected);
    const pct = (x: number): string => (x * 100).toFixed(1).padStart(5);
    console.log(`${path.basename(file).padEnd(34)} top1 ${pct(summary.top1)} (${summary.top1Count}/${summary.inDomain})  top3 ${pct(summary.top3)}  rejected ${pct(summary.rejected)} (${summary.rejectedCount}/${summary.outOfDomain})`);
    if (showMisses) {
      for (const m of misses) {
        const ranked = matcher.rank(m.q).slice(0, 3).map((r) => `${r.entry.id}:${r.confidence.toFixed(3)}`).join(' ');
        console.log(`   ${m.expect.length ? 'MISS' : 'FP  '} [${m.kind}] ${JSON.stringify(m.q)} → ${m.gotId ?? '-'} | ${ranked}`);
      }
    }
  }
  console.log(`worst top1 ${(worstTop1 * 100).toFixed(1)}  worst rejected ${(worstRejected * 100).toFixed(1)}`);
}

void main();
