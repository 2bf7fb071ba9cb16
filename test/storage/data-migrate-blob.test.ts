/**
 * `kvbot data migrate --from-blob`: a Blob Storage deployment (records, the case counter, the audit
 * chain, bot state) imported into the table store, with the table store's indexes working after,
 * idempotently. Against Azurite (blob and table services).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrate, type MigrationTargetConfig } from '../../src/cli/commands/data.js';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import { createStorageFactory, type StorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { CASE_BY_REQUESTER } from '../../src/core/escalation/case-indexes.js';
import type { Case } from '../../src/core/escalation/case-types.js';
import { startAzurite, startAzuriteTables, type Azurite } from '../helpers/azurite.js';

let blob: Azurite;
let tables: Azurite;
beforeAll(async () => {
  [blob, tables] = await Promise.all([startAzurite(), startAzuriteTables()]);
});
afterAll(async () => {
  await Promise.all([blob?.stop(), tables?.stop()]);
});

const STATE_KEY = 'msteams/conversations/a:1xYz/escalation';

function aCase(id: string, requester: string): Case {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id,
    number: `KV-${id}`,
    version: 1,
    status: 'open',
    priority: 'normal',
    suggestedPriority: 'normal',
    priorityReasons: [],
    trigger: 'user-request',
    requester: { id: requester, name: requester },
    packet: { messages: [{ at, text: 'why can I not list secrets?' }] },
    events: [],
    conversations: {},
    createdAt: at,
    updatedAt: at,
  } as Case;
}

describe('kvbot data migrate --from-blob', () => {
  it('imports records, counter, audit chain and bot state into the table store, then only what changed', async () => {
    const source: StorageFactory = createStorageFactory({
      dataDir: '/unused',
      storage: { kind: 'blob', connectionString: blob.connectionString, container: 'kvbot' },
    });
    const cases = source.recordStore<Case>('cases');
    await cases.put('c1', aCase('c1', '29:alex'));
    await cases.put('c2', aCase('c2', '29:megan'));
    const counters = source.counters();
    expect(await counters.next('case-number', 1001)).toBe(1001);
    expect(await counters.next('case-number', 1001)).toBe(1002);
    const audit = createAuditLog(source);
    for (let i = 0; i < 3; i++)
      await audit.append({ type: 'probe', actor: { id: 'aad-1' }, vault: 'kv-1', data: { i } });
    await source.botStorage().write({ [STATE_KEY]: { log: { messages: [{ text: 'hi' }] }, eTag: '*' } });

    const target: MigrationTargetConfig = {
      dataDir: '/unused',
      storage: { kind: 'table', connectionString: tables.connectionString, container: 'unused', tablePrefix: 'mig' },
    };
    const migrate = async (): Promise<Record<string, unknown>> => {
      const out: string[] = [];
      const code = await runMigrate(
        ['--from-blob', blob.connectionString, '--json'],
        '/unused',
        (t) => out.push(t),
        () => target,
      );
      expect(code).toBe(0);
      return JSON.parse(out.join('\n')) as Record<string, unknown>;
    };
    const first = (await migrate()) as {
      namespaces: { namespace: string; imported: number; unchanged: number }[];
      botState: unknown;
    };
    const byName = Object.fromEntries(first.namespaces.map((n) => [n.namespace, n]));
    expect(byName.cases).toMatchObject({ imported: 2, unchanged: 0 });
    expect(byName.audit).toMatchObject({ imported: 3 });
    expect(byName['case-counters']).toMatchObject({ imported: 1 });
    expect(first.botState).toEqual({ imported: 1, unchanged: 0 });

    const table = createStorageFactory(target);
    // The table store's own index rows were written: "my cases" is a query on Table Storage now.
    const mine = await table.recordStore<Case>('cases').query({ index: CASE_BY_REQUESTER, equals: '29:alex' });
    expect(mine.map((r) => r.key)).toEqual(['c1']);
    expect(await createAuditLog(table).verify()).toMatchObject({ ok: true });
    expect(await table.counters().next('case-number', 1001)).toBe(1003);
    expect((await table.botStorage().read([STATE_KEY]))[STATE_KEY]).toMatchObject({
      log: { messages: [{ text: 'hi' }] },
    });

    // Again, after one more case on Blob and one case number handed out on the table side: only the
    // new case comes over, and the counter is not set back (no case number twice).
    await cases.put('c3', aCase('c3', '29:alex'));
    const second = (await migrate()) as typeof first;
    const again = Object.fromEntries(second.namespaces.map((n) => [n.namespace, n]));
    expect(again.cases).toMatchObject({ imported: 1, unchanged: 2 });
    expect(again.audit).toMatchObject({ imported: 0, unchanged: 3 });
    expect(again['case-counters']).toMatchObject({ imported: 0, unchanged: 1 });
    expect(second.botState).toEqual({ imported: 0, unchanged: 1 });
    expect(await table.counters().next('case-number', 1001)).toBe(1004);
    // The audit chain likewise: an append on the table side survives a later run.
    await createAuditLog(table).append({ type: 'probe', actor: { id: 'aad-1' }, vault: 'kv-1', data: { i: 3 } });
    const third = (await migrate()) as typeof first;
    expect(Object.fromEntries(third.namespaces.map((n) => [n.namespace, n]))['audit-head']).toMatchObject({
      imported: 0,
    });
    expect(await createAuditLog(table).verify()).toMatchObject({ ok: true });
    expect((await createAuditLog(table).list({ limit: 10 })).length).toBe(4);
    expect(
      (await table.recordStore<Case>('cases').query({ index: CASE_BY_REQUESTER, equals: '29:alex' })).map((r) => r.key),
    ).toEqual(['c1', 'c3']);
  });

  it('refuses a Blob or SQLite target, a source that is neither a URL nor a connection string, and --from with --from-blob', async () => {
    const out: string[] = [];
    const blobTarget = (): MigrationTargetConfig => ({
      dataDir: '/unused',
      storage: { kind: 'blob', connectionString: blob.connectionString, container: 'kvbot' },
    });
    expect(await runMigrate(['--from-blob', blob.connectionString], '/unused', (t) => out.push(t), blobTarget)).toBe(2);
    expect(out.join('\n')).toContain('set KVBOT_STORAGE=table');
    // SQLite keeps its case counter in its own table: a copy into it would restart case numbers.
    out.length = 0;
    const sqliteTarget = (): MigrationTargetConfig => ({
      dataDir: '/unused',
      storage: { kind: 'sqlite', container: 'unused' },
    });
    expect(await runMigrate(['--from-blob', blob.connectionString], '/unused', (t) => out.push(t), sqliteTarget)).toBe(
      2,
    );
    expect(out.join('\n')).toContain('the configured store is sqlite');
    const tableTarget = (): MigrationTargetConfig => ({
      dataDir: '/unused',
      storage: { kind: 'table', connectionString: tables.connectionString, container: 'unused' },
    });
    expect(await runMigrate(['--from-blob', 'kvbotstate'], '/unused', (t) => out.push(t), tableTarget)).toBe(2);
    expect(out.join('\n')).toContain('neither an https Blob endpoint nor a connection string');
    expect(
      await runMigrate(
        ['--from', '/tmp', '--from-blob', blob.connectionString],
        '/unused',
        (t) => out.push(t),
        tableTarget,
      ),
    ).toBe(2);
    expect(out.join('\n')).toContain('not both');
  });
});
