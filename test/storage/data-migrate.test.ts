import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { runMigrate } from '../../src/cli/commands/data.js';
import { CASE_BY_REQUESTER } from '../../src/core/escalation/case-indexes.js';
import type { Case } from '../../src/core/escalation/case-types.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function fileDataDir(): Promise<string> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-migrate-'));
  dirs.push(dataDir);
  const files = createStorageFactory({ dataDir, storage: { kind: 'file', container: 'unused' } });
  const audit = createAuditLog(files);
  for (let i = 0; i < 4; i++) await audit.append({ type: 'probe', actor: { id: 'u1' }, vault: 'kv-a', data: { i } });
  const cases = files.recordStore<Partial<Case>>('cases');
  await cases.put('cases/c1', { id: 'c1', number: 'KV-1001', status: 'open', requester: { id: 'alex', name: 'Alex' } });
  await cases.put('cases/c2', {
    id: 'c2',
    number: 'KV-1002',
    status: 'resolved',
    requester: { id: 'megan', name: 'Megan' },
  });
  expect(await files.counters().next('counters/case-number', 1001)).toBe(1001);
  expect(await files.counters().next('counters/case-number', 1001)).toBe(1002);
  await files.botStorage().write({ 'msteams/conversations/a:1/escalation': { log: { messages: [{ text: 'hi' }] } } });
  return dataDir;
}

async function migrate(dataDir: string): Promise<{
  code: number;
  report: {
    namespaces: { namespace: string; imported: number; unchanged: number }[];
    botState: { imported: number; unchanged: number };
  };
}> {
  const out: string[] = [];
  const code = await runMigrate(['--json'], dataDir, (t) => out.push(t));
  return { code, report: JSON.parse(out[0]!) };
}

describe('kvbot data migrate', () => {
  it('imports a file data directory into SQLite: records, indexes, audit chain, case counter and bot state', async () => {
    const dataDir = await fileDataDir();
    expect(() => createStorageFactory({ dataDir, storage: { kind: 'sqlite', container: 'unused' } })).toThrow(
      /kvbot data migrate/,
    );
    const { code, report } = await migrate(dataDir);
    expect(code).toBe(0);
    expect(report.namespaces.find((n) => n.namespace === 'audit')).toMatchObject({ imported: 4, unchanged: 0 });
    expect(report.namespaces.find((n) => n.namespace === 'cases')).toMatchObject({ imported: 2 });
    expect(report.botState).toEqual({ imported: 1, unchanged: 0 });

    const db = createStorageFactory({ dataDir, storage: { kind: 'sqlite', container: 'unused' } });
    try {
      expect(
        (await db.recordStore<Case>('cases').query({ index: CASE_BY_REQUESTER, equals: 'alex' })).map((r) => r.key),
      ).toEqual(['cases/c1']);
      expect(await createAuditLog(db).verify({ full: true })).toMatchObject({ ok: true, count: 4 });
      // The next case number continues after the file store's.
      expect(await db.counters().next('counters/case-number', 1001)).toBe(1003);
      const state = await db.botStorage().read(['msteams/conversations/a:1/escalation']);
      expect(state['msteams/conversations/a:1/escalation']).toMatchObject({ log: { messages: [{ text: 'hi' }] } });
    } finally {
      db.close();
    }
  });

  it('is idempotent: a second run imports nothing new, and picks up only what changed since', async () => {
    const dataDir = await fileDataDir();
    await migrate(dataDir);
    const again = await migrate(dataDir);
    expect(again.report.namespaces.every((n) => n.imported === 0)).toBe(true);
    expect(again.report.namespaces.find((n) => n.namespace === 'audit')).toMatchObject({ unchanged: 4 });
    expect(again.report.botState).toEqual({ imported: 0, unchanged: 1 });

    const files = createStorageFactory({ dataDir, storage: { kind: 'file', container: 'unused' } });
    await files
      .recordStore<Partial<Case>>('cases')
      .put('cases/c3', { id: 'c3', number: 'KV-1003', status: 'open', requester: { id: 'alex', name: 'Alex' } });
    const third = await migrate(dataDir);
    expect(third.report.namespaces.find((n) => n.namespace === 'cases')).toMatchObject({ imported: 1, unchanged: 2 });
    const db = createStorageFactory({ dataDir, storage: { kind: 'sqlite', container: 'unused' } });
    try {
      expect((await db.recordStore<Case>('cases').list()).map((r) => r.key)).toEqual([
        'cases/c1',
        'cases/c2',
        'cases/c3',
      ]);
    } finally {
      db.close();
    }
  });

  it('says what to do for a directory that does not exist, and refuses unknown options', async () => {
    const out: string[] = [];
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-migrate-'));
    dirs.push(dataDir);
    expect(await runMigrate(['--from', path.join(dataDir, 'nope')], dataDir, (t) => out.push(t))).toBe(1);
    expect(out.join('\n')).toContain('--from');
    expect(await runMigrate(['--frm', 'x'], dataDir, (t) => out.push(t))).toBe(2);
  });
});
