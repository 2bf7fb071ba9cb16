import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import { createStorageFactory, type StorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { auditKey, type AuditCheckpoint } from '../../src/core/audit/audit-chain.js';
import type { AuditRecord } from '../../src/core/audit/audit-record.js';

const dirs: string[] = [];
const factories: StorageFactory[] = [];
afterAll(async () => {
  for (const f of factories) f.close();
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function sqliteFactory(): Promise<StorageFactory> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-audit-cp-'));
  dirs.push(dataDir);
  const f = createStorageFactory({ dataDir, storage: { kind: 'sqlite', container: 'unused' } });
  factories.push(f);
  return f;
}

async function seeded(count: number, checkpointEvery = 5) {
  const storage = await sqliteFactory();
  const log = createAuditLog(storage, { checkpointEvery });
  for (let i = 1; i <= count; i++)
    await log.append({ type: 'probe', actor: { id: `u${i % 3}` }, vault: i % 2 ? 'kv-a' : 'kv-b', data: { i } });
  return {
    storage,
    log,
    records: storage.recordStore<AuditRecord>('audit'),
    checkpoints: storage.recordStore<AuditCheckpoint>('audit-checkpoints'),
  };
}

/** Edits a stored record in place, as someone with write access to the database would. */
async function tamper(records: ReturnType<StorageFactory['recordStore']>, seq: number): Promise<void> {
  const r = (await records.get(auditKey(seq)))!;
  await records.put(auditKey(seq), { ...(r.value as AuditRecord), data: { i: -1 } });
}

describe('audit checkpoints', () => {
  it('stores a checkpoint every N records and verifies incrementally from the last one', async () => {
    const { log, checkpoints } = await seeded(23);
    expect((await checkpoints.list()).map((c) => c.value.seq)).toEqual([5, 10, 15, 20]);
    const result = await log.verify();
    expect(result).toMatchObject({ ok: true, checkedFrom: 20, count: 3 });
    expect(await log.verify({ full: true })).toMatchObject({ ok: true, count: 23 });
  });

  it('misses tampering before the last checkpoint incrementally, and --full still detects it', async () => {
    const { log, records } = await seeded(23);
    await tamper(records, 7);
    expect(await log.verify()).toMatchObject({ ok: true, checkedFrom: 20 });
    expect(await log.verify({ full: true })).toMatchObject({ ok: false, firstBadSeq: 7, problem: 'edited' });
  });

  it('detects tampering after the last checkpoint, and at the checkpointed record itself, incrementally', async () => {
    const after = await seeded(23);
    await tamper(after.records, 22);
    expect(await after.log.verify()).toMatchObject({ ok: false, firstBadSeq: 22, problem: 'edited' });
    const at = await seeded(23);
    await tamper(at.records, 20);
    expect(await at.log.verify()).toMatchObject({ ok: false, firstBadSeq: 20, problem: 'edited' });
  });

  it('detects a tail rewritten consistently from before a checkpoint (re-hashed chain) against the stored checkpoint', async () => {
    const { log, records } = await seeded(12);
    // Rewrite records 8..12 as a forger who can recompute hashes would: the chain is consistent again,
    // but record 10 no longer matches checkpoint 10.
    const all = (await records.list()).map((r) => r.value as AuditRecord);
    const { computeAuditHash } = await import('../../src/core/audit/audit-chain.js');
    const { sha256Hex } = await import('../../src/adapters/storage/sha256-hash.js');
    let prev = all[6]!.hash;
    for (const r of all.slice(7)) {
      const unsigned = { ...r, data: { forged: true }, prevHash: prev };
      const forged = { ...unsigned, hash: computeAuditHash(unsigned, sha256Hex) };
      await records.put(auditKey(r.seq), forged);
      prev = forged.hash;
    }
    expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 10 });
    expect(await log.verify({ full: true })).toMatchObject({ ok: false, firstBadSeq: 10, problem: 'edited' });
  });

  it('a log without checkpoints (written before them, or migrated) gets them from its first full verification', async () => {
    const { log, checkpoints } = await seeded(12);
    for (const c of await checkpoints.list()) await checkpoints.delete(c.key);
    expect(await log.verify()).toMatchObject({ ok: true, count: 12 });
    expect((await checkpoints.list()).map((c) => c.value.seq)).toEqual([5, 10]);
    expect(await log.verify()).toMatchObject({ ok: true, checkedFrom: 10, count: 2 });
  });

  it('lists a vault page by page through its index', async () => {
    const { log } = await seeded(23);
    const first = await log.list({ vault: 'KV-A', limit: 4 });
    expect(first.map((r) => r.seq)).toEqual([1, 3, 5, 7]);
    const next = await log.list({ vault: 'kv-a', limit: 4, afterSeq: 7 });
    expect(next.map((r) => r.seq)).toEqual([9, 11, 13, 15]);
  });
});
