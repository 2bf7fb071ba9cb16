import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRecordStore } from '../../src/adapters/storage/file-record-store.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';
import { recordStoreContract } from './record-store-contract.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

recordStoreContract('FileRecordStore', async () => new FileRecordStore(await tempDir()));
recordStoreContract('MemoryRecordStore', async () => new MemoryRecordStore());

describe('FileRecordStore on disk', () => {
  it('stores one JSON file per key and ignores leftover temp and lock files when listing', async () => {
    const root = await tempDir();
    const store = new FileRecordStore<{ n: number }>(root);
    await store.put('audit/1', { n: 1 });
    await fs.writeFile(path.join(root, 'audit', '.1.json.123.abcd.tmp'), '{"etag":"torn","val');
    await fs.writeFile(path.join(root, 'audit', '.2.json.lock'), 'x');
    expect(JSON.parse(await fs.readFile(path.join(root, 'audit', '1.json'), 'utf8'))).toMatchObject({
      value: { n: 1 },
    });
    expect((await store.list('audit/')).map((r) => r.key)).toEqual(['audit/1']);
  });

  it('names the file when a record was corrupted by hand', async () => {
    const root = await tempDir();
    const store = new FileRecordStore<{ n: number }>(root);
    await fs.writeFile(path.join(root, 'bad.json'), '{not json');
    await expect(store.get('bad')).rejects.toMatchObject({
      name: 'CorruptRecordError',
      file: path.join(root, 'bad.json'),
    });
  });

  it('breaks a lock left by a process that no longer exists', async () => {
    const root = await tempDir();
    const store = new FileRecordStore<{ n: number }>(root, { lock: { timeoutInMs: 5_000 } });
    // A pid far above pid_max on Linux is never alive.
    await fs.writeFile(
      path.join(root, '.k.json.lock'),
      JSON.stringify({ pid: 2 ** 30, host: os.hostname(), token: 'dead', at: Date.now() }),
    );
    await store.put('k', { n: 1 });
    expect((await store.get('k'))?.value).toEqual({ n: 1 });
  });

  it('times out with a clear error on a lock held by a live process', async () => {
    const root = await tempDir();
    const store = new FileRecordStore<{ n: number }>(root, { lock: { timeoutInMs: 200 } });
    await fs.writeFile(
      path.join(root, '.k.json.lock'),
      JSON.stringify({ pid: process.ppid, host: os.hostname(), token: 'alive', at: Date.now() }),
    );
    await expect(store.put('k', { n: 1 })).rejects.toMatchObject({ name: 'LockTimeoutError' });
  });
});
