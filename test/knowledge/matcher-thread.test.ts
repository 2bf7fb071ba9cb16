/**
 * The matcher thread (src/adapters/knowledge/matcher-thread.ts) with a real worker thread: it
 * matches what the bot's thread would, follows KB reloads, and whatever goes wrong with the thread
 * the match is still made (on the bot's thread), never lost and never a crash.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaqService } from '../../src/adapters/knowledge/faq-service.js';
import type { KbReloadEvent } from '../../src/adapters/knowledge/kb-watcher.js';
import { MatcherThread, type MatcherSource } from '../../src/adapters/knowledge/matcher-thread.js';
import type { FaqMatcher } from '../../src/core/knowledge/faq-matcher.js';
import { triageError } from '../../src/core/triage/index.js';

const KB = path.join(__dirname, '..', '..', 'knowledge');
const good = readFileSync(path.join(__dirname, 'fixtures', 'good', 'entries.md'), 'utf8');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A source whose in-thread matcher counts its uses, so a test can tell which thread matched. */
function counting(service: FaqService): MatcherSource & { inThread: number } {
  const source = {
    inThread: 0,
    get generation() {
      return service.generation;
    },
    get knowledgeBase() {
      return service.knowledgeBase;
    },
    get matcher(): FaqMatcher {
      source.inThread++;
      return service.matcher;
    },
    matcherOptions: service.matcherOptions,
  };
  return source;
}

async function started(dir: string, options: Parameters<typeof FaqService.start>[1] = {}) {
  const service = await FaqService.start(dir, options);
  cleanups.push(() => service.close());
  const source = counting(service);
  const logged: string[] = [];
  const log = { info: (m: string) => logged.push(`info ${m}`), warn: (m: string) => logged.push(`warn ${m}`) };
  const thread = new MatcherThread(source, log);
  cleanups.push(() => thread.close());
  return { service, source, thread, logged };
}

describe('matching on the matcher thread', () => {
  it('gives the same decisions as the bot’s thread, made on the worker', async () => {
    const { service, source, thread, logged } = await started(KB);
    const questions = [
      "I can't list secrets in my key vault",
      'how do I give an azure ad group access to key vault',
      'Status: 429 Too Many Requests from the vault, what are the limits?',
      'how do I enable purge protection',
      'hello',
    ];
    const onThread = await Promise.all(questions.map((q) => thread.match(q)));
    expect(source.inThread).toBe(0);
    expect(onThread).toEqual(questions.map((q) => service.matcher.match(q)));
    expect(onThread[0]?.answer?.id).toBe('list-get-something-went-wrong');
    expect(logged).toEqual(['info matching on a worker thread']);
  });

  it('triages on the worker with the KB’s headings, as the bot’s thread would', async () => {
    const { service, source, thread } = await started(KB);
    const log = Array.from({ length: 400 }, (_, i) => `2026-12-07T10:00:${String(i % 60).padStart(2, '0')}Z ##[debug] step ${i} ok`).join('\n');
    const pastes = [
      "(Forbidden) The user, group or application 'appid=11111111-2222-3333-4444-555555555555;oid=66666666-7777-8888-9999-000000000000' does not have secrets list permission on key vault 'kv-payments;location=westeurope'",
      'Status: 429 (Too Many Requests) ErrorCode: Throttled',
      `${log}\n##[error]getaddrinfo ENOTFOUND kv-orders.vault.azure.net`,
      'how do I give an azure ad group access to key vault',
    ];
    const onThread = await Promise.all(pastes.map((t) => thread.triage(t)));
    expect(source.inThread).toBe(0);
    const headingFor = (id: string) => service.matcher.getEntry(id)?.source.heading;
    expect(onThread).toEqual(pastes.map((t) => triageError(t, { headingFor })));
    expect(onThread.map((r) => r.kind)).toEqual(['access-policy-permission', 'throttled', 'name-resolution', 'unrecognised']);
  });

  it('matches a text it was asked to triage in the same trip: the FAQ route’s match needs no second one', async () => {
    const { service, source, thread } = await started(KB);
    await thread.match('warm up');
    const worker = (thread as unknown as { worker: { postMessage(m: unknown): void } }).worker;
    const posted: unknown[] = [];
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (m: unknown) => {
      posted.push(m);
      post(m);
    };
    const question = "Why can't I list secrets? The pipeline says: Operation returned an invalid status code 'Forbidden'";
    expect((await thread.triage(question)).kind).toBe('forbidden-unspecified');
    expect(await thread.match(question)).toEqual(service.matcher.match(question));
    expect(posted).toHaveLength(1);
    // Taken once: a second match of the same text is a trip of its own.
    await thread.match(question);
    expect(posted).toHaveLength(2);
    expect(source.inThread).toBe(0);
  });

  it('follows a reload of the KB', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kvbot-kb-thread-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'entries.md'), good);
    const events: KbReloadEvent[] = [];
    const { source, thread } = await started(dir, {
      watch: true,
      debounceInMs: 30,
      onReload: (e) => events.push(e),
      minAlternates: 0,
    });
    expect((await thread.match('frobnicate gizmo')).answer).toBeUndefined();
    // Analysed before the reload, its match kept for the FAQ route: not used once the KB changed.
    await thread.triage('frobnicate gizmo');
    const seen = events.length;
    writeFileSync(path.join(dir, 'entries.md'), good.replace('  - enable the widget', '  - enable the widget\n  - frobnicate gizmo'));
    await expect.poll(() => events.length, { timeout: 5_000 }).toBeGreaterThan(seen);
    expect(events.at(-1)?.ok).toBe(true);
    expect((await thread.match('frobnicate gizmo')).answer?.id).toBe('widget-on');
    expect(source.inThread).toBe(0);
  });

  it('makes pending and later matches on the bot’s thread when the worker dies', async () => {
    const { service, source, thread, logged } = await started(KB);
    await thread.match('warm up');
    const pending = thread.match("I can't list secrets in my key vault");
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect((await pending).answer?.id).toBe('list-get-something-went-wrong');
    const after = await thread.match('how do I give an azure ad group access to key vault');
    expect(after).toEqual(service.matcher.match('how do I give an azure ad group access to key vault'));
    expect(source.inThread).toBeGreaterThan(0);
    expect(logged).toContain("warn matcher thread failed; matching on the bot's thread until it is restarted");
  });

  it('gives the thread up after three failures, and matches on the bot’s thread from then on', async () => {
    const { source, thread, logged } = await started(KB);
    const internals = thread as unknown as { worker?: { terminate(): Promise<number> } };
    for (let i = 0; i < 3; i++) {
      await thread.match('warm up');
      await internals.worker?.terminate();
      await expect.poll(() => logged.filter((l) => l.startsWith('warn')).length).toBe(i + 1);
    }
    const before = source.inThread;
    expect((await thread.match("I can't list secrets in my key vault")).answer?.id).toBe('list-get-something-went-wrong');
    expect(source.inThread).toBe(before + 1);
    expect(internals.worker).toBeUndefined();
    expect(logged.at(-1)).toBe("warn matcher thread failed again; matching on the bot's thread from now on");
  });

  it('matches on the bot’s thread when the KB cannot be sent to the worker', async () => {
    const service = await FaqService.start(KB);
    cleanups.push(() => service.close());
    const source = counting(service);
    // A value structured clone refuses (a function) makes postMessage throw.
    const broken = { ...service.knowledgeBase, entries: [...service.knowledgeBase.entries, { id: 'x', oops: () => 1 }] };
    const thread = new MatcherThread({
      get generation() {
        return service.generation;
      },
      knowledgeBase: broken as never,
      get matcher() {
        return source.matcher;
      },
      matcherOptions: {},
    });
    cleanups.push(() => thread.close());
    const r = await thread.match("I can't list secrets in my key vault");
    expect(r.answer?.id).toBe('list-get-something-went-wrong');
    expect(source.inThread).toBeGreaterThan(0);
  });

  it('stops a thread that does not answer, and makes its matches on the bot’s thread', async () => {
    const service = await FaqService.start(KB);
    cleanups.push(() => service.close());
    const source = counting(service);
    const logged: string[] = [];
    const log = { info: (m: string) => logged.push(`info ${m}`), warn: (m: string) => logged.push(`warn ${m}`) };
    const thread = new MatcherThread(source, log, {
      workerFile: path.join(__dirname, 'fixtures', 'silent-matcher-thread.ts'),
      replyTimeoutInMs: 200,
    });
    cleanups.push(() => thread.close());
    const [r, t] = await Promise.all([
      thread.match("I can't list secrets in my key vault"),
      thread.triage('Status: 429 (Too Many Requests) ErrorCode: Throttled'),
    ]);
    expect(r.answer?.id).toBe('list-get-something-went-wrong');
    expect(t.kind).toBe('throttled');
    expect(source.inThread).toBe(2);
    expect(logged).toEqual(["warn matcher thread failed; matching on the bot's thread until it is restarted"]);
  });

  it('hands a matcher error to the caller, not to the process, when a stuck thread’s matches fall back', async () => {
    const service = await FaqService.start(KB);
    cleanups.push(() => service.close());
    const thread = new MatcherThread(
      {
        get generation() {
          return service.generation;
        },
        get knowledgeBase() {
          return service.knowledgeBase;
        },
        get matcher(): FaqMatcher {
          throw new Error('matcher broken');
        },
        matcherOptions: {},
      },
      undefined,
      { workerFile: path.join(__dirname, 'fixtures', 'silent-matcher-thread.ts'), replyTimeoutInMs: 200 },
    );
    cleanups.push(() => thread.close());
    await expect(thread.match('anything')).rejects.toThrow('matcher broken');
  });

  it('matches on the bot’s thread after close', async () => {
    const { source, thread } = await started(KB);
    await thread.close();
    expect((await thread.match("I can't list secrets in my key vault")).answer?.id).toBe('list-get-something-went-wrong');
    expect(source.inThread).toBe(1);
  });
});
