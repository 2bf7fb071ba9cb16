import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FaqMatcher } from './src/core/knowledge/faq-matcher.js';
import { parseEvalSet } from './src/core/knowledge/faq-eval.js';
import { readKnowledgeDirectory } from './src/adapters/knowledge/kb-directory.js';
import { contentTokens, normalizeText } from './src/core/knowledge/text-normalizer.js';
import { detectSmallTalk } from './src/core/knowledge/small-talk.js';
async function main() {
  const { kb } = await readKnowledgeDirectory('knowledge');
  const qs = parseEvalSet(readFileSync('../shared/eval/dev.jsonl', 'utf8')).cases.map((c) => c.q);
  const m = new FaqMatcher(kb!.entries);
  for (let r = 0; r < 20; r++) for (const q of qs) m.match(q);
  const stages: Record<string, number[]> = { norm: [], small: [], tokens: [], rank: [], match: [] };
  for (let r = 0; r < 50; r++) for (const q of qs) {
    let t = performance.now(); normalizeText(q); stages.norm!.push(performance.now() - t);
    t = performance.now(); detectSmallTalk(q); stages.small!.push(performance.now() - t);
    t = performance.now(); contentTokens(q); stages.tokens!.push(performance.now() - t);
    t = performance.now(); m.rank(q); stages.rank!.push(performance.now() - t);
    t = performance.now(); m.match(q); stages.match!.push(performance.now() - t);
  }
  for (const [k, v] of Object.entries(stages)) { v.sort((a, b) => a - b); console.log(k, v[Math.floor(v.length / 2)]!.toFixed(4), v[Math.floor(v.length * 0.99)]!.toFixed(4)); }
}
void main();
