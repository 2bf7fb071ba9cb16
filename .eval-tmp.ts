import { readFileSync } from 'node:fs';
import { FaqMatcher } from './src/core/knowledge/faq-matcher.js';
import { evaluateMatcher, parseEvalSet } from './src/core/knowledge/faq-eval.js';
import { readKnowledgeDirectory } from './src/adapters/knowledge/kb-directory.js';
async function main() {
  const { kb, issues } = await readKnowledgeDirectory('knowledge');
  if (!kb) { console.log(issues); return; }
  const opts = process.env.OPTS ? JSON.parse(process.env.OPTS) : {};
  const m = new FaqMatcher(kb.entries, opts);
  const verbose = process.argv.includes('-v');
  for (const f of ['../shared/eval/dev.jsonl', 'test/knowledge/heldout.jsonl', 'test/knowledge/heldout-2.jsonl', ...(process.argv.includes('-3') ? ['test/knowledge/heldout-3.jsonl'] : [])]) {
    const { summary, misses } = evaluateMatcher(m, parseEvalSet(readFileSync(f, 'utf8')).cases);
    console.log(f.padEnd(34), `top1 ${(summary.top1 * 100).toFixed(1)}% (${summary.top1Count}/${summary.inDomain})  rej ${(summary.rejected * 100).toFixed(1)}% (${summary.rejectedCount}/${summary.outOfDomain})`);
    if (verbose) for (const x of misses) {
      const r = m.match(x.q);
      console.log('   MISS', JSON.stringify(x.q), '→', x.kind, x.gotId, r.answer?.score ?? '', '|', r.suggestions.map((s) => `${s.id}:${s.score}`).join(' '));
    }
  }
}
void main();
