/**
 * Bot Framework `Storage` (conversation and user state) in the SQLite database, with
 * MemoryStorage's eTag rules (no eTag or `*` always wins; otherwise only if unchanged; a missing
 * item is written whatever its eTag). Reads run on the bot's connection. Writes and deletes are
 * group-committed by the database's writer thread (sqlite-writer.ts), so the fsync of a durable
 * commit does not stop the bot's thread; each call resolves only after the commit that holds it,
 * an eTag conflict fails that call alone, and operations are committed in the order they were called.
 */
import type { Statement } from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';
import { BotStateConflictError } from '../file-bot-storage.js';
import type { SqliteDb } from './sqlite-database.js';
import { SqliteWriter, writerError } from './sqlite-writer.js';
import type { WriterOp } from './writer-thread.js';
import { attachStateJson, takeStateJson, type StateJsonStorage } from '../state-json.js';

/** SQLite-backed Bot Framework Storage. */
export class SqliteBotStorage implements Storage, StateJsonStorage {
  readonly acceptsStateJson = true;
  private readonly get: Statement;
  private readonly writer: SqliteWriter;
  /** The writer this storage made for itself (and so closes), when none was given. */
  private readonly ownWriter: SqliteWriter | undefined;

  /** `writer`: the database's shared writer (the storage factory's); without one it makes its own. */
  constructor(db: SqliteDb, writer?: SqliteWriter) {
    this.ownWriter = writer ? undefined : new SqliteWriter(db);
    this.writer = writer ?? (this.ownWriter as SqliteWriter);
    this.get = db.prepare('SELECT item, etag FROM bot_state WHERE key = ?');
  }

  /** Transactions committed so far by this storage's writer (group commit is observable in tests and benchmarks). */
  get commits(): number {
    return this.writer.commits;
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
    return this.submit({ op: 'write', rows });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    // Through the same queue, so a delete never overtakes a write made before it.
    return this.submit({ op: 'delete', keys: [...keys] });
  }

  /** Stops this storage's own writer once what was queued is committed (a shared one is its owner's). */
  async close(): Promise<void> {
    await this.ownWriter?.close();
  }

  /** Submits `op`; a stale eTag is a BotStateConflictError, anything else says the state was not saved (with SQLite's code). */
  private async submit(op: WriterOp): Promise<void> {
    let failure;
    try {
      failure = await this.writer.submit(op);
    } catch (e) {
      // Nothing of the batch was committed (beginning or committing it failed).
      throw writerError(`Storage: bot state not saved: ${(e as Error).message}`, (e as { code?: string }).code);
    }
    if (!failure) return;
    if ('conflictKey' in failure) throw new BotStateConflictError(failure.conflictKey);
    // Bot state operations have no row-count precondition, so the rest is the statement's own error.
    throw writerError(
      'message' in failure ? failure.message : 'Storage: bot state not saved',
      'code' in failure ? failure.code : undefined,
    );
  }
}
