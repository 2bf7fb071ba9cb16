import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FaqMatcher } from './src/core/knowledge/faq-matcher.js';
import { parseEvalSet } from './src/core/knowledge/faq-eval.js';
import { readKnowledgeDirectory } from './src/adapters/knowledge/kb-directory.js';
import { syntheticEntries } from './bench/matcher.js';
async function main() {
  const { kb } = await readKnowledgeDirectory('knowledge');
  const qs = parseEvalSet(readFileSync('../shared/eval/dev.jsonl', 'utf8')).cases.map((c) => c.q);
  let t = performance.now();
  const m = new FaqMatcher([...kb!.entries, ...syntheticEntries(kb!.entries, 10000 - 13)]);
  console.log('build', performance.now() - t);
  for (let r = 0; r < 5; r++) for (const q of qs) m.match(q);
  const v: number[] = []; const vr: number[] = [];
  for (let r = 0; r < 20; r++) for (const q of qs) { t = performance.now(); m.match(q); v.push(performance.now() - t); }
  v.sort((a, b) => a - b);
  console.log('p50', v[Math.floor(v.length / 2)], 'p99', v[Math.floor(v.length * 0.99)], 'max', v[v.length - 1]);
}
void main();
