/**
 * Imports a file-store data directory (`<dir>/<namespace>/<key>.json`, `<dir>/bot-state/`) into
 * the SQLite database. Idempotent: a record already imported with the same value is left alone,
 * one that differs is overwritten with the file's value (the file store is the source until the
 * switch), so running it twice, or again after the bot wrote more files, converges. Each
 * namespace is one transaction.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { indexesOf, isStorageNamespace } from '../../core/storage/namespaces.js';
import type { CounterRecord } from '../../core/storage/counter.js';
import type { RecordIndex } from '../../core/storage/record-query.js';
import { FileRecordStore } from './file-record-store.js';
import { SqliteCounters } from './sqlite/sqlite-counters.js';
import type { SqliteDb } from './sqlite/sqlite-database.js';
import { SqliteRecordStore } from './sqlite/sqlite-record-store.js';

/** What one namespace contributed. */
export interface MigratedNamespace {
  namespace: string;
  registered: boolean;
  imported: number;
  unchanged: number;
}

/** The result of a migration. */
export interface MigrationReport {
  namespaces: MigratedNamespace[];
  botState: { imported: number; unchanged: number };
}

const BOT_STATE_DIR = 'bot-state';
const COUNTER_NAMESPACE = 'case-counters';

/** Imports every namespace directory of `fromDir` into `db`. */
export async function migrateFileData(fromDir: string, db: SqliteDb): Promise<MigrationReport> {
  const entries = await fs.readdir(fromDir, { withFileTypes: true });
  const report: MigrationReport = { namespaces: [], botState: { imported: 0, unchanged: 0 } };
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    // Hidden directories are not namespaces; the knowledge proposals folder may live beside them.
    if (!entry.isDirectory() || entry.name.startsWith('.') || !/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(entry.name))
      continue;
    if (entry.name === BOT_STATE_DIR) {
      report.botState = await migrateBotState(path.join(fromDir, entry.name), db);
      continue;
    }
    report.namespaces.push(await migrateNamespace(path.join(fromDir, entry.name), entry.name, db));
  }
  return report;
}

async function migrateNamespace(dir: string, namespace: string, db: SqliteDb): Promise<MigratedNamespace> {
  const records = await new FileRecordStore<unknown>(dir).list();
  const target = new SqliteRecordStore<unknown>(db, namespace, indexesOf(namespace) as readonly RecordIndex<unknown>[]);
  const counters = namespace === COUNTER_NAMESPACE ? new SqliteCounters(db) : undefined;
  let imported = 0;
  let unchanged = 0;
  db.transaction(() => {
    for (const r of records) {
      const current = target.getNow(r.key);
      if (current && JSON.stringify(current.value) === JSON.stringify(r.value)) unchanged++;
      else {
        target.putNow(r.key, r.value);
        imported++;
      }
      // SQLite hands out case numbers from its counters table: carry the file counter over.
      const next = (r.value as Partial<CounterRecord> | null)?.next;
      if (counters && typeof next === 'number') counters.raiseTo(r.key, next);
    }
  }).immediate();
  return { namespace, registered: isStorageNamespace(namespace), imported, unchanged };
}

async function migrateBotState(dir: string, db: SqliteDb): Promise<{ imported: number; unchanged: number }> {
  const records = await new FileRecordStore<{ key: string; item: Record<string, unknown> }>(dir).list();
  const get = db.prepare('SELECT item FROM bot_state WHERE key = ?');
  const put = db.prepare(
    'INSERT INTO bot_state (key, item, etag) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET item = excluded.item, etag = excluded.etag',
  );
  let imported = 0;
  let unchanged = 0;
  db.transaction(() => {
    for (const r of records) {
      if (typeof r.value?.key !== 'string') continue;
      const text = JSON.stringify(r.value.item ?? {});
      const current = get.get(r.value.key) as { item: string } | undefined;
      if (current?.item === text) unchanged++;
      else {
        put.run(r.value.key, text, r.etag);
        imported++;
      }
    }
  }).immediate();
  return { imported, unchanged };
}
