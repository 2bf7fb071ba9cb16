import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { SqliteBotStorage } from '../../src/adapters/storage/sqlite/sqlite-bot-storage.js';
import { SqliteCounters } from '../../src/adapters/storage/sqlite/sqlite-counters.js';
import { openSqlite, sqliteSettings, type SqliteDb } from '../../src/adapters/storage/sqlite/sqlite-database.js';
import { SqliteRecordStore } from '../../src/adapters/storage/sqlite/sqlite-record-store.js';
import { SqliteWriter } from '../../src/adapters/storage/sqlite/sqlite-writer.js';
import { CASE_BY_REQUESTER } from '../../src/core/escalation/case-indexes.js';
import type { RecordIndex } from '../../src/core/storage/record-query.js';
import { CONTRACT_INDEXES, recordStoreContract } from './record-store-contract.js';

const dirs: string[] = [];
const dbs: SqliteDb[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-sqlite-'));
  dirs.push(dir);
  return dir;
}
async function tempDb(): Promise<{ db: SqliteDb; file: string }> {
  const file = path.join(await tempDir(), 'kvbot.db');
  const db = openSqlite(file);
  dbs.push(db);
  return { db, file };
}
afterAll(async () => {
  for (const db of dbs) if (db.open) db.close();
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

let n = 0;
recordStoreContract(
  'SqliteRecordStore',
  async (indexes) => new SqliteRecordStore((await tempDb()).db, `contract-${++n}`, indexes ?? []),
);

// The same contract with writes on the writer thread, as the storage factory builds it.
const writers: SqliteWriter[] = [];
afterAll(async () => {
  for (const w of writers) await w.close();
});
recordStoreContract('SqliteRecordStore through the writer thread', async (indexes) => {
  const { db } = await tempDb();
  const writer = new SqliteWriter(db);
  writers.push(writer);
  return new SqliteRecordStore(db, `contract-${++n}`, indexes ?? [], writer);
});

describe('SqliteRecordStore through the writer thread', () => {
  it('commits a record write with bot state in one transaction, and a failed precondition fails that write alone', async () => {
    const { db } = await tempDb();
    const writer = new SqliteWriter(db);
    writers.push(writer);
    const records = new SqliteRecordStore<{ n: number }>(db, 'consents', [], writer);
    const state = new SqliteBotStorage(db, writer);
    const existing = await records.put('taken', { n: 0 });
    const before = writer.commits;
    const results = await Promise.allSettled([
      records.put('fresh', { n: 1 }, { ifNoneMatch: '*' }),
      records.put('taken', { n: 2 }, { ifNoneMatch: '*' }),
      records.put('taken', { n: 3 }, { ifMatch: '"stale"' }),
      state.write({ conversation: { turns: 1 } }),
      records.delete('taken', { ifMatch: existing.etag }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      name: 'ConcurrencyError',
      message: 'The record "taken" already exists.',
    });
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ name: 'ConcurrencyError', key: 'taken' });
    expect(writer.commits - before).toBe(1);
    // Acknowledged means committed: the bot's own connection reads each write at once.
    expect((await records.get('fresh'))?.value).toEqual({ n: 1 });
    expect(await records.get('taken')).toBeUndefined();
    expect((await state.read(['conversation'])).conversation).toMatchObject({ turns: 1 });
  });

  it('does not stop the bot thread while the commit runs', async () => {
    const { db } = await tempDb();
    const writer = new SqliteWriter(db);
    writers.push(writer);
    const records = new SqliteRecordStore<{ n: number }>(db, 'feedback', [], writer);
    // The put returns before its statement ran: the row is not there until the promise resolves.
    const pending = records.put('k', { n: 1 });
    expect(db.prepare(`SELECT count(*) AS c FROM "ns_feedback"`).get()).toEqual({ c: 0 });
    await pending;
    expect(db.prepare(`SELECT count(*) AS c FROM "ns_feedback"`).get()).toEqual({ c: 1 });
  });

  it("passes SQLite's error code on, so the store's health checks can read it", async () => {
    const { db } = await tempDb();
    const writer = new SqliteWriter(db);
    writers.push(writer);
    const records = new SqliteRecordStore<{ n: number }>(db, 'gone', [], writer);
    db.exec('DROP TABLE "ns_gone"');
    await expect(records.put('k', { n: 1 })).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    // The writer goes on with the next write.
    const other = new SqliteRecordStore<{ n: number }>(db, 'still-there', [], writer);
    await expect(other.put('k', { n: 1 })).resolves.toMatchObject({ key: 'k' });
  });
});

describe('SqliteRecordStore', () => {
  it('keeps namespaces apart in one database and survives reopening', async () => {
    const { db, file } = await tempDb();
    await new SqliteRecordStore<{ n: number }>(db, 'cases').put('x', { n: 1 });
    await new SqliteRecordStore<{ n: number }>(db, 'case-s').put('x', { n: 2 });
    db.close();
    const again = openSqlite(file);
    dbs.push(again);
    expect((await new SqliteRecordStore<{ n: number }>(again, 'cases').get('x'))?.value).toEqual({ n: 1 });
    expect((await new SqliteRecordStore<{ n: number }>(again, 'case-s').get('x'))?.value).toEqual({ n: 2 });
  });

  it('adds the column of an index declared later and fills it from the stored records', async () => {
    const { db } = await tempDb();
    const before = new SqliteRecordStore<{ n: number; tag?: string }>(db, 'evolving');
    await before.put('a', { n: 1, tag: 'red' });
    await before.put('b', { n: 2, tag: 'blue' });
    const after = new SqliteRecordStore(db, 'evolving', [CONTRACT_INDEXES.byTag] as RecordIndex<{
      n: number;
      tag?: string;
    }>[]);
    expect((await after.query({ index: CONTRACT_INDEXES.byTag, equals: 'blue' })).map((r) => r.key)).toEqual(['b']);
  });

  it('answers an index query from the index, not a table scan', async () => {
    const { db } = await tempDb();
    new SqliteRecordStore(db, 'cases', [CASE_BY_REQUESTER]);
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT key, value, etag FROM ns_cases WHERE ix_requesterKey IS NOT NULL AND ix_requesterKey = ? ORDER BY ix_requesterKey ASC, key ASC',
      )
      .all('u') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/USING INDEX ns_cases_ix_requesterKey/);
  });

  it('hands out counter values once each, across two connections to the same file', async () => {
    const { db, file } = await tempDb();
    const other = openSqlite(file);
    dbs.push(other);
    const a = new SqliteCounters(db);
    const b = new SqliteCounters(other);
    const values = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).next('case-number', 1001)));
    expect(new Set(values).size).toBe(100);
    expect(Math.min(...values)).toBe(1001);
    expect(Math.max(...values)).toBe(1100);
  });
});

describe('SqliteBotStorage (Bot Framework Storage in the database)', () => {
  const KEY = 'msteams/conversations/19:abc@thread.tacv2;messageid=1/users/29:1xyz';

  it('round-trips items under Teams-style keys and survives reopening', async () => {
    const { db, file } = await tempDb();
    await new SqliteBotStorage(db).write({ [KEY]: { dialogStack: [{ id: 'fix' }], eTag: '*' } });
    db.close();
    const again = openSqlite(file);
    dbs.push(again);
    const read = await new SqliteBotStorage(again).read([KEY, 'missing']);
    expect(Object.keys(read)).toEqual([KEY]);
    expect(read[KEY]).toMatchObject({ dialogStack: [{ id: 'fix' }], eTag: expect.any(String) });
  });

  it('enforces eTags like MemoryStorage', async () => {
    const storage = new SqliteBotStorage((await tempDb()).db);
    await storage.write({ k: { n: 1 } });
    const first = (await storage.read(['k'])).k!;
    await storage.write({ k: { n: 2, eTag: first.eTag } });
    await expect(storage.write({ k: { n: 3, eTag: first.eTag } })).rejects.toMatchObject({
      name: 'BotStateConflictError',
      key: 'k',
    });
    expect((await storage.read(['k'])).k).toMatchObject({ n: 2 });
    await storage.write({ k: { n: 4, eTag: '*' } });
    await storage.write({ fresh: { n: 1, eTag: 'from-elsewhere' } });
    expect(await storage.read(['k', 'fresh'])).toMatchObject({ k: { n: 4 }, fresh: { n: 1 } });
    await storage.delete(['fresh', 'never-there']);
    expect(await storage.read(['fresh'])).toEqual({});
  });
});

describe('SqliteBotStorage group commit', () => {
  it('commits writes that arrive together in one transaction, and fails only the one whose eTag is stale', async () => {
    const { db } = await tempDb();
    const storage = new SqliteBotStorage(db);
    await storage.write({ a: { n: 0 }, b: { n: 0 } });
    const a = (await storage.read(['a'])).a!;
    const before = storage.commits;
    const results = await Promise.allSettled([
      storage.write({ a: { n: 1, eTag: a.eTag } }),
      storage.write({ a: { n: 2, eTag: 'stale' } }),
      storage.write({ b: { n: 3 }, c: { n: 3 } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ name: 'BotStateConflictError', key: 'a' });
    expect(storage.commits - before).toBe(1);
    expect(await storage.read(['a', 'b', 'c'])).toMatchObject({ a: { n: 1 }, b: { n: 3 }, c: { n: 3 } });
  });
});

describe('SqliteBotStorage writer thread', () => {
  it('groups what arrives while a commit runs into the next commit, in call order, and never lets a delete overtake a write', async () => {
    const { db } = await tempDb();
    const storage = new SqliteBotStorage(db);
    await storage.write({ warm: { n: 0 } }); // the writer is running
    const before = storage.commits;
    const first = storage.write({ k: { n: 1 } });
    // Next event-loop turns, while the first commit is (or may be) on the writer thread.
    await new Promise((r) => setImmediate(r));
    const later = [
      storage.write({ k: { n: 2 } }),
      storage.delete(['k']),
      storage.write({ gone: { n: 1 } }),
      storage.delete(['gone']),
      storage.write({ last: { n: 3 } }),
    ];
    await Promise.all([first, ...later]);
    // One commit for the first write, at most one more for everything queued behind it.
    expect(storage.commits - before).toBeGreaterThanOrEqual(1);
    expect(storage.commits - before).toBeLessThanOrEqual(2);
    expect(await storage.read(['k', 'gone', 'last'])).toEqual({ last: { n: 3, eTag: expect.any(String) } });
  });

  it('keeps an acknowledged write after close, seen by a new connection; refuses writes once closed', async () => {
    const { db, file } = await tempDb();
    const storage = new SqliteBotStorage(db);
    const writes = Array.from({ length: 20 }, (_, i) => storage.write({ [`k${i}`]: { i } }));
    await storage.close();
    await Promise.all(writes);
    const other = openSqlite(file);
    dbs.push(other);
    expect(Object.keys(await new SqliteBotStorage(other).read(['k0', 'k19']))).toEqual(['k0', 'k19']);
    await expect(storage.write({ late: { n: 1 } })).rejects.toThrow('closed');
  });

  it('close resolves when the last queued batch settles, without polling on a timer', async () => {
    const { db } = await tempDb();
    const storage = new SqliteBotStorage(db);
    await storage.write({ warm: { n: 0 } }); // the worker is running
    // Timers frozen: a close that polled with setTimeout would never return; worker messages still arrive.
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    try {
      const writes = Array.from({ length: 5 }, (_, i) => storage.write({ [`c${i}`]: { i } }));
      await storage.close();
      await Promise.all(writes);
    } finally {
      vi.useRealTimers();
    }
    expect(Object.keys(await storage.read(['c0', 'c4']))).toEqual(['c0', 'c4']);
  }, 10_000);

  it("the writer's connection takes the bot connection's settings: a short busy timeout fails a blocked commit quickly", async () => {
    const file = path.join(await tempDir(), 'kvbot.db');
    const db = openSqlite(file, { busyTimeoutInMs: 200, synchronous: 'NORMAL' });
    dbs.push(db);
    expect(sqliteSettings(db)).toEqual({ busyTimeoutInMs: 200, synchronous: 1 });
    const storage = new SqliteBotStorage(db);
    const holder = openSqlite(file);
    dbs.push(holder);
    holder.exec('BEGIN IMMEDIATE'); // another process holds the write lock
    const started = Date.now();
    try {
      await expect(storage.write({ k: { n: 1 } })).rejects.toThrow(/bot state not saved: database is locked/);
    } finally {
      holder.exec('COMMIT');
    }
    // The writer waited about its 200 ms, not the 10 s a hard-coded default would wait.
    expect(Date.now() - started).toBeLessThan(5_000);
    await storage.write({ k: { n: 2 } });
    await storage.close();
  });

  it('needs a database file (its writer opens a second connection)', () => {
    const memory = openSqlite(':memory:');
    dbs.push(memory);
    expect(() => new SqliteBotStorage(memory)).toThrow('needs a database file');
  });
});

describe('createStorageFactory with KVBOT_STORAGE=sqlite', () => {
  it('keeps records, counters and bot state in <dataDir>/kvbot.db', async () => {
    const dataDir = await tempDir();
    const f = createStorageFactory({ dataDir, storage: { kind: 'sqlite', container: 'unused' } });
    await f.recordStore<{ n: number }>('cases').put('c1', { n: 1 });
    await f.botStorage().write({ k: { n: 1 } });
    expect(await f.counters().next('case-number', 7)).toBe(7);
    f.close();
    expect(await fs.readdir(dataDir)).toContain('kvbot.db');
    const g = createStorageFactory({ dataDir, storage: { kind: 'sqlite', container: 'unused' } });
    expect((await g.recordStore<{ n: number }>('cases').get('c1'))?.value).toEqual({ n: 1 });
    expect(await g.counters().next('case-number', 7)).toBe(8);
    g.close();
  });

  it('refuses to start on a file data directory that was not migrated, and says how to migrate', async () => {
    const dataDir = await tempDir();
    const files = createStorageFactory({ dataDir, storage: { kind: 'file', container: 'unused' } });
    await files.recordStore<{ n: number }>('approvals').put('a1', { n: 1 });
    expect(() => createStorageFactory({ dataDir, storage: { kind: 'sqlite', container: 'unused' } })).toThrow(
      /kvbot data migrate/,
    );
  });
});
