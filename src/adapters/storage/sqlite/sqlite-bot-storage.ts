/**
 * Bot Framework `Storage` (conversation and user state) in the SQLite database, with
 * MemoryStorage's eTag rules (no eTag or `*` always wins; otherwise only if unchanged; a missing
 * item is written whatever its eTag). Reads run on the bot's connection. Writes and deletes are
 * group-committed on a worker thread (bot-state-writer.ts), so the fsync of a durable commit does
 * not stop the bot's thread: the operations that arrive while a commit is running (or in the same
 * turn of the event loop) share the next transaction and so one fsync; each call resolves only
 * after the commit that holds it, and each is its own savepoint, so an eTag conflict fails that
 * call alone. Operations are committed in the order they were called.
 */
import type { Statement } from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';
import type { Worker } from 'node:worker_threads';
import { BotStateConflictError } from '../file-bot-storage.js';
import { sqliteSettings, type SqliteDb } from './sqlite-database.js';
import { startBotStateWriter, type BotStateBatchResult, type BotStateOp } from './bot-state-writer.js';
import { attachStateJson, takeStateJson, type StateJsonStorage } from '../state-json.js';

interface Queued {
  op: BotStateOp;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** SQLite-backed Bot Framework Storage. */
export class SqliteBotStorage implements Storage, StateJsonStorage {
  readonly acceptsStateJson = true;
  private readonly get: Statement;

  constructor(private readonly db: SqliteDb) {
    if (db.memory) throw new TypeError('SqliteBotStorage needs a database file: its writer opens its own connection.');
    this.get = db.prepare('SELECT item, etag FROM bot_state WHERE key = ?');
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const out: StoreItems = {};
    for (const key of keys) {
      const row = this.get.get(key) as { item: string; etag: string } | undefined;
      // The stored text goes with the item (state-json.ts): it is the change check's baseline.
      if (row)
        out[key] = attachStateJson({ ...(JSON.parse(row.item) as Record<string, unknown>), eTag: row.etag }, row.item);
    }
    return out;
  }

  /** Transactions committed so far (group commit is observable in tests and benchmarks). */
  commits = 0;
  private pending: Queued[] = [];
  private inFlight: Queued[] | undefined;
  private worker: Worker | undefined;
  private batchId = 0;
  private closed = false;
  /** Callers of close() waiting for the queue to drain; called when the last batch settles. */
  private drainWaiters: Array<() => void> = [];

  write(changes: StoreItems): Promise<void> {
    if (!changes) return Promise.reject(new ReferenceError('Changes are required when writing.'));
    // Serialised now, as the caller's objects are at this moment (BotState keeps changing them),
    // unless the caller attached the text it has just made (state-json.ts).
    const rows: Array<[string, string, string]> = [];
    for (const [key, raw] of Object.entries(changes)) {
      const json = takeStateJson(raw);
      const { eTag, ...item } = (raw ?? {}) as Record<string, unknown> & { eTag?: string };
      rows.push([key, eTag ?? '', json ?? JSON.stringify(item)]);
    }
    return this.enqueue({ op: 'write', rows });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    // Through the same queue, so a delete never overtakes a write made before it.
    return this.enqueue({ op: 'delete', keys: [...keys] });
  }

  /** Stops the writer once what was queued is committed. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.inFlight || this.pending.length > 0) await new Promise<void>((r) => this.drainWaiters.push(r));
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private enqueue(op: BotStateOp): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The bot state storage is closed.'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      // The first operation of a group waits for the rest of this turn of the event loop; later
      // ones join it, or the next group when a commit is running.
      if (this.pending.length === 1 && !this.inFlight) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.inFlight || this.pending.length === 0) return;
    const batch = (this.inFlight = this.pending);
    this.pending = [];
    try {
      const worker = this.writer();
      worker.ref(); // an acknowledged write must not be lost to the process exiting meanwhile
      worker.postMessage({ id: ++this.batchId, ops: batch.map((q) => q.op) });
    } catch (e) {
      this.settle(batch, { id: this.batchId, error: (e as Error)?.message ?? String(e) });
    }
  }

  private writer(): Worker {
    if (this.worker) return this.worker;
    // The writer's connection commits as durably, and waits for a lock as long, as the bot's own.
    const worker = startBotStateWriter({ file: this.db.name, ...sqliteSettings(this.db) });
    worker.on('message', (result: BotStateBatchResult) => {
      if (this.inFlight) this.settle(this.inFlight, result);
    });
    const gone = (why: string) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.inFlight) this.settle(this.inFlight, { id: this.batchId, error: why });
    };
    worker.on('error', (e) => gone(`the bot state writer failed: ${e.message}`));
    worker.on('exit', (code) => gone(`the bot state writer stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private settle(batch: Queued[], result: BotStateBatchResult): void {
    this.inFlight = undefined;
    if ('error' in result) {
      // Beginning or committing failed: nothing of the batch is stored.
      for (const q of batch) q.reject(new Error(`Storage: bot state not saved: ${result.error}`));
    } else {
      this.commits++;
      const failed = new Map(result.failures);
      batch.forEach((q, i) => {
        const f = failed.get(i);
        if (!f) q.resolve();
        else q.reject('conflictKey' in f ? new BotStateConflictError(f.conflictKey) : new Error(f.message));
      });
    }
    if (this.pending.length > 0) return this.flush();
    this.worker?.unref();
    for (const drained of this.drainWaiters.splice(0)) drained();
  }
}
