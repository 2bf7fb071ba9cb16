import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobRecordStore } from '../../src/adapters/storage/blob-record-store.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';
import { recordStoreContract } from './record-store-contract.js';

let azurite: Azurite;
let containers = 0;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

recordStoreContract('BlobRecordStore (Azurite)', async () =>
  BlobRecordStore.fromConnectionString(azurite.connectionString, `contract-${++containers}`),
);

describe('BlobRecordStore blob layout', () => {
  it('keeps each store under its name prefix so stores can share a container', async () => {
    const a = BlobRecordStore.fromConnectionString<{ n: number }>(azurite.connectionString, 'shared', {
      namePrefix: 'a/',
    });
    const b = BlobRecordStore.fromConnectionString<{ n: number }>(azurite.connectionString, 'shared', {
      namePrefix: 'b/',
    });
    await a.put('x', { n: 1 });
    await b.put('x', { n: 2 });
    expect((await a.get('x'))?.value).toEqual({ n: 1 });
    expect((await b.list()).map((r) => r.value)).toEqual([{ n: 2 }]);
    const names: string[] = [];
    for await (const item of new ContainerClient(azurite.connectionString, 'shared').listBlobsFlat())
      names.push(item.name);
    expect(names.sort()).toEqual(['a/x.json', 'b/x.json']);
  });
});
