/**
 * Prints the blind-set score and every miss: `npx tsx test/triage/blind-set-report.ts`.
 * The vitest file asserts the same cases; this is for reading the numbers.
 */
import { loadBlindSet, scoreCase, summarise } from './blind-set.js';

const outcomes = loadBlindSet().map(scoreCase);
for (const o of outcomes) {
  if (o.kindOk && o.fieldMisses.length === 0) continue;
  const kind = o.kindOk ? '' : ` kind ${o.actualKind} (expected ${o.case.kind})`;
  const fields = o.fieldMisses.map((m) => `${m.field}=${m.actual ?? '∅'} (expected ${m.expected})`).join(', ');
  console.log(`line ${o.case.line} [${o.case.note}]${kind}${fields ? ` fields: ${fields}` : ''}`);
}
const s = summarise(outcomes);
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
console.log(`\nkind ${s.kindOk}/${s.cases} (${pct(s.kindOk, s.cases)}), fields ${s.fieldsOk}/${s.fieldsExpected} (${pct(s.fieldsOk, s.fieldsExpected)}), cases fully right ${s.casesFullyOk}/${s.cases}`);
