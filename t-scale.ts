import { readFileSync } from 'node:fs';
import { readKnowledgeDirectory } from './src/adapters/knowledge/kb-directory.js';
import { FaqMatcher } from './src/core/knowledge/faq-matcher.js';
import { syntheticEntries } from './bench/matcher.js';
(async () => {
  const { kb } = await readKnowledgeDirectory('knowledge');
  const m = new FaqMatcher([...kb!.entries, ...syntheticEntries(kb!.entries, 987)]);
  for (const line of readFileSync('/work/shared/eval/dev.jsonl', 'utf8').split('\n').filter(Boolean)) {
    const c = JSON.parse(line); const r = m.match(c.q);
    if (c.expect.length && !(r.answer && c.expect.includes(r.answer.source.heading))) console.log(r.kind, c.q, '=>', m.rank(c.q).slice(0,3).map(x => x.entry.id + ':' + x.confidence.toFixed(2)).join(' '));
  }
  console.log(syntheticEntries(kb!.entries, 2)[1]!.alternates.slice(0,4));
})();
