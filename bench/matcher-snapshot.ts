/**
 * Equivalence check for matcher performance work: records what the matcher decides for every
 * question we have, and compares a later run with that record. A speed change must not change
 * any answer, suggestion or score.
 *
 *   npx tsx bench/matcher-snapshot.ts --write /tmp/before.json   # before the change
 *   npx tsx bench/matcher-snapshot.ts --check /tmp/before.json   # after it: exit 1 on any difference
 *
 * Questions: ../shared/eval/dev.jsonl, ../shared/eval/real-dev.jsonl,
 * test/real-world/heldout-questions.jsonl, every set in test/knowledge/paraphrases, and the
 * bench's long messages (real questions wrapped in error bodies, stack traces, Terraform).
 * The matcher is the shipped one (words, triage and the trained model in knowledge/).
 * Recorded per question at the real KB size: the `kvbot ask --json` object (answer, suggestions,
 * rounded scores, probes) and the full ranking `rank()` returns with unrounded confidences; at
 * 1,000 and 10,000 entries (the bench's synthetic entries) the decision and the ranking's top 10.
 * Confidences compare within 1e-9; everything else exactly. Sizes: `--sizes 13,1000` (default
 * the real size, 1,000 and 10,000).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FaqMatcher } from '../src/core/knowledge/faq-matcher.js';
import { FaqModel } from '../src/core/knowledge/faq-model.js';
import { toFaqAnswerJson, type FaqAnswerJson } from '../src/core/knowledge/faq-answer-json.js';
import { parseEvalSet, type EvalCase } from '../src/core/knowledge/faq-eval.js';
import { readKnowledgeDirectory } from '../src/adapters/knowledge/kb-directory.js';
import { longMessages, syntheticEntries } from './matcher.js';

const ROOT = path.resolve(__dirname, '..');
const TOLERANCE = 1e-9;
/** Ranking entries recorded per question at synthetic sizes. */
const SYNTHETIC_TOP = 10;

interface Record {
  set: string;
  q: string;
  json: FaqAnswerJson;
  kind: string;
  ranking: [string, number][];
}

type Snapshot = { [size: string]: Record[] };

function readSet(file: string): EvalCase[] {
  return existsSync(file) ? parseEvalSet(readFileSync(file, 'utf8')).cases : [];
}

function questionSets(): [string, string[]][] {
  const sets: [string, EvalCase[]][] = [
    ['dev', readSet(path.resolve(ROOT, '../shared/eval/dev.jsonl'))],
    ['real-dev', readSet(path.resolve(ROOT, '../shared/eval/real-dev.jsonl'))],
    ['heldout', readSet(path.join(ROOT, 'test/real-world/heldout-questions.jsonl'))],
  ];
  const dir = path.join(ROOT, 'test/knowledge/paraphrases');
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort())
    sets.push([`paraphrases/${f}`, readSet(path.join(dir, f))]);
  sets.push(['long-wrapped real-dev', longMessages(sets[1]?.[1] ?? [])]);
  return sets.map(([name, cases]) => [name, cases.map((c) => c.q)]);
}

function record(matcher: FaqMatcher, set: string, q: string, top: number): Record {
  const result = matcher.match(q);
  const ranking = matcher
    .rank(q)
    .slice(0, top)
    .map((r): [string, number] => [r.entry.id, r.confidence]);
  return { set, q, json: toFaqAnswerJson(result), kind: result.kind, ranking };
}

function compare(before: Record, after: Record): string | undefined {
  if (JSON.stringify(before.json) !== JSON.stringify(after.json))
    return `ask --json differs:\n  before ${JSON.stringify(before.json)}\n  after  ${JSON.stringify(after.json)}`;
  if (before.kind !== after.kind) return `kind ${before.kind} → ${after.kind}`;
  if (before.ranking.length !== after.ranking.length)
    return `ranking length ${before.ranking.length} → ${after.ranking.length}`;
  for (let i = 0; i < before.ranking.length; i++) {
    const [idB, cB] = before.ranking[i] as [string, number];
    const [idA, cA] = after.ranking[i] as [string, number];
    if (idB !== idA) {
      // Entries tied within the tolerance may swap places only if their confidences are equal.
      return `rank ${i + 1}: ${idB} (${cB}) → ${idA} (${cA})`;
    }
    if (Math.abs(cB - cA) > TOLERANCE) return `rank ${i + 1} ${idB}: confidence ${cB} → ${cA}`;
  }
  return undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const write = args[args.indexOf('--write') + 1];
  const check = args[args.indexOf('--check') + 1];
  const mode = args.includes('--write') ? 'write' : args.includes('--check') ? 'check' : undefined;
  if (!mode || !(mode === 'write' ? write : check)) {
    console.error('usage: npx tsx bench/matcher-snapshot.ts --write FILE | --check FILE [--sizes 13,1000,10000]');
    process.exitCode = 2;
    return;
  }
  const { kb } = await readKnowledgeDirectory(path.join(ROOT, 'knowledge'));
  if (!kb) throw new Error('knowledge base has errors; run kvbot kb check');
  const sizesArg = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : undefined;
  const sizes = sizesArg ? sizesArg.split(',').map(Number) : [kb.entries.length, 1000, 10000];
  const sets = questionSets();
  const snapshot: Snapshot = {};
  for (const size of sizes) {
    const real = size <= kb.entries.length;
    // The shipped matcher: words, triage and the trained model.
    const matcher = new FaqMatcher(
      [...kb.entries, ...syntheticEntries(kb.entries, Math.max(0, size - kb.entries.length))],
      {},
      undefined,
      kb.model ? new FaqModel(kb.model) : null,
    );
    const records: Record[] = [];
    for (const [set, qs] of sets)
      for (const q of qs) records.push(record(matcher, set, q, real ? Infinity : SYNTHETIC_TOP));
    snapshot[String(size)] = records;
    console.error(`size ${size}: ${records.length} questions`);
  }
  if (mode === 'write') {
    writeFileSync(write as string, JSON.stringify(snapshot));
    console.log(`wrote ${write}`);
    return;
  }
  const before = JSON.parse(readFileSync(check as string, 'utf8')) as Snapshot;
  let differences = 0;
  let compared = 0;
  for (const size of Object.keys(snapshot)) {
    const old = before[size];
    if (!old) {
      console.log(`size ${size}: not in ${check}`);
      differences++;
      continue;
    }
    const now = snapshot[size] as Record[];
    if (old.length !== now.length) {
      console.log(`size ${size}: ${old.length} questions before, ${now.length} now`);
      differences++;
      continue;
    }
    now.forEach((r, i) => {
      compared++;
      const diff = compare(old[i] as Record, r);
      if (diff) {
        differences++;
        if (differences <= 20) console.log(`size ${size} [${r.set}] ${JSON.stringify(r.q.slice(0, 100))}: ${diff}`);
      }
    });
  }
  console.log(`${compared} decisions compared, ${differences} differences`);
  if (differences > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`bench/matcher-snapshot: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
