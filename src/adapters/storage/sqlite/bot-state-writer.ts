/**
 * The thread that commits bot state. A durable SQLite commit (`synchronous = FULL`) waits for
 * fsync; better-sqlite3 is synchronous, so in the bot's thread that wait stopped every other
 * conversation for its length (measured 8–13 ms a commit on a loaded machine, the largest single
 * cost of a FAQ turn). Here the commits run on a worker thread with its own connection to the same
 * file (WAL: the bot's connection reads what it committed as soon as it acknowledged it), and the
 * bot's thread goes on with other turns meanwhile. Nothing is less durable: a write resolves only
 * after the commit that holds it.
 *
 * The worker is a small CommonJS program given as source (`eval`), so it needs no TypeScript
 * loader in development, tests or the compiled app; it loads the better-sqlite3 the bot resolved.
 * It is the only code that writes `bot_state` (SqliteBotStorage reads on the bot's connection).
 */
import { Worker } from 'node:worker_threads';
import type { SqliteSettings } from './sqlite-database.js';

/** One queued operation, already serialised: `[key, eTag or '', JSON text]` rows, or keys to delete. */
export type BotStateOp = { op: 'write'; rows: Array<[string, string, string]> } | { op: 'delete'; keys: string[] };

/** What the worker says about one operation of a batch: nothing (done) or why it failed. */
export type BotStateOpFailure = { conflictKey: string } | { message: string };

/** The worker's answer to one batch. */
export type BotStateBatchResult =
  { id: number; failures: Array<[number, BotStateOpFailure]> } | { id: number; error: string };

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
// The same token shape as etag-and-status.ts newEtag() (this source cannot import TypeScript).
const newEtag = () => '"' + Date.now().toString(36) + '-' + randomBytes(8).toString('hex') + '"';
class Conflict extends Error { constructor(key) { super(key); this.key = key; } }
// One operation: a savepoint of the batch's transaction, rolled back alone when it fails.
const one = db.transaction((op) => {
  if (op.op === 'delete') { for (const key of op.keys) del.run(key); return; }
  for (const [key, eTag, text] of op.rows) {
    if (!eTag || eTag === '*') { upsert.run(key, text, newEtag()); continue; }
    if (update.run(text, newEtag(), key, eTag).changes > 0) continue;
    if (insert.run(key, text, newEtag()).changes === 0) throw new Conflict(key);
  }
});
parentPort.on('message', ({ id, ops }) => {
  const failures = [];
  try {
    db.transaction(() => {
      ops.forEach((op, i) => {
        try { one(op); } catch (e) {
          failures.push([i, e instanceof Conflict ? { conflictKey: e.key } : { message: String(e && e.message || e) }]);
        }
      });
    }).immediate();
    parentPort.postMessage({ id, failures });
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) });
  }
});
`;

/**
 * Options of {@link startBotStateWriter}: the database file (not `:memory:`: the worker opens its
 * own connection) and the settings of the bot's connection to it (sqliteSettings), which the
 * worker's connection takes too.
 */
export interface BotStateWriterOptions extends SqliteSettings {
  file: string;
}

/** Starts the worker; it answers each `{ id, ops }` message with a {@link BotStateBatchResult}. */
export function startBotStateWriter(options: BotStateWriterOptions): Worker {
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
