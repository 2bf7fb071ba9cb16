/**
 * Bot Framework `Storage` (conversation and user state) in the SQLite database, with
 * MemoryStorage's eTag rules (no eTag or `*` always wins; otherwise only if unchanged; a missing
 * item is written whatever its eTag). Writes are group-committed: the `write()` calls that arrive
 * in the same turn of the event loop (concurrent conversations finishing their turns together)
 * share one transaction, so one fsync covers them all; each call resolves only after that commit,
 * and each is its own savepoint, so an eTag conflict fails that call alone.
 */
import type { Statement } from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';
import { BotStateConflictError } from '../file-bot-storage.js';
import type { SqliteDb } from './sqlite-database.js';
import { newEtag } from './sqlite-record-store.js';

/** SQLite-backed Bot Framework Storage. */
export class SqliteBotStorage implements Storage {
  constructor(private readonly db: SqliteDb) {}

  // Prepared once: preparing costs more than running these one-row statements.
  private readonly statements = new Map<string, Statement>();
  private statement(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const get = this.statement('SELECT item, etag FROM bot_state WHERE key = ?');
    const out: StoreItems = {};
    for (const key of keys) {
      const row = get.get(key) as { item: string; etag: string } | undefined;
      if (row) out[key] = { ...(JSON.parse(row.item) as Record<string, unknown>), eTag: row.etag };
    }
    return out;
  }

  /** Transactions committed by write() so far (group commit is observable in tests and benchmarks). */
  commits = 0;
  private pending: { changes: StoreItems; resolve: () => void; reject: (e: unknown) => void }[] = [];

  write(changes: StoreItems): Promise<void> {
    if (!changes) return Promise.reject(new ReferenceError('Changes are required when writing.'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ changes, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.commit());
    });
  }

  /** One transaction for every write queued since the last commit; one savepoint per write. */
  private commit(): void {
    const batch = this.pending;
    this.pending = [];
    try {
      this.commitBatch(batch);
    } catch (e) {
      // Preparing or committing failed: nothing of the batch is stored.
      for (const w of batch) w.reject(e);
    }
  }

  private commitBatch(batch: { changes: StoreItems; resolve: () => void; reject: (e: unknown) => void }[]): void {
    const upsert = this.statement(
      'INSERT INTO bot_state (key, item, etag) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET item = excluded.item, etag = excluded.etag',
    );
    const update = this.statement('UPDATE bot_state SET item = ?, etag = ? WHERE key = ? AND etag = ?');
    const insert = this.statement(
      'INSERT INTO bot_state (key, item, etag) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING',
    );
    const one = this.db.transaction((changes: StoreItems) => {
      for (const [key, raw] of Object.entries(changes)) {
        const { eTag, ...item } = (raw ?? {}) as Record<string, unknown> & { eTag?: string };
        const text = JSON.stringify(item);
        if (!eTag || eTag === '*') {
          upsert.run(key, text, newEtag());
          continue;
        }
        if (update.run(text, newEtag(), key, eTag).changes > 0) continue;
        if (insert.run(key, text, newEtag()).changes === 0) throw new BotStateConflictError(key);
      }
    });
    const failed = new Map<number, unknown>();
    this.db
      .transaction(() => {
        batch.forEach((w, i) => {
          try {
            one(w.changes); // nested: a savepoint, rolled back alone on a conflict
          } catch (e) {
            failed.set(i, e);
          }
        });
      })
      .immediate();
    this.commits++;
    batch.forEach((w, i) => (failed.has(i) ? w.reject(failed.get(i)) : w.resolve()));
  }

  async delete(keys: string[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.db.transaction(() => {
      for (const key of keys) del.run(key);
    })();
  }
}
