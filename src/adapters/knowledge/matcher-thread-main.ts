/**
 * The matcher thread's program (see matcher-thread.ts): holds a FaqMatcher over the KB the bot's
 * thread sent it last, and answers each `{ id, text }` with the match, and the triage when asked to analyse. Pure work, no I/O.
 */
import { parentPort } from 'node:worker_threads';
import { FaqMatcher } from '../../core/knowledge/faq-matcher.js';
import { FaqModel } from '../../core/knowledge/faq-model.js';
import { triageHint } from '../../core/knowledge/triage-hint.js';
import { triageError } from '../../core/triage/index.js';
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
  const { matcher } = current;
  try {
    // Triage first: the match's triage hint then reads the same text from triage's memo.
    const triage =
      request.type === 'analyse'
        ? triageError(request.text, { headingFor: (id) => matcher.getEntry(id)?.source.heading })
        : undefined;
    // The text is not sent back: the bot's thread has it (a pasted log can be 64 KB).
    const match = { ...matcher.match(request.text), query: '' };
    reply(triage ? { id: request.id, triage, match } : { id: request.id, match });
  } catch (e) {
    reply({ id: request.id, error: e instanceof Error ? e.message : String(e) });
  }
});
