/**
 * The matcher thread's program (see matcher-thread.ts): holds a FaqMatcher over the KB the bot's
 * thread sent it last, and answers each `{ id, text }` with the match. Pure work, no I/O.
 */
import { parentPort } from 'node:worker_threads';
import { FaqMatcher } from '../../core/knowledge/faq-matcher.js';
import { FaqModel } from '../../core/knowledge/faq-model.js';
import { triageHint } from '../../core/knowledge/triage-hint.js';
import type { MatcherThreadRequest, MatcherThreadReply } from './matcher-thread-protocol.js';

let current: { generation: number; matcher: FaqMatcher } | undefined;

function reply(message: MatcherThreadReply): void {
  parentPort?.postMessage(message);
}

parentPort?.on('message', (request: MatcherThreadRequest) => {
  if (request.type === 'load') {
    const { generation, entries, model, options } = request;
    current = { generation, matcher: new FaqMatcher(entries, options, triageHint, model ? new FaqModel(model) : null) };
    return;
  }
  if (!current || current.generation !== request.generation) {
    reply({ id: request.id, error: 'stale' });
    return;
  }
  try {
    // The text is not sent back: the bot's thread has it (a pasted log can be 64 KB).
    reply({ id: request.id, result: { ...current.matcher.match(request.text), query: '' } });
  } catch (e) {
    reply({ id: request.id, error: e instanceof Error ? e.message : String(e) });
  }
});
