/**
 * Prints the score of every paste set and every miss: `npx tsx test/triage/paste-set-report.ts`
 * (or pass set names: writtenBeforeParser, writtenIndependentAuthor, realGithubIssues, realGithubIssuesRound4, realGithubIssuesRound5, heldoutRealWorld, blindRealWorld, blind2RealWorld, blind3RealWorld, blind4RealWorld, blind5RealWorld, blind6RealWorld, realRound7). The vitest
 * files assert the same cases; this is for reading the numbers.
 */
import { loadPasteSet, PASTE_SETS, scoreCase, summarise } from './paste-set.js';

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(PASTE_SETS);
const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
for (const name of names) {
  const file = PASTE_SETS[name as keyof typeof PASTE_SETS];
  if (!file) throw new Error(`unknown set ${name}; known: ${Object.keys(PASTE_SETS).join(', ')}`);
  console.log(`== ${name}`);
  const outcomes = loadPasteSet(file).map(scoreCase);
  for (const o of outcomes) {
    if (o.kindOk && o.fieldMisses.length === 0 && o.placeholderValues.length === 0) continue;
    const kind = o.kindOk ? '' : ` kind ${o.actualKind} (expected ${o.case.kind})`;
    const fields = o.fieldMisses.map((m) => `${m.field}=${m.actual ?? '∅'} (expected ${m.expected})`).join(', ');
    const placeholders = o.placeholderValues.map((p) => `${p.field}=${p.actual} (a placeholder)`).join(', ');
    console.log(
      `line ${o.case.line} [${o.case.note}]${kind}${fields ? ` fields: ${fields}` : ''}${placeholders ? ` ${placeholders}` : ''}`,
    );
  }
  const s = summarise(outcomes);
  console.log(
    `kind ${s.kindOk}/${s.cases} (${pct(s.kindOk, s.cases)}), fields ${s.fieldsOk}/${s.fieldsExpected} (${pct(s.fieldsOk, s.fieldsExpected)}), placeholder values reported ${s.placeholderValues}, cases fully right ${s.casesFullyOk}/${s.cases}\n`,
  );
}
