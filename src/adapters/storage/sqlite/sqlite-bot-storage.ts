/**
 * Bot Framework `Storage` (conversation and user state) in the SQLite database, with
 * MemoryStorage's eTag rules (no eTag or `*` always wins; otherwise only if unchanged; a missing
 * item is written whatever its eTag). One `write()` is one transaction: one durable commit.
 */
import type { Storage, StoreItems } from 'botbuilder';
import { BotStateConflictError } from '../file-bot-storage.js';
import type { SqliteDb } from './sqlite-database.js';
import { newEtag } from './sqlite-record-store.js';

/** SQLite-backed Bot Framework Storage. */
export class SqliteBotStorage implements Storage {
  constructor(private readonly db: SqliteDb) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const get = this.db.prepare('SELECT item, etag FROM bot_state WHERE key = ?');
    const out: StoreItems = {};
    for (const key of keys) {
      const row = get.get(key) as { item: string; etag: string } | undefined;
      if (row) out[key] = { ...(JSON.parse(row.item) as Record<string, unknown>), eTag: row.etag };
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const upsert = this.db.prepare('INSERT INTO bot_state (key, item, etag) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET item = excluded.item, etag = excluded.etag');
    const update = this.db.prepare('UPDATE bot_state SET item = ?, etag = ? WHERE key = ? AND etag = ?');
    const insert = this.db.prepare('INSERT INTO bot_state (key, item, etag) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING');
    this.db.transaction(() => {
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
    }).immediate();
  }

  async delete(keys: string[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.db.transaction(() => {
      for (const key of keys) del.run(key);
    })();
  }
}
