/**
 * The SQLite database behind the default store (`<dataDir>/kvbot.db`, better-sqlite3, WAL mode):
 * one table per storage namespace with one indexed column per declared index, bot state and
 * counters in the same file. WAL lets the CLI read while the bot writes; `synchronous = FULL`
 * makes every acknowledged commit survive a crash or power loss; `busy_timeout` makes a second
 * process wait for the write lock instead of failing.
 */
import { promises as fs, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RecordIndex } from '../../../core/storage/record-query.js';

/** The open database. */
export type SqliteDb = Database.Database;

/** Options of {@link openSqlite}. */
export interface OpenSqliteOptions {
  /** `FULL` (default) fsyncs each commit; `NORMAL` survives process crashes only (benchmarks, tests). */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another process's write lock (default 10 s). */
  busyTimeoutInMs?: number;
}

/** The database file inside a data directory. */
export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'kvbot.db');
}

/** Opens (creating) the database file and the shared tables. */
export function openSqlite(file: string, options: OpenSqliteOptions = {}): SqliteDb {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma(`busy_timeout = ${options.busyTimeoutInMs ?? 10_000}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS bot_state (key TEXT PRIMARY KEY, item TEXT NOT NULL, etag TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, next INTEGER NOT NULL);
  `);
  return db;
}

/**
 * What a connection was opened with (openSqlite's options, as SQLite reports them), so that a
 * second connection to the same file (the writer thread's) commits as durably and waits for a
 * lock as long. `synchronous` is SQLite's number for the level (1 NORMAL, 2 FULL).
 */
export interface SqliteSettings {
  synchronous: number;
  busyTimeoutInMs: number;
}

/** The durability and lock-wait settings of an open connection. */
export function sqliteSettings(db: SqliteDb): SqliteSettings {
  return {
    synchronous: db.pragma('synchronous', { simple: true }) as number,
    busyTimeoutInMs: db.pragma('busy_timeout', { simple: true }) as number,
  };
}

/** Table name of a namespace: letters and digits kept, anything else hex-escaped (one-to-one). */
export function tableName(namespace: string): string {
  return `ns_${namespace.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
}

/** Column of an index. */
export function indexColumn(index: RecordIndex<never>): string {
  return `ix_${index.name}`;
}

/**
 * Creates the namespace's table if needed, adds the columns of indexes declared since it was
 * created and fills them from the stored values, and creates one (partial) index per column.
 */
export function ensureNamespaceTable(db: SqliteDb, namespace: string, indexes: readonly RecordIndex<never>[]): void {
  const table = tableName(namespace);
  db.exec(`CREATE TABLE IF NOT EXISTS "${table}" (key TEXT NOT NULL UNIQUE, value TEXT NOT NULL, etag TEXT NOT NULL)`);
  const have = new Set((db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
  const missing = indexes.filter((ix) => !have.has(indexColumn(ix)));
  if (missing.length > 0) {
    db.transaction(() => {
      for (const ix of missing) db.exec(`ALTER TABLE "${table}" ADD COLUMN "${indexColumn(ix)}" TEXT`);
      const rows = db.prepare(`SELECT rowid AS id, value FROM "${table}"`).all() as { id: number; value: string }[];
      const set = db.prepare(
        `UPDATE "${table}" SET ${missing.map((ix) => `"${indexColumn(ix)}" = ?`).join(', ')} WHERE rowid = ?`,
      );
      for (const row of rows) {
        const value = JSON.parse(row.value) as never;
        set.run(...missing.map((ix) => ix.valueOf(value) ?? null), row.id);
      }
    }).immediate();
  }
  for (const ix of indexes) {
    const col = indexColumn(ix);
    db.exec(`CREATE INDEX IF NOT EXISTS "${table}_${col}" ON "${table}"("${col}", key) WHERE "${col}" IS NOT NULL`);
  }
}

/** True when a data directory already holds a SQLite database. */
export async function hasSqliteDatabase(dataDir: string): Promise<boolean> {
  try {
    await fs.access(sqliteFile(dataDir));
    return true;
  } catch {
    return false;
  }
}
