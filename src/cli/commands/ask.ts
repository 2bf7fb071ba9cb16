/**
 * `kvbot ask [--json] "<question>"`: answers one question from the knowledge base; with no
 * question, answers one question per stdin line (DESIGN.md §3).
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../config.js';
import type { FaqMatcher } from '../../core/knowledge/faq-matcher.js';
import { toFaqAnswerJson } from '../../core/knowledge/faq-answer-json.js';
import { loadFaqMatcher } from '../../adapters/knowledge/load-faq-matcher.js';
import { commandLineOrUsage } from '../command-options.js';
import { reportKbLoadError } from './kb-load-error.js';

const USAGE = 'usage: kvbot ask [--json] "<question>"   (or pipe questions, one per line)';

const SMALL_TALK_REPLIES: Record<string, string> = {
  greeting: 'Hello! Ask me about Azure Key Vault access problems.',
  thanks: 'You are welcome.',
  help: 'I answer Azure Key Vault access questions: list/get errors, 401/403/429, access policies, groups, logging, throttling.',
  goodbye: 'Goodbye!',
};

/** Runs the command; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const line = commandLineOrUsage('ask', args, { json: { type: 'boolean', default: false } }, USAGE, {
    positionals: true,
  });
  if (!line) return 2;
  const json = line.values.json;
  const text = line.positionals.join(' ').trim();
  const dir = loadConfig().knowledgeDir;
  let matcher: FaqMatcher;
  try {
    matcher = await loadFaqMatcher(dir);
  } catch (e) {
    return reportKbLoadError('ask', dir, e);
  }
  const answer = (q: string): void => {
    console.log(json ? JSON.stringify(toFaqAnswerJson(matcher.match(q))) : render(matcher, q));
  };
  if (text !== '') {
    answer(text);
    return 0;
  }
  if (process.stdin.isTTY) {
    console.error(
      'kvbot ask: give a question, e.g. kvbot ask --json "why can\'t I list secrets?", or pipe questions one per line',
    );
    return 2;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') answer(line.trim());
  return 0;
}

function render(matcher: FaqMatcher, q: string): string {
  const r = matcher.match(q);
  if (r.kind === 'smalltalk') return SMALL_TALK_REPLIES[r.smallTalk ?? 'help'] ?? '';
  const list = (title: string): string =>
    [title, ...r.suggestions.map((s) => `  - ${s.question} (${s.id}, ${s.score})`)].join('\n');
  if (r.kind === 'answer' && r.answer) {
    const entry = matcher.getEntry(r.answer.id);
    const parts = [`## ${r.answer.question}  [${r.answer.id}, confidence ${r.answer.score}]`, '', entry?.answer ?? ''];
    if (r.probes.length) parts.push('', `Probes: ${r.probes.join(', ')}`);
    if (entry?.followUps.length) parts.push(`Follow-ups: ${entry.followUps.join(', ')}`);
    if (r.suggestions.length) parts.push('', list('See also:'));
    return parts.join('\n');
  }
  if (r.suggestions.length)
    return list(r.kind === 'ambiguous' ? 'Did you mean:' : 'I am not sure. The closest topics are:');
  return 'Sorry, I do not have an answer for that. Try rephrasing, or ask for a human.';
}
