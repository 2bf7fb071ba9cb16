import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRecordStore } from '../../src/adapters/storage/file-record-store.js';
import { openSqlite } from '../../src/adapters/storage/sqlite/sqlite-database.js';
import { SqliteRecordStore } from '../../src/adapters/storage/sqlite/sqlite-record-store.js';
import { killAfterAck } from '../helpers/kill-after-ack.js';

const WORKER = path.join(__dirname, 'fixtures', 'store-worker.ts');
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

let workerStore: 'file' | 'sqlite' = 'file';
function runWorker(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KVBOT_TEST_STORE: workerStore },
  });
}

/** Starts a writer and SIGKILLs it right after its `killAfter`-th acknowledgement; returns the last ack seen. */
function writeUntilKilled(root: string, killAfter: number): Promise<number> {
  return killAfterAck(runWorker(['write', root]), killAfter);
}

describe('FileRecordStore across processes', () => {
  it('loses and tears no acknowledged record when the writer is SIGKILLed mid-write', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-kill-'));
    dirs.push(root);
    // Several rounds: each kill lands at a different point of a write (temp file, rename, lock, unlock).
    for (const killAfter of [5, 17, 29]) {
      const lastAck = await writeUntilKilled(root, killAfter);
      expect(lastAck).toBeGreaterThanOrEqual(killAfter);
      const store = new FileRecordStore<{ i: number; pad?: string }>(root, { lock: { timeoutInMs: 5_000 } });
      // Every record on disk parses (list reads them all); nothing acknowledged is missing.
      const records = await store.list('w/');
      const numbered = records.filter((r) => r.key !== 'w/latest');
      for (let i = 0; i <= lastAck; i++) {
        const r = numbered.find((x) => x.value.i === i);
        expect(r?.key).toBe(`w/${String(i).padStart(6, '0')}`);
        expect(r?.value.pad).toHaveLength(64 * 1024);
      }
      const latest = await store.get('w/latest');
      expect(latest!.value.i).toBeGreaterThanOrEqual(lastAck);
      // A lock the killed process may have held is recovered: the next write goes through.
      await store.put('w/latest', { i: -1 });
      expect((await store.get('w/latest'))?.value.i).toBe(-1);
    }
  }, 60_000);

  it('serialises compare-and-swap writes from several processes sharing the directory', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-procs-'));
    dirs.push(root);
    const perWorker = 25;
    const workers = Array.from({ length: 3 }, () => runWorker(['increment', root, String(perWorker)]));
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
    const store = new FileRecordStore<{ i: number }>(root);
    expect((await store.get('counter'))?.value.i).toBe(3 * perWorker);
  }, 60_000);
});

describe('SqliteRecordStore across processes', () => {
  it('loses and tears no acknowledged record when the writer is SIGKILLed mid-write, and serialises CAS writers', async () => {
    workerStore = 'sqlite';
    try {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-kill-sqlite-'));
      dirs.push(root);
      for (const killAfter of [5, 17, 29]) {
        const lastAck = await writeUntilKilled(root, killAfter);
        expect(lastAck).toBeGreaterThanOrEqual(killAfter);
        const db = openSqlite(path.join(root, 'kvbot.db'));
        const store = new SqliteRecordStore<{ i: number; pad?: string }>(db, 'w');
        const numbered = (await store.list('w/')).filter((r) => r.key !== 'w/latest');
        for (let i = 0; i <= lastAck; i++) {
          const r = numbered.find((x) => x.value.i === i);
          expect(r?.key).toBe(`w/${String(i).padStart(6, '0')}`);
          expect(r?.value.pad).toHaveLength(64 * 1024);
        }
        expect((await store.get('w/latest'))!.value.i).toBeGreaterThanOrEqual(lastAck);
        // The killed writer's lock is gone with its process: the next write goes through at once.
        await store.put('w/latest', { i: -1 });
        db.close();
      }
      const procs = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-procs-sqlite-'));
      dirs.push(procs);
      const workers = Array.from({ length: 3 }, () => runWorker(['increment', procs, '25']));
      const codes = await Promise.all(
        workers.map((w) => new Promise<number | null>((r) => w.on('exit', (code) => r(code)))),
      );
      expect(codes).toEqual([0, 0, 0]);
      const db = openSqlite(path.join(procs, 'kvbot.db'));
      expect((await new SqliteRecordStore<{ i: number }>(db, 'w').get('counter'))?.value.i).toBe(75);
      db.close();
    } finally {
      workerStore = 'file';
    }
  }, 120_000);
});
