import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FaqMatcher } from './src/core/knowledge/faq-matcher.js';
import { parseEvalSet } from './src/core/knowledge/faq-eval.js';
import { readKnowledgeDirectory } from './src/adapters/knowledge/kb-directory.js';
import { syntheticEntries } from './bench/matcher.js';
async function main() {
  const { kb } = await readKnowledgeDirectory('knowledge');
  const qs = parseEvalSet(readFileSync('../shared/eval/dev.jsonl', 'utf8')).cases.map((c) => c.q);
  const all = [...kb!.entries, ...syntheticEntries(kb!.entries, 10000 - 13)];
  let t = performance.now();
  const m = new FaqMatcher(all);
  console.log('build', performance.now() - t);
  for (let r = 0; r < 5; r++) for (const q of qs) m.match(q);
  const cnt = () => ((m as unknown as { fuses: unknown[] }).fuses.filter(Boolean).length); console.log("fuses", cnt()); for (let r = 0; r < 3; r++) for (const q of qs) m.match(q); console.log("fuses", cnt());
  const v: number[] = []; const c: number[] = [];
  for (let r = 0; r < 20; r++) for (const q of qs) { const c0 = process.cpuUsage(); t = performance.now(); m.match(q); v.push(performance.now() - t); const d = process.cpuUsage(c0); c.push((d.user + d.system) / 1000); }
  const big = v.map((x, i) => [x, i] as const).filter(([x]) => x > 5); console.log(big.map(([x, i]) => `${x.toFixed(1)}@r${Math.floor(i / qs.length)}q${i % qs.length}`).join(" "));
  v.sort((a, b) => a - b); c.sort((a, b) => a - b);
  console.log('wall p50', v[Math.floor(v.length / 2)], 'p99', v[Math.floor(v.length * 0.99)]);
  console.log('cpu  p50', c[Math.floor(c.length / 2)], 'p99', c[Math.floor(c.length * 0.99)]);
}
void main();
