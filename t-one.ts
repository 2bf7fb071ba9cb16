import { readKnowledgeDirectory } from './src/adapters/knowledge/kb-directory.js';
import { FaqMatcher } from './src/core/knowledge/faq-matcher.js';
(async () => { const { kb } = await readKnowledgeDirectory('knowledge'); const m = new FaqMatcher(kb!.entries);
for (const q of process.argv.slice(2)) { const r = m.match(q); console.log(q, '=>', r.kind, r.answer?.id, r.answer?.score, r.suggestions.map(s=>s.id+':'+s.score).join(' '), '|', r.normalized); } })();
