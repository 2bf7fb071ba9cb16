import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { indexRow, recordRow, tableNameFor } from '../../src/adapters/storage/table/table-keys.js';
import { startAzuriteTables, type Azurite } from '../helpers/azurite.js';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzuriteTables();
});
afterAll(async () => {
  await azurite?.stop();
});

function factory(prefix: string) {
  return createStorageFactory({
    dataDir: '/nonexistent',
    storage: { kind: 'table', connectionString: azurite.connectionString, container: 'unused', tablePrefix: prefix },
  });
}

describe('AuditLog on Table Storage (Azurite)', () => {
  it('two instances sharing the tables append concurrently without forking the chain', async () => {
    const a = createAuditLog(factory('race'));
    const b = createAuditLog(factory('race'));
    const ev = (who: string, i: number) => ({
      type: 'decision' as const,
      actor: { id: who },
      vault: 'kv-payments',
      requestId: `${who}-${i}`,
      data: { i },
    });
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => a.append(ev('a', i))),
      ...Array.from({ length: 10 }, (_, i) => b.append(ev('b', i))),
    ]);
    const all = await a.list();
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await b.list({ vault: 'KV-Payments' })).map((r) => r.seq)).toEqual(all.map((r) => r.seq));
    expect(await b.verify()).toMatchObject({ ok: true, count: 20 });
    expect(await a.verify({ full: true })).toMatchObject({ ok: true, count: 20 });
  });

  it('verify() names the record whose entity was edited directly', async () => {
    const log = createAuditLog(factory('tamper'));
    for (let i = 1; i <= 4; i++)
      await log.append({ type: 'apply', actor: { id: 'kvbot' }, vault: 'kv-orders', data: { i } });
    const table = TableClient.fromConnectionString(azurite.connectionString, tableNameFor('tamper', 'audit'), {
      allowInsecureConnection: true,
    });
    const entity = await table.getEntity<Record<string, unknown>>('r', recordRow('000000000002'));
    const record = JSON.parse(entity.v0 as string);
    record.actor.id = 'someone-else';
    await table.updateEntity({ partitionKey: 'r', rowKey: entity.rowKey!, v0: JSON.stringify(record) }, 'Merge');
    expect(await log.verify({ full: true })).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'edited' });
    // The vault index row still holds the original copy; the record itself is what verify reads.
    expect((await table.getEntity('r', indexRow('vault', 'kv-orders', '000000000002'))).v0).not.toContain(
      'someone-else',
    );
  });
});
