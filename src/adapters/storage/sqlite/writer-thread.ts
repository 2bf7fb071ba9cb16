/**
 * The thread that commits to the database. A durable SQLite commit (`synchronous = FULL`) waits
 * for fsync; better-sqlite3 is synchronous, so in the bot's thread that wait stopped every other
 * conversation for its length (measured 8–13 ms a commit on a loaded machine, the largest single
 * cost of a FAQ turn). Here the commits run on a worker thread with its own connection to the same
 * file (WAL: the bot's connection reads what it committed as soon as it acknowledged it), and the
 * bot's thread goes on with other turns meanwhile. Nothing is less durable: a write resolves only
 * after the commit that holds it.
 *
 * It commits bot state (`write` / `delete` of `bot_state` rows) and record-store writes (`run`: one
 * conditional statement the record store prepared, see sqlite-record-store.ts), each operation in
 * its own savepoint of the batch's transaction, so a failed precondition fails that operation alone.
 *
 * The worker is a small CommonJS program given as source (`eval`), so it needs no TypeScript
 * loader in development, tests or the compiled app; it loads the better-sqlite3 the bot resolved.
 */
import { Worker } from 'node:worker_threads';
import type { SqliteSettings } from './sqlite-database.js';

/**
 * One queued operation, already serialised: bot state `[key, eTag or '', JSON text]` rows or keys
 * to delete, or one record-store statement and its parameters; `mustChange`: a precondition, so no
 * row changed means it failed.
 */
export type WriterOp =
  | { op: 'write'; rows: Array<[string, string, string]> }
  | { op: 'delete'; keys: string[] }
  | { op: 'run'; sql: string; params: Array<string | number | null>; mustChange: boolean };

/** What the worker says about one failed operation of a batch (`code`: SQLite's, e.g. SQLITE_FULL). */
export type WriterOpFailure = { conflictKey: string } | { unchanged: true } | { message: string; code?: string };

/** The worker's answer to one batch: the failed operations by index, or why nothing was committed. */
export type WriterBatchResult =
  { id: number; failures: Array<[number, WriterOpFailure]> } | { id: number; error: string; code?: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomBytes } = require('node:crypto');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = ' + Number(workerData.busyTimeoutInMs));
db.pragma('synchronous = ' + Number(workerData.synchronous));
const upsert = db.prepare('INSERT INTO bot_state (key, item, etag) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET item = excluded.item, etag = excluded.etag');
const update = db.prepare('UPDATE bot_state SET item = ?, etag = ? WHERE key = ? AND etag = ?');
const insert = db.prepare('INSERT INTO bot_state (key, item, etag) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING');
const del = db.prepare('DELETE FROM bot_state WHERE key = ?');
// The record stores' statements, prepared once each (a handful per namespace).
const statements = new Map();
const statement = (sql) => { let s = statements.get(sql); if (!s) { s = db.prepare(sql); statements.set(sql, s); } return s; };
// The same token shape as etag-and-status.ts newEtag() (this source cannot import TypeScript).
const newEtag = () => '"' + Date.now().toString(36) + '-' + randomBytes(8).toString('hex') + '"';
class Conflict extends Error { constructor(key) { super(key); this.key = key; } }
class Unchanged extends Error {}
// One operation: a savepoint of the batch's transaction, rolled back alone when it fails.
const one = db.transaction((op) => {
  if (op.op === 'run') { if (statement(op.sql).run(...op.params).changes === 0 && op.mustChange) throw new Unchanged(); return; }
  if (op.op === 'delete') { for (const key of op.keys) del.run(key); return; }
  for (const [key, eTag, text] of op.rows) {
    if (!eTag || eTag === '*') { upsert.run(key, text, newEtag()); continue; }
    if (update.run(text, newEtag(), key, eTag).changes > 0) continue;
    if (insert.run(key, text, newEtag()).changes === 0) throw new Conflict(key);
  }
});
// SQLite's error code travels with the message: the store's health checks read it (SQLITE_FULL, …).
const codeOf = (e) => (e && typeof e.code === 'string' ? { code: e.code } : {});
const failure = (e) => e instanceof Conflict ? { conflictKey: e.key } : e instanceof Unchanged ? { unchanged: true } : { message: String(e && e.message || e), ...codeOf(e) };
parentPort.on('message', ({ id, ops }) => {
  const failures = [];
  try {
    db.transaction(() => {
      ops.forEach((op, i) => {
        try { one(op); } catch (e) { failures.push([i, failure(e)]); }
      });
    }).immediate();
    parentPort.postMessage({ id, failures });
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e), ...codeOf(e) });
  }
});
`;

/**
 * Options of {@link startWriterThread}: the database file (not `:memory:`: the worker opens its
 * own connection) and the settings of the bot's connection to it (sqliteSettings), which the
 * worker's connection takes too.
 */
export interface WriterThreadOptions extends SqliteSettings {
  file: string;
}

/** Starts the worker; it answers each `{ id, ops }` message with a {@link WriterBatchResult}. */
export function startWriterThread(options: WriterThreadOptions): Worker {
  return new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file: options.file,
      driver: require.resolve('better-sqlite3'),
      synchronous: options.synchronous,
      busyTimeoutInMs: options.busyTimeoutInMs,
    },
  });
}
