/**
 * The storage benchmark's bulk load into Azurite (bench/azurite-bulk-tables.ts, `bench/storage.ts
 * --tables C,A --bulk`) gives the table store the same data as imports through Azurite's API: the
 * same records, the same index rows, and entities the store can go on updating under If-Match. The
 * full-scale Azurite numbers in docs/storage.md rest on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchAzurite, type BenchAzurite } from '../../bench/storage.js';
import { TableRecordStore } from '../../src/adapters/storage/table/table-record-store.js';
import { tableClient } from '../../src/adapters/storage/table/table-clients.js';
import { isConcurrencyError } from '../../src/core/storage/record-store.js';
import type { RecordIndex } from '../../src/core/storage/record-query.js';

interface Item {
  i: number;
  owner: string;
}
const BY_OWNER: RecordIndex<Item> = { name: 'owner', valueOf: (d) => d.owner };
const items = Array.from({ length: 250 }, (_, i) => ({
  key: `items/${String(i).padStart(4, '0')}`,
  value: { i, owner: `u${i % 7}` },
}));

let bulk: BenchAzurite;
let plain: BenchAzurite;
beforeAll(async () => {
  [bulk, plain] = await Promise.all([benchAzurite(true), benchAzurite(false)]);
}, 60_000);
afterAll(async () => {
  await Promise.all([bulk?.stop(), plain?.stop()]);
});

function store(azurite: BenchAzurite, table: string): TableRecordStore<Item> {
  return new TableRecordStore<Item>(tableClient({ connectionString: azurite.connectionString }, table), [BY_OWNER]);
}

describe('bulk load into Azurite (benchmark seeding)', () => {
  it('reads back exactly what imports through the API give, and the records stay writable', async () => {
    const loaded = store(bulk, 'bulkitems');
    await (loaded as unknown as { ready(): Promise<void> }).ready();
    bulk.divert(loaded);
    await loaded.importMany(items);
    // Nothing reached Azurite yet: the imports went to the load file.
    expect(await loaded.get('items/0001')).toBeUndefined();
    // Each record is one entity plus one index row.
    expect(await bulk.loadDiverted()).toBe(2 * items.length);
    expect(bulk.diverted.get('bulkitems')).toBe(2 * items.length);

    const imported = store(plain, 'bulkitems');
    await imported.importMany(items);

    const values = (rs: { key: string; value: Item }[]) => rs.map((r) => [r.key, r.value]);
    expect(values(await loaded.list('items/'))).toEqual(values(await imported.list('items/')));
    for (const owner of ['u0', 'u3', 'u6'])
      expect(values(await loaded.query({ index: BY_OWNER, equals: owner }))).toEqual(
        values(await imported.query({ index: BY_OWNER, equals: owner })),
      );

    // A loaded record takes a compare-and-swap write through the API (the store's diversion is gone)
    // and refuses a stale one.
    const before = await loaded.get('items/0042');
    expect(before?.value).toEqual({ i: 42, owner: 'u0' });
    await loaded.put('items/0042', { i: 42, owner: 'u9' }, { ifMatch: before!.etag });
    await expect(loaded.put('items/0042', { i: 42, owner: 'u8' }, { ifMatch: before!.etag })).rejects.toSatisfy(
      isConcurrencyError,
    );
    expect((await loaded.query({ index: BY_OWNER, equals: 'u9' })).map((r) => r.key)).toEqual(['items/0042']);
    expect((await loaded.query({ index: BY_OWNER, equals: 'u0' })).map((r) => r.key)).not.toContain('items/0042');
  }, 60_000);
});
