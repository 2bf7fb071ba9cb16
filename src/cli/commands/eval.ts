/**
 * `kvbot eval <file.jsonl> [--json]`: scores the FAQ matcher against an evaluation set and
 * prints the misses and a summary; with `--json` the summary is the last (only) stdout line.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../../config.js';
import type { FaqMatcher } from '../../core/knowledge/faq-matcher.js';
import { evaluateMatcher, parseEvalSet } from '../../core/knowledge/faq-eval.js';
import { loadFaqMatcher } from '../../adapters/knowledge/load-faq-matcher.js';
import { commandLineOrUsage } from '../command-options.js';
import { reportKbLoadError } from './kb-load-error.js';

const USAGE = 'usage: kvbot eval <file.jsonl> [--json]   (lines: {"q": "question", "expect": ["seed heading", …]})';

/** Runs the command; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const line = commandLineOrUsage('eval', args, { json: { type: 'boolean', default: false } }, USAGE, {
    positionals: true,
  });
  if (!line) return 2;
  const json = line.values.json;
  const [file, ...extra] = line.positionals;
  if (!file || extra.length > 0) {
    console.error(file ? `kvbot eval: one evaluation file at a time, got ${line.positionals.length}\n${USAGE}` : USAGE);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    console.error(`kvbot eval: cannot read ${file}: ${(e as Error).message}`);
    return 1;
  }
  const dir = loadConfig().knowledgeDir;
  let matcher: FaqMatcher;
  try {
    matcher = await loadFaqMatcher(dir);
  } catch (e) {
    return reportKbLoadError('eval', dir, e);
  }
  const { cases, problems } = parseEvalSet(text);
  for (const p of problems) console.error(`${file}:${p.line}: skipped: ${p.message}`);
  const { summary, misses } = evaluateMatcher(matcher, cases, problems.length);
  // Misses go to stderr with --json so stdout stays one machine-readable line.
  const out = json ? console.error : console.log;
  for (const m of misses) {
    const expected = m.expect.length ? m.expect.map((h) => `"${h}"`).join(' or ') : '(no answer)';
    out(
      `${file}:${m.line}: MISS "${m.q}"\n    expected ${expected}\n    got ${m.got ? `"${m.got}" [${m.gotId}]` : `no answer (${m.kind})`}`,
    );
  }
  if (json) console.log(JSON.stringify(summary));
  else {
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    console.log(
      `\nin-domain ${summary.inDomain}: top-1 ${pct(summary.top1)} (${summary.top1Count}), top-3 ${pct(summary.top3)} (${summary.top3Count})\n` +
        `out-of-domain ${summary.outOfDomain}: rejected ${pct(summary.rejected)} (${summary.rejectedCount})` +
        (summary.malformed ? `\nmalformed lines skipped: ${summary.malformed}` : ''),
    );
  }
  return 0;
}
