import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { run } from '../../src/cli/commands/audit.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-audit-cli-'));
  // The command reads loadConfig(); tests run in their own forked process, so setting env here is contained.
  process.env.KVBOT_DATA_DIR = dataDir;
  process.env.KVBOT_STORAGE = 'file';
  let t = Date.parse('2026-03-01T00:00:00Z');
  const log = createAuditLog(createStorageFactory({ dataDir, storage: { kind: 'file', container: 'x' } }), {
    clock: () => new Date((t += 3_600_000)),
  });
  await log.append({
    type: 'probe',
    actor: { id: 'u1', name: 'Alex' },
    vault: 'kv-payments',
    data: { probe: 'permission-check' },
  });
  await log.append({ type: 'plan', actor: { id: 'u1' }, vault: 'kv-orders', data: {} });
  await log.append({
    type: 'decision',
    actor: { id: 'u2', name: 'Megan' },
    vault: 'kv-payments',
    requestId: 'r1',
    data: { decision: 'approve' },
  });
});
afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function capture(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    out.push(a.join(' '));
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    err.push(a.join(' '));
  });
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('kvbot audit', () => {
  it('list --json prints one record per line, filtered by vault and time', async () => {
    const all = await capture(['list', '--json']);
    expect(all.code).toBe(0);
    expect(all.out.map((l) => JSON.parse(l).seq)).toEqual([1, 2, 3]);
    const payments = await capture(['list', '--vault', 'kv-payments', '--since', '2026-03-01T02:30:00Z', '--json']);
    expect(payments.out.map((l) => JSON.parse(l).type)).toEqual(['decision']);
  });

  it('list prints readable lines', async () => {
    const { out } = await capture(['list', '--vault', 'kv-orders']);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/2\s+2026-03-01T02:00:00.000Z\s+plan\s+u1\s+vault=kv-orders/);
  });

  it('list prints one page and says how to get the next; --after pages on', async () => {
    const first = await capture(['list', '--limit', '2', '--json']);
    expect(first.out.map((l) => JSON.parse(l).seq)).toEqual([1, 2]);
    expect(first.err.join('\n')).toContain('--after 2');
    const next = await capture(['list', '--limit', '2', '--after', '2', '--json']);
    expect(next.out.map((l) => JSON.parse(l).seq)).toEqual([3]);
    expect(next.err).toEqual([]);
  });

  it('rejects bad options with usage and exit 2', async () => {
    expect((await capture(['list', '--limit', '0'])).code).toBe(2);
    expect((await capture(['verify', '--limit', '5'])).code).toBe(2);
    expect((await capture(['list', '--full'])).code).toBe(2);
    expect((await capture(['list', '--since', 'yesterday'])).code).toBe(2);
    expect((await capture(['list', '--since', 'yesterday'])).err[0]).toContain('ISO 8601');
    expect((await capture(['frobnicate'])).code).toBe(2);
    expect((await capture(['list', '--vault'])).code).toBe(2);
  });

  it('verify exits 0 on an intact log and 1 naming the record after an edit on disk', async () => {
    const ok = await capture(['verify', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out[0]!)).toMatchObject({ ok: true, count: 3 });
    expect(JSON.parse((await capture(['verify', '--full', '--json'])).out[0]!)).toMatchObject({ ok: true, count: 3 });
    const file = path.join(dataDir, 'audit', '000000000002.json');
    const raw = JSON.parse(await fs.readFile(file, 'utf8'));
    raw.value.vault = 'kv-elsewhere';
    await fs.writeFile(file, JSON.stringify(raw));
    const bad = await capture(['verify']);
    expect(bad.code).toBe(1);
    expect(bad.out[0]).toContain('TAMPERED at record 2 (edited)');
  });
});

describe('kvbot audit verify on a record that is no longer JSON', () => {
  it('reports tampering (exit 1) instead of crashing', async () => {
    await fs.writeFile(path.join(dataDir, 'audit', '000000000001.json'), '{broken');
    const bad = await capture(['verify']);
    expect(bad.code).toBe(1);
    expect(bad.out[0]).toMatch(/TAMPERED \(malformed\).*000000000001\.json/);
  });
});
