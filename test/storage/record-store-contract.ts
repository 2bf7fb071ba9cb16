/**
 * The behaviour every RecordStore must have, as a reusable suite: the file store and the blob
 * store run the same sentences (test/storage/*.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { RecordIndex } from '../../src/core/storage/record-query.js';
import { isConcurrencyError, type RecordStore } from '../../src/core/storage/record-store.js';

interface Doc {
  n: number;
  tag?: string;
}

/** The indexes the query sentences use; stores with native indexes get them at construction. */
export const CONTRACT_INDEXES: { byTag: RecordIndex<Doc>; byPaddedN: RecordIndex<Doc> } = {
  byTag: { name: 'tag', valueOf: (d) => d.tag },
  byPaddedN: { name: 'paddedN', valueOf: (d) => String(d.n).padStart(4, '0') },
};

/** Registers the contract tests; `makeStore` returns a fresh, empty store each call. */
export function recordStoreContract(
  name: string,
  makeStore: (indexes?: readonly RecordIndex<Doc>[]) => Promise<RecordStore<Doc>>,
): void {
  describe(`${name} (RecordStore contract)`, () => {
    it('returns undefined for a key that was never written', async () => {
      const store = await makeStore();
      expect(await store.get('nothing/here')).toBeUndefined();
    });

    it('reads back what was put, with the ETag the put returned', async () => {
      const store = await makeStore();
      const written = await store.put('a/one', { n: 1, tag: 'x' });
      const read = await store.get('a/one');
      expect(read).toEqual({ key: 'a/one', value: { n: 1, tag: 'x' }, etag: written.etag });
    });

    it('gives every write a new ETag, even with the same content', async () => {
      const store = await makeStore();
      const first = await store.put('k', { n: 1 });
      const second = await store.put('k', { n: 1 });
      expect(second.etag).not.toBe(first.etag);
    });

    it('lists by prefix in key order and skips other prefixes', async () => {
      const store = await makeStore();
      await store.put('audit/000003', { n: 3 });
      await store.put('audit/000001', { n: 1 });
      await store.put('audit/000002', { n: 2 });
      await store.put('approvals/x', { n: 9 });
      const listed = await store.list('audit/');
      expect(listed.map((r) => r.key)).toEqual(['audit/000001', 'audit/000002', 'audit/000003']);
      expect(listed.map((r) => r.value.n)).toEqual([1, 2, 3]);
      expect((await store.list()).map((r) => r.key)).toEqual([
        'approvals/x',
        'audit/000001',
        'audit/000002',
        'audit/000003',
      ]);
      expect((await store.list('audit/000002')).map((r) => r.key)).toEqual(['audit/000002']);
      expect(await store.list('nope/')).toEqual([]);
    });

    it('deletes a record, and deleting a missing one is not an error', async () => {
      const store = await makeStore();
      await store.put('gone', { n: 1 });
      await store.delete('gone');
      expect(await store.get('gone')).toBeUndefined();
      await expect(store.delete('gone')).resolves.toBeUndefined();
    });

    it('ifNoneMatch "*" creates once and refuses when the key exists', async () => {
      const store = await makeStore();
      await store.put('once', { n: 1 }, { ifNoneMatch: '*' });
      const err = await store.put('once', { n: 2 }, { ifNoneMatch: '*' }).catch((e: unknown) => e);
      expect(isConcurrencyError(err)).toBe(true);
      expect((await store.get('once'))?.value).toEqual({ n: 1 });
    });

    it('ifMatch writes with the current ETag and refuses a stale or unknown one', async () => {
      const store = await makeStore();
      const v1 = await store.put('cas', { n: 1 });
      const v2 = await store.put('cas', { n: 2 }, { ifMatch: v1.etag });
      const stale = await store.put('cas', { n: 3 }, { ifMatch: v1.etag }).catch((e: unknown) => e);
      expect(isConcurrencyError(stale)).toBe(true);
      expect((await store.get('cas'))?.value).toEqual({ n: 2 });
      const missing = await store.put('cas-missing', { n: 1 }, { ifMatch: v2.etag }).catch((e: unknown) => e);
      expect(isConcurrencyError(missing)).toBe(true);
      expect(await store.get('cas-missing')).toBeUndefined();
    });

    it('delete with ifMatch refuses a stale ETag and keeps the record', async () => {
      const store = await makeStore();
      const v1 = await store.put('d', { n: 1 });
      await store.put('d', { n: 2 });
      const err = await store.delete('d', { ifMatch: v1.etag }).catch((e: unknown) => e);
      expect(isConcurrencyError(err)).toBe(true);
      expect((await store.get('d'))?.value).toEqual({ n: 2 });
      const current = await store.get('d');
      await store.delete('d', { ifMatch: current!.etag });
      expect(await store.get('d')).toBeUndefined();
    });

    it('an old ETag does not match a record that was deleted and created again', async () => {
      const store = await makeStore();
      const old = await store.put('again', { n: 1 });
      await store.delete('again');
      await store.put('again', { n: 1 });
      const err = await store.put('again', { n: 2 }, { ifMatch: old.etag }).catch((e: unknown) => e);
      expect(isConcurrencyError(err)).toBe(true);
    });

    it('of many concurrent puts with the same ifMatch, exactly one wins', async () => {
      const store = await makeStore();
      const base = await store.put('race', { n: 0 });
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.put('race', { n: i + 1 }, { ifMatch: base.etag })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.every((r) => isConcurrencyError(r.reason))).toBe(true);
      const winner = (won[0] as PromiseFulfilledResult<{ value: Doc; etag: string }>).value;
      expect(await store.get('race')).toMatchObject({ value: winner.value, etag: winner.etag });
    });

    it('of many concurrent creates with ifNoneMatch "*", exactly one wins', async () => {
      const store = await makeStore();
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.put('create-race', { n: i }, { ifNoneMatch: '*' })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('concurrent read-modify-write loops lose no increment', async () => {
      const store = await makeStore();
      await store.put('counter', { n: 0 });
      const increment = async () => {
        for (;;) {
          const cur = (await store.get('counter'))!;
          try {
            await store.put('counter', { n: cur.value.n + 1 }, { ifMatch: cur.etag });
            return;
          } catch (e) {
            if (!isConcurrencyError(e)) throw e;
          }
        }
      };
      await Promise.all(Array.from({ length: 10 }, increment));
      expect((await store.get('counter'))?.value.n).toBe(10);
    });

    it('queries an index by equality, in key order, with a limit, and skips records outside the index', async () => {
      const { byTag } = CONTRACT_INDEXES;
      const store = await makeStore(Object.values(CONTRACT_INDEXES));
      await store.put('c/3', { n: 3, tag: 'red' });
      await store.put('c/1', { n: 1, tag: 'red' });
      await store.put('c/2', { n: 2, tag: 'blue' });
      await store.put('c/4', { n: 4 });
      expect((await store.query({ index: byTag, equals: 'red' })).map((r) => r.key)).toEqual(['c/1', 'c/3']);
      expect((await store.query({ index: byTag, equals: 'red', order: 'desc', limit: 1 })).map((r) => r.value)).toEqual(
        [{ n: 3, tag: 'red' }],
      );
      expect((await store.query({ index: byTag, equals: 'red', afterKey: 'c/1' })).map((r) => r.key)).toEqual(['c/3']);
      // c/4 has no tag: it is in no tag query, not even an open range.
      expect((await store.query({ index: byTag })).map((r) => r.key)).toEqual(['c/2', 'c/1', 'c/3']);
    });

    it('queries an index by range and follows records whose index value changes or goes away', async () => {
      const { byPaddedN, byTag } = CONTRACT_INDEXES;
      const store = await makeStore(Object.values(CONTRACT_INDEXES));
      for (const n of [5, 1, 9, 3]) await store.put(`r/${n}`, { n, tag: 'x' });
      expect((await store.query({ index: byPaddedN, atLeast: '0003', atMost: '0005' })).map((r) => r.value.n)).toEqual([
        3, 5,
      ]);
      expect(
        (await store.query({ index: byPaddedN, atMost: '0009', order: 'desc', limit: 2 })).map((r) => r.value.n),
      ).toEqual([9, 5]);
      const r3 = (await store.get('r/3'))!;
      await store.put('r/3', { n: 30 }, { ifMatch: r3.etag });
      expect((await store.query({ index: byPaddedN, atMost: '0005' })).map((r) => r.key)).toEqual(['r/1', 'r/5']);
      expect((await store.query({ index: byTag, equals: 'x' })).map((r) => r.key)).toEqual(['r/1', 'r/5', 'r/9']);
      await store.delete('r/5');
      expect((await store.query({ index: byTag, equals: 'x' })).map((r) => r.key)).toEqual(['r/1', 'r/9']);
    });

    it('queries keys by prefix and range, pages with afterKey, both directions', async () => {
      const store = await makeStore();
      for (const k of ['a/1', 'a/2', 'a/3', 'b/1']) await store.put(k, { n: 1 });
      expect((await store.query({ prefix: 'a/', afterKey: 'a/1', limit: 1 })).map((r) => r.key)).toEqual(['a/2']);
      expect((await store.query({ prefix: 'a/', order: 'desc', limit: 2 })).map((r) => r.key)).toEqual(['a/3', 'a/2']);
      expect((await store.query({ atLeast: 'a/2', atMost: 'b/1' })).map((r) => r.key)).toEqual(['a/2', 'a/3', 'b/1']);
      expect((await store.query({ order: 'desc', afterKey: 'a/3' })).map((r) => r.key)).toEqual(['a/2', 'a/1']);
    });

    it('refuses keys that could escape the store or are malformed', async () => {
      const store = await makeStore();
      for (const bad of ['', '../etc/passwd', 'a//b', '/abs', 'a/../b', '.hidden', 'sp ace', 'a\\b']) {
        await expect(store.put(bad, { n: 1 }), bad).rejects.toMatchObject({ name: 'InvalidRecordKeyError' });
      }
    });
  });
}
