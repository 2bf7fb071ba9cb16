import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRecordStore } from '../../src/adapters/storage/file-record-store.js';
import { sha256Hex } from '../../src/adapters/storage/sha256-hash.js';
import type { AuditHead } from '../../src/core/audit/audit-chain.js';
import { AuditLog } from '../../src/core/audit/audit-log.js';
import { GENESIS_HASH, type AuditEvent, type AuditRecord } from '../../src/core/audit/audit-record.js';
import { canonicalJson } from '../../src/core/audit/canonical-json.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function fileLog(clock?: () => Date) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-audit-'));
  dirs.push(root);
  const records = new FileRecordStore<AuditRecord>(path.join(root, 'audit'));
  const head = new FileRecordStore<AuditHead>(path.join(root, 'audit-head'));
  const make = () => new AuditLog({ records, head, hash: sha256Hex, clock });
  return { root, dir: path.join(root, 'audit'), log: make(), make };
}

const file = (dir: string, seq: number) => path.join(dir, `${String(seq).padStart(12, '0')}.json`);

const event = (i: number, vault = 'kv-payments'): AuditEvent => ({
  type: 'probe',
  actor: { id: 'user-1', name: 'Alex' },
  vault,
  requestId: `r${i}`,
  data: { probe: 'permission-check', i },
});

async function appendMany(log: AuditLog, n: number) {
  for (let i = 1; i <= n; i++) await log.append(event(i));
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined, so key order never changes a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"z":1}]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe('AuditLog', () => {
  it('chains records: seq from 1, each prevHash is the previous hash, each hash covers the record', async () => {
    const { log } = await fileLog(() => new Date('2026-01-01T00:00:00Z'));
    const first = await log.append(event(1));
    const second = await log.append({ ...event(2), correlationId: 'turn-7' });
    expect(first).toMatchObject({
      seq: 1,
      prevHash: GENESIS_HASH,
      at: '2026-01-01T00:00:00.000Z',
      type: 'probe',
      vault: 'kv-payments',
    });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, correlationId: 'turn-7' });
    const { hash: _h, ...unsigned } = second;
    expect(second.hash).toBe(sha256Hex(canonicalJson(unsigned)));
    expect(await log.verify()).toEqual({ ok: true, count: 2, headHash: second.hash });
  });

  it('refuses an unknown event type or a missing actor with a clear error', async () => {
    const { log } = await fileLog();
    await expect(log.append({ ...event(1), type: 'bogus' as never })).rejects.toMatchObject({
      name: 'InvalidAuditEventError',
      message: expect.stringContaining('bogus'),
    });
    await expect(log.append({ ...event(1), actor: { id: '' } })).rejects.toMatchObject({
      name: 'InvalidAuditEventError',
    });
  });

  it('never forks the chain when two instances append to the same store at once', async () => {
    const { make } = await fileLog();
    const a = make();
    const b = make();
    await a.append(event(0)); // b starts with a stale view of the tail
    await Promise.all([
      Promise.all(Array.from({ length: 15 }, (_, i) => a.append(event(100 + i)))),
      Promise.all(Array.from({ length: 15 }, (_, i) => b.append(event(200 + i)))),
    ]);
    const all = await a.list();
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(new Set(all.map((r) => r.requestId)).size).toBe(31);
    expect((await a.verify()).ok).toBe(true);
  });

  it('filters by vault (case-insensitive) and by time', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const { log } = await fileLog(() => now);
    await log.append(event(1, 'kv-payments'));
    now = new Date('2026-01-02T00:00:00Z');
    await log.append(event(2, 'kv-orders'));
    await log.append(event(3, 'kv-payments'));
    expect((await log.list({ vault: 'KV-Payments' })).map((r) => r.seq)).toEqual([1, 3]);
    expect((await log.list({ since: new Date('2026-01-01T12:00:00Z') })).map((r) => r.seq)).toEqual([2, 3]);
  });

  describe('verify() detects tampering on disk and names the first bad seq', () => {
    it('an edited record', async () => {
      const { log, dir } = await fileLog();
      await appendMany(log, 5);
      const raw = JSON.parse(await fs.readFile(file(dir, 3), 'utf8'));
      raw.value.data.probe = 'nothing-to-see';
      await fs.writeFile(file(dir, 3), JSON.stringify(raw));
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'edited' });
    });

    it('a removed record', async () => {
      const { log, dir } = await fileLog();
      await appendMany(log, 5);
      await fs.rm(file(dir, 2));
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'removed' });
    });

    it('records removed from the end', async () => {
      const { log, dir } = await fileLog();
      await appendMany(log, 5);
      await fs.rm(file(dir, 5));
      await fs.rm(file(dir, 4));
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'truncated' });
    });

    it('two records swapped', async () => {
      const { log, dir } = await fileLog();
      await appendMany(log, 5);
      const three = await fs.readFile(file(dir, 3), 'utf8');
      const four = await fs.readFile(file(dir, 4), 'utf8');
      await fs.writeFile(file(dir, 3), four);
      await fs.writeFile(file(dir, 4), three);
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'reordered' });
    });

    it('a forged record with a correctly recomputed hash inserted in place of a real one', async () => {
      const { log, dir } = await fileLog();
      await appendMany(log, 5);
      const raw = JSON.parse(await fs.readFile(file(dir, 3), 'utf8'));
      const forged = { ...raw.value, data: { probe: 'forged' } };
      delete forged.hash;
      forged.hash = sha256Hex(canonicalJson(forged));
      await fs.writeFile(file(dir, 3), JSON.stringify({ ...raw, value: forged }));
      // Record 3 is self-consistent, so the break shows where record 4 no longer follows it.
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 4, problem: 'inserted' });
    });

    it('an extra record appended by hand without the chain', async () => {
      const { log, dir } = await fileLog();
      await appendMany(log, 2);
      const raw = JSON.parse(await fs.readFile(file(dir, 2), 'utf8'));
      await fs.writeFile(file(dir, 3), JSON.stringify({ ...raw, value: { ...raw.value, seq: 3 } }));
      expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'edited' });
    });
  });

  it('continues the chain after a restart (a new instance finds the tail)', async () => {
    const { log, make } = await fileLog();
    await appendMany(log, 3);
    const restarted = make();
    expect((await restarted.append(event(4))).seq).toBe(4);
    expect((await restarted.verify()).ok).toBe(true);
  });
});
