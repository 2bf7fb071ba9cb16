import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBotStorage } from '../../src/adapters/storage/file-bot-storage.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';

let azurite: Azurite;
let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-botstate-'));
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
  await fs.rm(root, { recursive: true, force: true });
});

const KEY = 'msteams/conversations/19:abc@thread.tacv2;messageid=1/users/29:1xyz';

describe('FileBotStorage (Bot Framework Storage over files)', () => {
  it('round-trips items under Teams-style keys and survives a new instance (restart)', async () => {
    const dir = path.join(root, 'a');
    await new FileBotStorage(dir).write({ [KEY]: { dialogStack: [{ id: 'fix' }], eTag: '*' } });
    const read = await new FileBotStorage(dir).read([KEY, 'missing']);
    expect(Object.keys(read)).toEqual([KEY]);
    expect(read[KEY]).toMatchObject({ dialogStack: [{ id: 'fix' }], eTag: expect.any(String) });
  });

  it('enforces eTags like MemoryStorage: the current eTag wins, a stale one throws, none or * overwrites', async () => {
    const storage = new FileBotStorage(path.join(root, 'b'));
    await storage.write({ k: { n: 1 } });
    const first = (await storage.read(['k'])).k!;
    await storage.write({ k: { n: 2, eTag: first.eTag } });
    await expect(storage.write({ k: { n: 3, eTag: first.eTag } })).rejects.toMatchObject({
      name: 'BotStateConflictError',
      key: 'k',
    });
    expect((await storage.read(['k'])).k).toMatchObject({ n: 2 });
    await storage.write({ k: { n: 4, eTag: '*' } });
    await storage.write({ k: { n: 5 } });
    expect((await storage.read(['k'])).k).toMatchObject({ n: 5 });
  });

  it('writes an item with an eTag when the key does not exist yet, and deletes', async () => {
    const storage = new FileBotStorage(path.join(root, 'c'));
    await storage.write({ fresh: { n: 1, eTag: 'from-elsewhere' } });
    expect((await storage.read(['fresh'])).fresh).toMatchObject({ n: 1 });
    await storage.delete(['fresh', 'never-there']);
    expect(await storage.read(['fresh'])).toEqual({});
  });

  it('of two writers holding the same eTag, one wins', async () => {
    const storage = new FileBotStorage(path.join(root, 'd'));
    await storage.write({ k: { n: 0 } });
    const { eTag } = (await storage.read(['k'])).k!;
    const results = await Promise.allSettled([
      storage.write({ k: { n: 1, eTag } }),
      storage.write({ k: { n: 2, eTag } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('createStorageFactory', () => {
  it('file mode keeps each namespace in its own folder under the data dir', async () => {
    const dataDir = path.join(root, 'factory');
    const f = createStorageFactory({ dataDir, storage: { kind: 'file', container: 'unused' } });
    await f.recordStore<{ n: number }>('cases').put('c1', { n: 1 });
    expect(await fs.readdir(path.join(dataDir, 'cases'))).toContain('c1.json');
    expect(f.description).toBe(`file:${dataDir}`);
    await f.botStorage().write({ k: { n: 1 } });
    expect(await fs.readdir(path.join(dataDir, 'bot-state', 'items'))).toHaveLength(1);
  });

  it('blob mode gives BlobsStorage for bot state and blob record stores (Azurite)', async () => {
    const f = createStorageFactory({
      dataDir: '/unused',
      storage: { kind: 'blob', connectionString: azurite.connectionString, container: 'kvbot' },
    });
    const state = f.botStorage();
    await state.write({ [KEY]: { turn: 1 } });
    expect((await state.read([KEY]))[KEY]).toMatchObject({ turn: 1 });
    const cases = f.recordStore<{ n: number }>('cases');
    await cases.put('c1', { n: 7 });
    expect(
      (
        await createStorageFactory({
          dataDir: '/unused',
          storage: { kind: 'blob', connectionString: azurite.connectionString, container: 'kvbot' },
        })
          .recordStore<{ n: number }>('cases')
          .get('c1')
      )?.value,
    ).toEqual({ n: 7 });
  });

  it('refuses a namespace that is not a valid key', () => {
    const f = createStorageFactory({ dataDir: root, storage: { kind: 'file', container: 'unused' } });
    expect(() => f.recordStore('../escape')).toThrow(/Invalid record key/);
  });
});
