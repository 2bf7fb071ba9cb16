/**
 * The Azure table store beyond the RecordStore contract (table-record-store.test.ts): the key
 * encoding, index rows that follow their record, large records, re-indexing, bot state, two
 * processes doing compare-and-swap, and a writer killed with SIGKILL mid-write. Against Azurite.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { TableBotStorage } from '../../src/adapters/storage/table/table-bot-storage.js';
import { encodeOrdered, indexRow, recordRow, tableNameFor } from '../../src/adapters/storage/table/table-keys.js';
import { TableRecordStore } from '../../src/adapters/storage/table/table-record-store.js';
import type { RecordIndex } from '../../src/core/storage/record-query.js';
import { startAzuriteTables, type Azurite } from '../helpers/azurite.js';
import { PARITY, type Doc } from './fixtures/store-worker.js';
import { killAfterAck } from '../helpers/kill-after-ack.js';

let azurite: Azurite;
let n = 0;
beforeAll(async () => {
  azurite = await startAzuriteTables();
});
afterAll(async () => {
  await azurite?.stop();
});

const client = (name: string) =>
  TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true });
const freshTable = () => `t${++n}x${Date.now().toString(36)}`;
// Table Storage refuses / \ # ? and control characters (U+0000–U+001F, U+007F–U+009F) in keys.
const FORBIDDEN_IN_KEYS = new RegExp(
  '[/\\\\#?' +
    String.fromCharCode(0) +
    '-' +
    String.fromCharCode(0x1f) +
    String.fromCharCode(0x7f) +
    '-' +
    String.fromCharCode(0x9f) +
    ']',
);

describe('table key encoding', () => {
  it('keeps the order of any two strings, never makes a prefix of a different string, and uses only allowed ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const ea = encodeOrdered(a);
        const eb = encodeOrdered(b);
        expect(Math.sign(ea < eb ? -1 : ea > eb ? 1 : 0)).toBe(Math.sign(a < b ? -1 : a > b ? 1 : 0));
        expect(ea).toMatch(/^[\x20-\x7e]*$/);
        expect(ea).not.toMatch(FORBIDDEN_IN_KEYS);
        // Prefix queries read the range of the encoded prefix: it must hold exactly the encoded strings
        // that start with it.
        expect(eb.startsWith(ea)).toBe(b.startsWith(a));
        // Index rows: (value, key) order, whatever the values.
        const ra = indexRow('i', a, 'k/1');
        const rb = indexRow('i', b, 'k/0');
        if (a !== b) expect(ra < rb).toBe(a < b);
      }),
      { numRuns: 2000 },
    );
  });

  it('names tables one-to-one from namespaces, letters and digits only', () => {
    expect(tableNameFor('kvbot', 'audit-head')).toBe('kvbotauditQ2dhead');
    expect(tableNameFor('kvbot', 'Q')).toBe('kvbotQ51');
    expect(tableNameFor('kvbot', 'a-b')).not.toBe(tableNameFor('kvbot', 'a.b'));
    expect(() => tableNameFor('kvbot', 'x'.repeat(80))).toThrow(/KVBOT_STORAGE_TABLE_PREFIX/);
  });
});

interface Item {
  owner?: string;
  text?: string;
}
const BY_OWNER: RecordIndex<Item> = { name: 'owner', valueOf: (i) => i.owner };

describe('TableRecordStore on Azurite', () => {
  it('answers index queries on values with quotes, slashes, #, ?, spaces and non-ASCII, in (value, key) order', async () => {
    const store = new TableRecordStore<Item>(client(freshTable()), [BY_OWNER]);
    const owners = ["o'brien", 'a/b', 'a#b', 'a?b', 'a b', 'zoë', '29:1AbC-x_y', '', '日本'];
    for (const [i, owner] of owners.entries()) {
      await store.put(`c/${i}`, { owner });
      await store.put(`d/${i}`, { owner });
    }
    for (const owner of owners) {
      expect(
        (await store.query({ index: BY_OWNER, equals: owner })).map((r) => r.value.owner),
        owner,
      ).toEqual([owner, owner]);
    }
    const all = await store.query({ index: BY_OWNER });
    expect(all.map((r) => r.value.owner)).toEqual([...owners, ...owners].sort());
    expect((await store.query({ index: BY_OWNER, atLeast: 'a', atMost: 'a?b' })).map((r) => r.key)).toEqual([
      'c/4',
      'd/4',
      'c/2',
      'd/2',
      'c/1',
      'd/1',
      'c/3',
      'd/3',
    ]);
  });

  it('keeps exactly one index row per record: moved when the value changes, gone with the record', async () => {
    const name = freshTable();
    const store = new TableRecordStore<Item>(client(name), [BY_OWNER]);
    const v1 = await store.put('case/1', { owner: 'megan' });
    await store.put('case/1', { owner: 'adele' }, { ifMatch: v1.etag });
    const rows = async () => {
      const out: string[] = [];
      for await (const e of client(name).listEntities()) out.push(e.rowKey!);
      return out.sort();
    };
    expect(await rows()).toEqual(['k:case.}1', indexRow('owner', 'adele', 'case/1'), 'm:indexes'].sort());
    await store.delete('case/1');
    expect(await rows()).toEqual(['m:indexes']);
  });

  it('stores a record larger than one property (64 KiB) and reads it through its index', async () => {
    const store = new TableRecordStore<Item>(client(freshTable()), [BY_OWNER]);
    const text = 'é'.repeat(100_000);
    await store.put('big', { owner: 'x', text });
    expect((await store.get('big'))?.value.text).toBe(text);
    const viaIndex = await store.query({ index: BY_OWNER, equals: 'x' });
    expect(viaIndex.map((r) => r.value.text?.length)).toEqual([100_000]);
    expect(viaIndex[0]!.etag).toBe((await store.get('big'))!.etag);
  });

  it('refuses a record too large for a table entity with a message that says what to do', async () => {
    const store = new TableRecordStore<Item>(client(freshTable()));
    await expect(store.put('huge', { text: 'x'.repeat(600_000) })).rejects.toMatchObject({
      name: 'RecordTooLargeError',
      message: expect.stringMatching(/KVBOT_STORAGE=sqlite/),
    });
  });

  it('builds the rows of an index declared after the records were written', async () => {
    const name = freshTable();
    const before = new TableRecordStore<Item>(client(name));
    await before.put('a', { owner: 'megan' });
    await before.put('b', { owner: 'adele' });
    const after = new TableRecordStore<Item>(client(name), [BY_OWNER]);
    const viaIndex = await after.query({ index: BY_OWNER, equals: 'adele' });
    expect(viaIndex.map((r) => r.key)).toEqual(['b']);
    // Re-indexing keeps each record's value and version: a read-back ETag still writes conditionally.
    const b = await after.get('b');
    expect(b).toEqual({ key: 'b', value: { owner: 'adele' }, etag: viaIndex[0]!.etag });
    await after.put('b', { owner: 'megan' }, { ifMatch: b!.etag });
    // And drops them again when the index is no longer declared.
    const without = new TableRecordStore<Item>(client(name));
    await without.get('a');
    const rows: string[] = [];
    for await (const e of client(name).listEntities()) rows.push(e.rowKey!);
    expect(rows.sort()).toEqual([recordRow('a'), recordRow('b'), 'm:indexes']);
  });

  it('imports records in batches, readable by key and through their index, and refuses a key that exists', async () => {
    const store = new TableRecordStore<Item>(client(freshTable()), [BY_OWNER]);
    const big = 'x'.repeat(40_000); // more than one property: the index row refers to the record
    await store.importMany([
      { key: 'a', value: { owner: 'megan' } },
      { key: 'b', value: { owner: 'adele', text: big } },
      { key: 'c', value: { text: 'no owner' } },
    ]);
    expect((await store.list()).map((r) => [r.key, r.value])).toEqual([
      ['a', { owner: 'megan' }],
      ['b', { owner: 'adele', text: big }],
      ['c', { text: 'no owner' }],
    ]);
    const viaIndex = await store.query({ index: BY_OWNER, equals: 'adele' });
    expect(viaIndex.map((r) => r.value.text?.length)).toEqual([40_000]);
    expect(viaIndex[0]!.etag).toBe((await store.get('b'))!.etag);
    await expect(store.importMany([{ key: 'a', value: { owner: 'other' } }])).rejects.toMatchObject({
      statusCode: 409,
    });
    expect((await store.get('a'))?.value).toEqual({ owner: 'megan' });
  });

  it('a record being deleted (tombstone left by a crash) reads as absent and can be created again', async () => {
    const name = freshTable();
    const store = new TableRecordStore<Item>(client(name));
    await store.put('t', { owner: 'x' });
    // What a process killed between the two steps of a delete leaves behind.
    await client(name).updateEntity({ partitionKey: 'r', rowKey: recordRow('t'), key: 't', gone: true }, 'Replace');
    expect(await store.get('t')).toBeUndefined();
    expect(await store.list()).toEqual([]);
    await store.put('t', { owner: 'y' }, { ifNoneMatch: '*' });
    expect((await store.get('t'))?.value).toEqual({ owner: 'y' });
  });
});

describe('TableBotStorage on Azurite', () => {
  const KEY = 'msteams/conversations/19:abc@thread.tacv2;messageid=1/users/29:1xyz?#';

  it('round-trips Teams-style keys and enforces eTags like MemoryStorage', async () => {
    const storage = new TableBotStorage(client(freshTable()));
    await storage.write({ [KEY]: { dialogStack: [{ id: 'fix' }], eTag: '*' } });
    const read = await new TableBotStorage(client(freshTable())).read([KEY]);
    expect(read).toEqual({});
    const first = (await storage.read([KEY, 'missing']))[KEY]!;
    expect(first).toMatchObject({ dialogStack: [{ id: 'fix' }], eTag: expect.any(String) });
    await storage.write({ [KEY]: { n: 2, eTag: first.eTag } });
    await expect(storage.write({ [KEY]: { n: 3, eTag: first.eTag } })).rejects.toMatchObject({
      name: 'BotStateConflictError',
      key: KEY,
    });
    await storage.write({ fresh: { n: 1, eTag: 'from-elsewhere' } });
    expect(await storage.read([KEY, 'fresh'])).toMatchObject({ [KEY]: { n: 2 }, fresh: { n: 1 } });
    await storage.delete(['fresh', 'never-there']);
    expect(await storage.read(['fresh'])).toEqual({});
  });
});

describe('createStorageFactory with KVBOT_STORAGE=table', () => {
  it('keeps records, counters and bot state in tables under the prefix', async () => {
    const config = {
      dataDir: '/unused',
      storage: {
        kind: 'table' as const,
        connectionString: azurite.connectionString,
        container: 'unused',
        tablePrefix: 'fac',
      },
    };
    const f = createStorageFactory(config);
    await f.recordStore<{ n: number }>('cases').put('c1', { n: 1 });
    await f.botStorage().write({ k: { n: 1 } });
    expect(await f.counters().next('case-number', 7)).toBe(7);
    const g = createStorageFactory(config);
    expect((await g.recordStore<{ n: number }>('cases').get('c1'))?.value).toEqual({ n: 1 });
    expect(await g.counters().next('case-number', 7)).toBe(8);
    expect(await g.botStorage().read(['k'])).toMatchObject({ k: { n: 1 } });
    expect(f.description).toMatch(/^table:http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/fac\*$/);
  });
});

const WORKER = path.join(__dirname, 'fixtures', 'store-worker.ts');
function runWorker(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KVBOT_TEST_STORE: 'table', KVBOT_TEST_TABLES: azurite.connectionString },
  });
}

function writeUntilKilled(table: string, killAfter: number): Promise<number> {
  return killAfterAck(runWorker(['write', table]), killAfter);
}

describe('TableRecordStore across processes (Azurite)', () => {
  it('loses no acknowledged record and leaves no index row out of step when the writer is SIGKILLed mid-write', async () => {
    const table = freshTable();
    for (const killAfter of [3, 8, 13]) {
      const lastAck = await writeUntilKilled(table, killAfter);
      expect(lastAck).toBeGreaterThanOrEqual(killAfter);
      const store = new TableRecordStore<Doc>(client(table), [PARITY]);
      const numbered = (await store.list('w/')).filter((r) => r.key !== 'w/latest');
      for (let i = 0; i <= lastAck; i++) {
        const r = numbered.find((x) => x.value.i === i);
        expect(r?.key).toBe(`w/${String(i).padStart(6, '0')}`);
        expect(r?.value.pad).toHaveLength(64 * 1024);
      }
      const latest = (await store.get('w/latest'))!;
      expect(latest.value.i).toBeGreaterThanOrEqual(lastAck);
      // The index agrees with the records, including whatever the killed batch did or did not do.
      const all = await store.list();
      for (const parity of ['0', '1']) {
        const viaIndex = await store.query({ index: PARITY, equals: parity });
        expect(viaIndex.map((r) => `${r.key}@${r.etag}`)).toEqual(
          all.filter((r) => String(r.value.i % 2) === parity).map((r) => `${r.key}@${r.etag}`),
        );
      }
      await store.put('w/latest', { i: -1 }, { ifMatch: latest.etag });
    }
  }, 120_000);

  it('serialises compare-and-swap writes from three processes', async () => {
    const table = freshTable();
    const workers = Array.from({ length: 3 }, () => runWorker(['increment', table, '15']));
    const codes = await Promise.all(
      workers.map(
        (w) =>
          new Promise<number | null>((r) => {
            let err = '';
            w.stderr.on('data', (c: Buffer) => {
              err += c.toString();
            });
            w.on('exit', (code) => {
              if (code !== 0) console.error(err);
              r(code);
            });
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0]);
    expect((await new TableRecordStore<Doc>(client(table), [PARITY]).get('counter'))?.value.i).toBe(45);
  }, 120_000);
});
