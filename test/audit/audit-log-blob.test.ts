import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

function factory(container: string) {
  return createStorageFactory({
    dataDir: '/nonexistent',
    storage: { kind: 'blob', connectionString: azurite.connectionString, container },
  });
}

describe('AuditLog on Blob Storage (Azurite)', () => {
  it('two instances sharing a container append concurrently without forking the chain', async () => {
    const a = createAuditLog(factory('audit-race'));
    const b = createAuditLog(factory('audit-race'));
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
    expect(await b.verify()).toMatchObject({ ok: true, count: 20 });
  });

  it('verify() names the record whose blob was edited directly', async () => {
    const log = createAuditLog(factory('audit-tamper'));
    for (let i = 1; i <= 4; i++)
      await log.append({ type: 'apply', actor: { id: 'kvbot' }, vault: 'kv-orders', data: { i } });
    const blob = new ContainerClient(azurite.connectionString, 'audit-tamper').getBlockBlobClient(
      'audit/000000000002.json',
    );
    const record = JSON.parse((await blob.downloadToBuffer()).toString('utf8'));
    record.actor.id = 'someone-else';
    const text = JSON.stringify(record);
    await blob.upload(text, Buffer.byteLength(text));
    expect(await log.verify()).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'edited' });
  });
});
