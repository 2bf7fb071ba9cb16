import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FaqMatcher } from './src/core/knowledge/faq-matcher.js';
import { parseEvalSet } from './src/core/knowledge/faq-eval.js';
import { readKnowledgeDirectory } from './src/adapters/knowledge/kb-directory.js';
async function main() {
  const { kb } = await readKnowledgeDirectory('knowledge');
  const qs = parseEvalSet(readFileSync('../shared/eval/dev.jsonl', 'utf8')).cases.map((c) => c.q);
  const m = new FaqMatcher(kb!.entries);
  for (let r = 0; r < 20; r++) for (const q of qs) m.match(q);
  const per = new Map<string, number[]>();
  for (let r = 0; r < 50; r++) for (const q of qs) { const t = performance.now(); m.match(q); const d = performance.now() - t; (per.get(q) ?? per.set(q, []).get(q)!).push(d); }
  const rows = [...per].map(([q, v]) => { v.sort((a, b) => a - b); return [q, v[25]!, v[49]!] as const; }).sort((a, b) => b[2] - a[2]);
  for (const r of rows.slice(0, 8)) console.log(r[1].toFixed(3), r[2].toFixed(3), r[0]);
}
void main();
