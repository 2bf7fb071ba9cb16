import { readFileSync } from 'node:fs';
import { readKnowledgeDirectory } from './src/adapters/knowledge/kb-directory.js';
import { FaqMatcher } from './src/core/knowledge/faq-matcher.js';
(async () => {
  const { kb } = await readKnowledgeDirectory('knowledge');
  const m = new FaqMatcher(kb!.entries);
  for (const file of ['/work/shared/eval/dev.jsonl', 'test/knowledge/heldout.jsonl']) {
    let inD = 0, t1 = 0, ood = 0, rej = 0;
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const c = JSON.parse(line); const r = m.match(c.q);
      const rk = m.rank(c.q).slice(0, 3).map(x => x.entry.id + ':' + x.confidence.toFixed(2)).join(' ');
      if (c.expect.length) { inD++; const ok = r.answer && c.expect.includes(r.answer.source.heading); if (ok) t1++; else console.log('MISS', r.kind, c.q, '=>', rk); }
      else { ood++; if (!r.answer) rej++; else console.log('FALSE', c.q, '=>', rk); }
    }
    console.log(file, `top1 ${t1}/${inD}`, `rej ${rej}/${ood}`);
  }
})();
