/**
 * Matcher benchmark: latency p50/p99 per question over the dev questions, at the real KB size,
 * at 1,000 and at 10,000 entries, side by side with fuse.js in its default configuration over
 * question + answer text; plus our top-1 / rejection at each size.
 *
 * Synthetic entries: entry k is a copy of real entry (k mod 13) whose question, alternates,
 * keywords and answer are re-worded with a seeded PRNG (seed k): Key Vault domain words that any
 * KV FAQ topic shares ("key", "vault", "secret", "certificate", "access", "permission", "azure",
 * "app", "error", …) and stop words are kept, every other word is replaced by a pseudo-word drawn
 * from a shared pool of 4,000 syllable words (so synthetic topics also share vocabulary among
 * themselves, with a realistic spread of word frequencies). They are distinct topics that still
 * compete in the index and in fuse.js on the domain words. Their headings are
 * "Synthetic topic k", so a synthetic entry winning a dev question counts as a miss: accuracy at
 * size can only go down if they steal, never up.
 *
 * Run: npx tsx bench/matcher.ts [--json]. The dev set is read from ../shared/eval/dev.jsonl beside
 * the repo (CI's layout); without it the KB's own questions are timed instead.
 * Wall-clock p99 on a shared machine includes time other processes hold the cores, so the table
 * also shows the p99 of process CPU time per question.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import { FaqMatcher } from '../src/core/knowledge/faq-matcher.js';
import { evaluateMatcher, parseEvalSet, type EvalCase } from '../src/core/knowledge/faq-eval.js';
import type { KbEntry } from '../src/core/knowledge/kb-entry.js';
import { STOPWORDS } from '../src/core/knowledge/text-normalizer.js';
import { readKnowledgeDirectory } from '../src/adapters/knowledge/kb-directory.js';

/** One row of the bench table. */
export interface MatcherBenchRow {
  entries: number;
  oursP50Ms: number;
  oursP99Ms: number;
  /** p99 of process CPU time per question: unlike wall time, not inflated when other processes share the cores. */
  oursCpuP99Ms: number;
  fuseP50Ms: number;
  fuseP99Ms: number;
  /** Questions timed for fuse.js (all dev questions at small sizes, a sample at 10,000). */
  fuseQuestions: number;
  oursTop1: number;
  oursRejected: number;
  fuseTop1: number;
  buildMs: number;
}

/** Options for {@link runMatcherBench}. */
export interface MatcherBenchOptions {
  /** Print one JSON line instead of the table. */
  json?: boolean;
  /** Print nothing (bench/run.ts prints the rows itself). */
  quiet?: boolean;
  knowledgeDir?: string;
  evalFile?: string;
  sizes?: number[];
  /** Timing rounds over the dev questions for our matcher. */
  rounds?: number;
  /** Untimed rounds first (JIT, lazily built fuse.js instances of large KBs). */
  warmupRounds?: number;
  /** Keep warming up at least this long (ms). */
  warmupMs?: number;
}

const ROOT = path.resolve(__dirname, '..');
const SYLLABLES = ['va', 'lor', 'in', 'ke', 'zu', 'mar', 'ten', 'qui', 'so', 'dra', 'pel', 'ox', 'ri', 'bu', 'nel', 'ta', 'gor', 'fi', 'ush', 'em'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pseudoWord(rand: () => number): string {
  const n = 2 + Math.floor(rand() * 2);
  let w = '';
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
  return w;
}

const DOMAIN_WORDS = new Set(['key', 'keys', 'vault', 'vaults', 'keyvault', 'azure', 'microsoft', 'secret', 'secrets', 'certificate', 'certificates', 'cert', 'access', 'permission', 'permissions', 'app', 'application', 'error', 'user', 'identity']);
const POOL = (() => {
  const rand = mulberry32(424242);
  return Array.from({ length: 4000 }, () => pseudoWord(rand));
})();

function reword(text: string, rand: () => number, dictionary: Map<string, string>): string {
  return text.replace(/[A-Za-z0-9][A-Za-z0-9'-]*/g, (word) => {
    const lower = word.toLowerCase();
    if (STOPWORDS.has(lower) || DOMAIN_WORDS.has(lower) || (lower.length < 3 && !/\d/.test(lower))) return word;
    // The same word maps to the same pseudo-word within one synthetic entry, like a real topic.
    let p = dictionary.get(lower);
    if (!p) dictionary.set(lower, (p = POOL[Math.floor(rand() * POOL.length)] as string));
    return p;
  });
}

/** Deterministic synthetic entries derived from the real ones (see the file comment). */
export function syntheticEntries(real: readonly KbEntry[], count: number): KbEntry[] {
  const out: KbEntry[] = [];
  for (let k = 0; k < count; k++) {
    const base = real[k % real.length] as KbEntry;
    const rand = mulberry32(k + 1);
    const dict = new Map<string, string>();
    const rw = (s: string): string => reword(s, rand, dict);
    out.push({
      ...base,
      id: `synthetic-${k}`,
      question: rw(base.question),
      answer: rw(base.answer),
      alternates: base.alternates.map(rw),
      keywords: base.keywords.map(rw),
      followUps: [],
      source: { ...base.source, heading: `Synthetic topic ${k}` },
    });
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Runs the benchmark, prints a table (or one JSON line with `json`), and returns the rows. */
export async function runMatcherBench(options: MatcherBenchOptions = {}): Promise<MatcherBenchRow[]> {
  const { kb } = await readKnowledgeDirectory(options.knowledgeDir ?? path.join(ROOT, 'knowledge'));
  if (!kb) throw new Error('knowledge base has errors; run kvbot kb check');
  const evalFile = options.evalFile ?? path.resolve(ROOT, '../shared/eval/dev.jsonl');
  let cases: EvalCase[];
  let questionSource = 'dev questions';
  if (existsSync(evalFile)) cases = parseEvalSet(readFileSync(evalFile, 'utf8')).cases;
  else {
    // CI clones the repo beside ../shared; elsewhere time the KB's own questions so the bench
    // still runs, and say so (accuracy on them says little).
    if (!options.quiet) console.error(`bench/matcher: ${evalFile} not found; timing the KB's own entry questions instead (accuracy columns are not meaningful)`);
    cases = kb.entries.map((e, i) => ({ q: e.question, expect: [e.source.heading], line: i + 1 }));
    questionSource = 'KB questions (dev set missing)';
  }
  const questions = cases.map((c) => c.q);
  const real = kb.entries;
  const rows: MatcherBenchRow[] = [];
  for (const size of options.sizes ?? [real.length, 1000, 10000]) {
    const entries = [...real, ...syntheticEntries(real, Math.max(0, size - real.length))];
    let matcher!: FaqMatcher;
    const buildMs = time(() => { matcher = new FaqMatcher(entries); });
    // Warm up for a number of rounds and at least a second, so V8 has optimised the hot path.
    const warmupUntil = performance.now() + (options.warmupMs ?? 1000);
    for (let r = 0; r < (options.warmupRounds ?? 10) || performance.now() < warmupUntil; r++) for (const q of questions) matcher.match(q);
    const ours: number[] = [];
    const oursCpu: number[] = [];
    for (let r = 0; r < (options.rounds ?? 20); r++) {
      for (const q of questions) {
        const cpu = process.cpuUsage();
        ours.push(time(() => matcher.match(q)));
        const used = process.cpuUsage(cpu);
        oursCpu.push((used.user + used.system) / 1000);
      }
    }
    ours.sort((a, b) => a - b);
    oursCpu.sort((a, b) => a - b);
    const { summary } = evaluateMatcher(matcher, cases);

    const fuse = new Fuse(entries, { keys: ['question', 'answer'] });
    const fuseQs = size > 2000 ? cases.slice(0, 6) : size > 100 ? cases.slice(0, 20) : cases;
    const fuseTimes: number[] = [];
    let fuseHits = 0;
    let fuseInDomain = 0;
    for (const c of fuseQs) {
      let top: KbEntry | undefined;
      fuseTimes.push(time(() => { top = fuse.search(c.q, { limit: 1 })[0]?.item; }));
      if (c.expect.length) {
        fuseInDomain++;
        if (top && c.expect.includes(top.source.heading)) fuseHits++;
      }
    }
    fuseTimes.sort((a, b) => a - b);
    rows.push({
      entries: entries.length,
      oursP50Ms: percentile(ours, 50),
      oursP99Ms: percentile(ours, 99),
      oursCpuP99Ms: percentile(oursCpu, 99),
      fuseP50Ms: percentile(fuseTimes, 50),
      fuseP99Ms: percentile(fuseTimes, 99),
      fuseQuestions: fuseQs.length,
      oursTop1: summary.top1,
      oursRejected: summary.rejected,
      fuseTop1: fuseInDomain ? fuseHits / fuseInDomain : 0,
      buildMs,
    });
  }
  if (options.quiet) return rows;
  if (options.json) console.log(JSON.stringify({ bench: 'matcher', questions: questions.length, questionSource, rows }));
  else {
    const f = (n: number): string => n.toFixed(3).padStart(9);
    console.log(`matcher bench: ${questions.length} ${questionSource}; ours = token index + fuse.js re-rank over short fields; fuse = fuse.js defaults over question+answer`);
    console.log('  entries   ours p50   ours p99  (cpu p99)   fuse p50   fuse p99  (fuse n)  ours top1  ours rej  fuse top1   build ms');
    for (const r of rows) {
      console.log(`${String(r.entries).padStart(9)}${f(r.oursP50Ms)}  ${f(r.oursP99Ms)}  ${f(r.oursCpuP99Ms)}  ${f(r.fuseP50Ms)}  ${f(r.fuseP99Ms)}  ${String(r.fuseQuestions).padStart(8)}  ${(r.oursTop1 * 100).toFixed(1).padStart(8)}%  ${(r.oursRejected * 100).toFixed(1).padStart(7)}%  ${(r.fuseTop1 * 100).toFixed(1).padStart(8)}%  ${r.buildMs.toFixed(0).padStart(8)}`);
    }
    console.log('times in ms per question after a warm-up; targets: ours p99 ≤ 1 ms at real size, ≤ 5 ms at 10,000 entries');
  }
  return rows;
}

if (require.main === module) {
  runMatcherBench({ json: process.argv.includes('--json') }).catch((e: unknown) => {
    console.error(`bench/matcher: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
