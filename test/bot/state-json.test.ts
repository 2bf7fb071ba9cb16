/**
 * A bot state's JSON text travels with it (src/adapters/storage/state-json.ts): SQLite attaches the
 * stored text on read, the snapshot change check takes it as its baseline, attaches its snapshot to
 * the write, the turn batch holds that text (not a copy) and SQLite stores it as it is. What is
 * stored must be exactly what the plain path stores, and a store that does not know the text must
 * see plain items.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { SnapshotConversationState } from '../../src/adapters/bot/snapshot-bot-state.js';
import { TurnBatchedStorage } from '../../src/adapters/bot/turn-batched-storage.js';
import { openSqlite, type SqliteDb } from '../../src/adapters/storage/sqlite/sqlite-database.js';
import { SqliteBotStorage } from '../../src/adapters/storage/sqlite/sqlite-bot-storage.js';
import { attachStateJson, takeStateJson } from '../../src/adapters/storage/state-json.js';
import { messageTurn } from '../helpers/message-turn.js';

const dirs: string[] = [];
const dbs: SqliteDb[] = [];
const stores: SqliteBotStorage[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dbs.splice(0)) d.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function sqliteStorage(): { storage: SqliteBotStorage; db: SqliteDb } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-state-json-'));
  dirs.push(dir);
  const db = openSqlite(path.join(dir, 'kvbot.db'));
  dbs.push(db);
  const storage = new SqliteBotStorage(db);
  stores.push(storage);
  return { storage, db };
}

function storedText(db: SqliteDb, key: string): string | undefined {
  return (db.prepare('SELECT item FROM bot_state WHERE key = ?').get(key) as { item: string } | undefined)?.item;
}

/** Records what reaches the inner store, as the inner store sees it. */
class RecordingStorage extends MemoryStorage {
  seen: StoreItems[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.seen.push(Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, { ...v }])));
    return super.write(changes);
  }
}

describe('state JSON beside the item', () => {
  it('is invisible to JSON, spread and structuredClone, and taken off once read', () => {
    const item = attachStateJson({ a: 1 }, '{"a":1}');
    expect(JSON.stringify(item)).toBe('{"a":1}');
    expect(Object.getOwnPropertySymbols({ ...item })).toHaveLength(0);
    expect(takeStateJson(structuredClone(item))).toBeUndefined();
    expect(takeStateJson(item)).toBe('{"a":1}');
    expect(takeStateJson(item)).toBeUndefined();
    expect(takeStateJson(undefined)).toBeUndefined();
  });

  it('SQLite stores an attached text as it is and attaches the stored text on read', async () => {
    const { storage, db } = sqliteStorage();
    // A text that differs from JSON.stringify(item) shows which one was stored.
    await storage.write({ k: attachStateJson({ a: 1, eTag: '*' }, '{"a":1,"marker":true}') });
    expect(storedText(db, 'k')).toBe('{"a":1,"marker":true}');
    await storage.write({ plain: { b: [1, 2], eTag: '*' } });
    expect(storedText(db, 'plain')).toBe('{"b":[1,2]}');
    const read = await storage.read(['plain']);
    expect(read.plain).toMatchObject({ b: [1, 2] });
    expect(takeStateJson(read.plain)).toBe('{"b":[1,2]}');
  });

  it('a turn batch holds the text, not the live object, and gives a plain store plain items', async () => {
    const inner = new RecordingStorage();
    const batched = new TurnBatchedStorage(inner);
    const context = messageTurn();
    await batched.runTurn(context, async () => {
      const live = { count: 1, eTag: '*' };
      await batched.writeInTurn(context, { k: attachStateJson(live, '{"count":1}') });
      live.count = 2; // BotState keeps changing its object after the write
      const again = await batched.readInTurn(context, ['k']);
      expect(again.k).toMatchObject({ count: 1, eTag: '*' });
      expect(inner.seen).toHaveLength(0);
    });
    expect(inner.seen).toHaveLength(1);
    expect(inner.seen[0]!.k).toEqual({ count: 1, eTag: '*' });
    expect(Object.getOwnPropertySymbols(inner.seen[0]!.k)).toHaveLength(0);
  });

  it('conversation state stores the same text through SQLite as the plain path, and nothing when unchanged', async () => {
    const viaJson = sqliteStorage();
    const batched = new TurnBatchedStorage(viaJson.storage);
    const plain = sqliteStorage();
    const run = async (
      storage: Storage,
      mutate: (log: { messages: string[]; n: number }) => void,
      context = messageTurn(),
    ) => {
      const state = new SnapshotConversationState(storage);
      const prop = state.createProperty<{ messages: string[]; n: number }>('log');
      const log = await prop.get(context, { messages: [], n: 0 });
      mutate(log);
      await state.saveChanges(context);
    };
    const key = 'test/conversations/c1/';
    const steps: Array<(log: { messages: string[]; n: number }) => void> = [
      (log) => log.messages.push('é "quoted" \u2028 line'),
      (log) => (log.n = 1.5e21),
      () => undefined,
      (log) => log.messages.splice(0, 1),
    ];
    let commits = viaJson.storage.commits;
    for (const [i, step] of steps.entries()) {
      const context = messageTurn();
      await batched.runTurn(context, () => run(batched, step, context));
      await run(plain.storage, step);
      expect(storedText(viaJson.db, key), `after step ${i}`).toBe(storedText(plain.db, key));
      // The unchanged turn (step 2) commits nothing; the others one transaction each.
      expect(viaJson.storage.commits - commits, `commits of step ${i}`).toBe(i === 2 ? 0 : 1);
      commits = viaJson.storage.commits;
    }
  });

  it("a state deleted in the turn that saved it is not stored at the turn's end; outside a turn writes go straight through", async () => {
    const inner = new RecordingStorage();
    const batched = new TurnBatchedStorage(inner);
    const state = new SnapshotConversationState(batched);
    const context = messageTurn();
    await batched.runTurn(context, async () => {
      await state.createProperty<number>('count').set(context, 1);
      await state.saveChanges(context);
      await state.delete(context);
    });
    expect(inner.seen).toHaveLength(0);
    expect(await inner.read(['test/conversations/c1/'])).toEqual({});
    const outside = messageTurn();
    await state.createProperty<number>('count').set(outside, 2);
    await state.saveChanges(outside);
    expect(inner.seen).toHaveLength(1);
    expect(inner.seen[0]!['test/conversations/c1/']).toMatchObject({ count: 2 });
  });
});
