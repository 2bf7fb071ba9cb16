/**
 * Issue 11 item 6: locks name their owner beyond the PID, and start-up sweeps what killed
 * processes left behind.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileLocker, LOCK_IDENTITY, sweepOrphanedFiles } from '../../src/adapters/storage/file-lock.js';
import { FileRecordStore } from '../../src/adapters/storage/file-record-store.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-lock-'));
  dirs.push(d);
  return d;
}

/** A PID that existed a moment ago and does not any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

const lockOf = (over: Record<string, unknown>): string =>
  JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'x'.repeat(16), at: Date.now(), ...over });

describe('lock owners', () => {
  it('a lock left by a previous process that had our PID (PID 1 in a container) is not taken for ours', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, '.k.json.lock');
    await fs.writeFile(lock, lockOf({ instance: 'an-earlier-process', startedAt: Date.now() - 5_000 }));
    // Before, the same PID counted as alive: "open a case" waited out the 30 s stale time.
    const ran = await new FileLocker({ timeoutInMs: 2_000, staleAfterInMs: 30_000 }).withLock(lock, async () => 'ran');
    expect(ran).toBe('ran');
  });

  it('a lock from before the machine booted is stale, one held by a live instance is not', async () => {
    const dir = await tempDir();
    const old = path.join(dir, '.old.json.lock');
    await fs.writeFile(old, lockOf({ pid: 1, instance: 'x', bootId: 'some-other-boot', startedAt: 0 }));
    expect(await new FileLocker().breakIfStale(old)).toBe(LOCK_IDENTITY.bootId !== '');
    const live = path.join(dir, '.live.json.lock');
    await fs.writeFile(live, lockOf({ ...LOCK_IDENTITY }));
    expect(await new FileLocker().breakIfStale(live)).toBe(false);
  });

  it("start-up sweep removes dead owners' locks and old temp/draft files, and keeps live and young ones", async () => {
    const root = await tempDir();
    const dir = path.join(root, 'cases', 'cases');
    await fs.mkdir(dir, { recursive: true });
    const old = new Date(Date.now() - 10 * 60_000);
    const files = {
      deadLock: path.join(dir, '.a.json.lock'),
      liveLock: path.join(dir, '.b.json.lock'),
      oldTemp: path.join(dir, '.c.json.4242.abcdef.tmp'),
      youngTemp: path.join(dir, '.d.json.4242.abcdef.tmp'),
      oldDraft: path.join(dir, '.e.json.lock.0123456789abcdef.draft'),
      record: path.join(dir, 'f.json'),
    };
    await fs.writeFile(files.deadLock, lockOf({ pid: deadPid(), instance: 'gone', startedAt: Date.now() - 1000 }));
    await fs.writeFile(files.liveLock, lockOf({ ...LOCK_IDENTITY }));
    for (const f of [files.oldTemp, files.youngTemp, files.oldDraft]) await fs.writeFile(f, '{"partial');
    await fs.writeFile(files.record, '{"etag":"\\"1\\"","value":{"n":1}}');
    for (const f of [files.oldTemp, files.oldDraft]) await fs.utimes(f, old, old);

    const swept = await createStorageFactory({
      dataDir: root,
      storage: { kind: 'file', container: 'unused' },
    }).sweepOrphans();
    expect(swept).toEqual({ locks: 1, temps: 1, drafts: 1 });
    const left = (await fs.readdir(dir)).sort();
    expect(left).toEqual(['.b.json.lock', '.d.json.4242.abcdef.tmp', 'f.json']);
    expect((await new FileRecordStore<{ n: number }>(path.join(root, 'cases')).get('cases/f'))?.value).toEqual({
      n: 1,
    });
    expect(await sweepOrphanedFiles(root)).toEqual({ locks: 0, temps: 0, drafts: 0 });
  });
});
