/**
 * The queue in front of the writer thread (writer-thread.ts): writes are group-committed, so the
 * fsync of a durable commit never stops the bot's thread. The operations that arrive while a
 * commit is running (or in the same turn of the event loop) share the next transaction and so one
 * fsync; each resolves only after the commit that holds it, each is its own savepoint (a failed
 * precondition fails that operation alone), and operations are committed in the order they were
 * submitted. Bot state and the record stores of one database share one writer, so a turn's bot
 * state and, say, the consent it offered can share a commit.
 */
import type { Worker } from 'node:worker_threads';
import { sqliteSettings, type SqliteDb } from './sqlite-database.js';
import { startWriterThread, type WriterBatchResult, type WriterOp, type WriterOpFailure } from './writer-thread.js';

interface Queued {
  op: WriterOp;
  resolve: (failure: WriterOpFailure | undefined) => void;
  reject: (e: unknown) => void;
}

/** Group-committing writer for one database file. */
export class SqliteWriter {
  /** Transactions committed so far (group commit is observable in tests and benchmarks). */
  commits = 0;
  private pending: Queued[] = [];
  private inFlight: Queued[] | undefined;
  private worker: Worker | undefined;
  private batchId = 0;
  private closed = false;
  /** Callers of close() waiting for the queue to drain; called when the last batch settles. */
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly db: SqliteDb) {
    if (db.memory) throw new TypeError('SqliteWriter needs a database file: its thread opens its own connection.');
  }

  /**
   * Queues `op`; resolves once it is committed, with undefined, or with why that operation alone
   * failed (its savepoint rolled back; the rest of the batch is committed). Rejects when nothing of
   * the batch could be committed.
   */
  submit(op: WriterOp): Promise<WriterOpFailure | undefined> {
    if (this.closed) return Promise.reject(new Error('The database writer is closed.'));
    return new Promise((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      // The first operation of a group waits for the rest of this turn of the event loop; later
      // ones join it, or the next group when a commit is running.
      if (this.pending.length === 1 && !this.inFlight) setImmediate(() => this.flush());
    });
  }

  /** Stops the thread once what was queued is committed. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.inFlight || this.pending.length > 0) await new Promise<void>((r) => this.drainWaiters.push(r));
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private flush(): void {
    if (this.inFlight || this.pending.length === 0) return;
    const batch = (this.inFlight = this.pending);
    this.pending = [];
    try {
      const worker = this.thread();
      worker.ref(); // an acknowledged write must not be lost to the process exiting meanwhile
      worker.postMessage({ id: ++this.batchId, ops: batch.map((q) => q.op) });
    } catch (e) {
      this.settle(batch, { id: this.batchId, error: (e as Error)?.message ?? String(e) });
    }
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    // The thread's connection commits as durably, and waits for a lock as long, as the bot's own.
    const worker = startWriterThread({ file: this.db.name, ...sqliteSettings(this.db) });
    worker.on('message', (result: WriterBatchResult) => {
      if (this.inFlight) this.settle(this.inFlight, result);
    });
    const gone = (why: string) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.inFlight) this.settle(this.inFlight, { id: this.batchId, error: why });
    };
    worker.on('error', (e) => gone(`the database writer failed: ${e.message}`));
    worker.on('exit', (code) => gone(`the database writer stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private settle(batch: Queued[], result: WriterBatchResult): void {
    this.inFlight = undefined;
    if ('error' in result) {
      // Beginning or committing failed: nothing of the batch is stored.
      for (const q of batch) q.reject(writerError(result.error, result.code));
    } else {
      this.commits++;
      const failed = new Map(result.failures);
      batch.forEach((q, i) => q.resolve(failed.get(i)));
    }
    if (this.pending.length > 0) return this.flush();
    this.worker?.unref();
    for (const drained of this.drainWaiters.splice(0)) drained();
  }
}

/** An Error with SQLite's code (`SQLITE_FULL`, `SQLITE_READONLY`, …) where the writer thread gave one. */
export function writerError(message: string, code: string | undefined): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}
