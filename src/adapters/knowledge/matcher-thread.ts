/**
 * Matches and triages on a second thread. A FAQ turn spends about a sixth of its CPU in the matcher,
 * and triage reads every message (a 130 KB build log takes it about 12 ms); on the bot's thread that
 * time holds up every other conversation. Here both run on a worker thread with its own FaqMatcher
 * over the same KB (sent to it at each reload), and the bot's thread goes on with other turns
 * meanwhile. Whatever goes wrong with the thread (it failed to start, died, holds an older KB, answers
 * an error or nothing), the work is done on the bot's thread instead: never a lost answer.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FaqMatcher } from '../../core/knowledge/faq-matcher.js';
import type { FaqMatchResult } from '../../core/knowledge/faq-types.js';
import type { KnowledgeBase } from '../../core/knowledge/kb-entry.js';
import type { MatcherOptions } from '../../core/knowledge/matcher-defaults.js';
import { triageError } from '../../core/triage/index.js';
import type { TriageResult } from '../../core/triage/triage-types.js';
import type { MatcherThreadReply, MatcherThreadRequest, MatcherThreadWork } from './matcher-thread-protocol.js';

/** What the matcher thread needs of the KB service: its generation, its KB, and an in-thread matcher. */
export interface MatcherSource {
  readonly generation: number;
  readonly knowledgeBase: KnowledgeBase;
  readonly matcher: FaqMatcher;
  readonly matcherOptions: Partial<MatcherOptions>;
}

/** Where the thread says it is matching, and why it stopped (the bot's logger fits). */
export interface MatcherThreadLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Test seams: another thread program, and how long a match may wait for its answer. */
export interface MatcherThreadOptions {
  workerFile?: string;
  /** A match unanswered this long means the thread is stuck: it is stopped and matching comes back here. */
  replyTimeoutInMs?: number;
}

/** The triage and the match of one text. */
interface Analysis {
  triage: TriageResult;
  match: FaqMatchResult;
}

interface Pending {
  work: MatcherThreadWork;
  text: string;
  sentAt: number;
  resolve: (r: FaqMatchResult | Analysis) => void;
  reject: (e: unknown) => void;
}

/** Analyses kept for the FAQ route's match of the same text (one per conversation in flight is plenty). */
const RECENT_ANALYSES = 32;

/** A match takes milliseconds; ten seconds without an answer is a stuck thread, not a busy one. */
const DEFAULT_REPLY_TIMEOUT_IN_MS = 10_000;

/** The matcher thread's program, beside this file (`.ts` under tsx, `.js` when compiled). */
const WORKER_FILE = path.join(__dirname, `matcher-thread-main${path.extname(__filename)}`);
/**
 * A worker does not inherit tsx's hooks for its entry file, so a small CommonJS bootstrap registers
 * tsx first when the program is TypeScript (`npm start`, tests), then loads it.
 */
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
if (workerData.tsx) require(workerData.tsx).register();
require(workerData.file);`;

/** After this many failures the thread is not restarted. */
const MAX_FAILURES = 3;

/** Matches texts on a worker thread, falling back to the bot's thread. */
export class MatcherThread {
  private worker: Worker | undefined;
  private loaded = -1;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /**
   * The texts triaged lately whose match the FAQ route may still ask for, oldest first, with the KB
   * generation they were analysed against (an analysis from before a reload is not used).
   */
  private readonly recent = new Map<string, { generation: number; analysis: Promise<Analysis> | Analysis }>();
  private failures = 0;
  private announced = false;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly workerFile: string;
  private readonly replyTimeoutInMs: number;

  constructor(
    private readonly source: MatcherSource,
    private readonly log?: MatcherThreadLog,
    options: MatcherThreadOptions = {},
  ) {
    this.workerFile = options.workerFile ?? WORKER_FILE;
    this.replyTimeoutInMs = options.replyTimeoutInMs ?? DEFAULT_REPLY_TIMEOUT_IN_MS;
  }

  /** The match of `text` against the current KB (made with its triage when that was asked for first). */
  match(text: string): Promise<FaqMatchResult> | FaqMatchResult {
    const kept = this.recent.get(text);
    this.recent.delete(text);
    if (kept?.generation === this.source.generation) {
      const { analysis } = kept;
      return analysis instanceof Promise ? analysis.then((a) => a.match) : analysis.match;
    }
    return this.run('match', text) as Promise<FaqMatchResult> | FaqMatchResult;
  }

  /**
   * The triage of `text`, with the current KB's headings. The thread matches the text in the same
   * trip, and keeps the match for {@link match}: the triage route asks first, the FAQ route next.
   */
  triage(text: string): Promise<TriageResult> | TriageResult {
    const generation = this.source.generation;
    const analysis = this.run('analyse', text) as Promise<Analysis> | Analysis;
    // Newest last: a text analysed again moves to the end, and the oldest goes when full.
    this.recent.delete(text);
    if (this.recent.size >= RECENT_ANALYSES) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(text, { generation, analysis });
    return analysis instanceof Promise ? analysis.then((a) => a.triage) : analysis.triage;
  }

  private run(work: MatcherThreadWork, text: string): Promise<FaqMatchResult | Analysis> | FaqMatchResult | Analysis {
    const worker = this.ready();
    if (!worker) return this.here(work, text);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { work, text, sentAt: Date.now(), resolve, reject });
      worker.postMessage({ type: work, id, generation: this.loaded, text } satisfies MatcherThreadRequest);
    });
  }

  /** The work done on the bot's thread. */
  private here(work: MatcherThreadWork, text: string): FaqMatchResult | Analysis {
    const matcher = this.source.matcher;
    if (work === 'match') return matcher.match(text);
    const triage = triageError(text, { headingFor: (id) => matcher.getEntry(id)?.source.heading });
    // Matched only when the FAQ route asks: a matcher that throws then fails the match, not the triage.
    return {
      triage,
      get match() {
        return matcher.match(text);
      },
    };
  }

  /** Stops the thread; pending matches are made on the bot's thread. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.failures = Number.POSITIVE_INFINITY;
    this.stopWatchdog();
    this.drain();
    await w?.terminate();
  }

  private ready(): Worker | undefined {
    // A thread that keeps failing is given up: every match stays on the bot's thread.
    if (this.failures >= MAX_FAILURES) return undefined;
    if (!this.worker) this.worker = this.start();
    if (!this.worker) return undefined;
    const generation = this.source.generation;
    if (this.loaded !== generation) {
      const kb = this.source.knowledgeBase;
      try {
        this.worker.postMessage({
          type: 'load',
          generation,
          entries: kb.entries,
          model: kb.model,
          options: this.source.matcherOptions,
        } satisfies MatcherThreadRequest);
      } catch (e) {
        // The KB could not be sent (structured clone refused it): matched here instead.
        this.fail(this.worker, e instanceof Error ? e.message : String(e));
        return undefined;
      }
      this.loaded = generation;
    }
    return this.worker;
  }

  private start(): Worker | undefined {
    try {
      const workerData = {
        file: this.workerFile,
        tsx: this.workerFile.endsWith('.ts') ? require.resolve('tsx/cjs/api') : undefined,
      };
      const worker = new Worker(BOOTSTRAP, { eval: true, workerData });
      worker.unref();
      // One timer for all pending matches: the oldest (the Map keeps sending order) tells.
      this.watchdog = setInterval(() => {
        const oldest = this.pending.values().next().value as Pending | undefined;
        if (oldest && Date.now() - oldest.sentAt > this.replyTimeoutInMs)
          this.fail(worker, `no answer within ${this.replyTimeoutInMs} ms`);
      }, Math.min(1_000, this.replyTimeoutInMs));
      this.watchdog.unref();
      worker.on('message', (m: MatcherThreadReply) => this.settle(m));
      worker.on('error', (e) => this.fail(worker, e.message));
      worker.on('exit', (code) => this.fail(worker, `exited with code ${code}`));
      return worker;
    } catch (e) {
      this.failures++;
      this.log?.warn("matcher thread did not start; matching on the bot's thread", { error: String(e) });
      return undefined;
    }
  }

  private settle(m: MatcherThreadReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if ('error' in m) {
      this.doHere(p);
      return;
    }
    if (!this.announced) {
      this.announced = true;
      this.log?.info('matching on a worker thread');
    }
    const match = { ...m.match, query: p.text };
    p.resolve(m.triage ? { triage: m.triage, match } : match);
  }

  /**
   * Does a pending request's work on the bot's thread. Called from the thread's events: a matcher
   * that throws rejects the caller's promise (as it would have thrown to it) instead of escaping as an
   * uncaught exception.
   */
  private doHere(p: Pending): void {
    try {
      p.resolve(this.here(p.work, p.text));
    } catch (e) {
      p.reject(e);
    }
  }

  private fail(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.loaded = -1;
    this.failures++;
    this.stopWatchdog();
    this.log?.warn(
      this.failures >= MAX_FAILURES
        ? "matcher thread failed again; matching on the bot's thread from now on"
        : "matcher thread failed; matching on the bot's thread until it is restarted",
      { reason, failures: this.failures },
    );
    worker.terminate().catch(() => undefined);
    this.drain();
  }

  private stopWatchdog(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  /** Makes every pending match on the bot's thread. */
  private drain(): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      this.doHere(p);
    }
  }
}
