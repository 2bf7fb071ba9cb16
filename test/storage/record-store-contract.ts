/**
 * The behaviour every RecordStore must have, as a reusable suite: the file store and the blob
 * store run the same sentences (test/storage/*.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { isConcurrencyError, type RecordStore } from '../../src/core/storage/record-store.js';

interface Doc {
  n: number;
  tag?: string;
}

/** Registers the contract tests; `makeStore` returns a fresh, empty store each call. */
export function recordStoreContract(name: string, makeStore: () => Promise<RecordStore<Doc>>): void {
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
      expect((await store.list()).map((r) => r.key)).toEqual(['approvals/x', 'audit/000001', 'audit/000002', 'audit/000003']);
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
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.put('race', { n: i + 1 }, { ifMatch: base.etag })));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.every((r) => isConcurrencyError(r.reason))).toBe(true);
      const winner = (won[0] as PromiseFulfilledResult<{ value: Doc; etag: string }>).value;
      expect(await store.get('race')).toMatchObject({ value: winner.value, etag: winner.etag });
    });

    it('of many concurrent creates with ifNoneMatch "*", exactly one wins', async () => {
      const store = await makeStore();
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.put('create-race', { n: i }, { ifNoneMatch: '*' })));
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

    it('refuses keys that could escape the store or are malformed', async () => {
      const store = await makeStore();
      for (const bad of ['', '../etc/passwd', 'a//b', '/abs', 'a/../b', '.hidden', 'sp ace', 'a\\b']) {
        await expect(store.put(bad, { n: 1 }), bad).rejects.toMatchObject({ name: 'InvalidRecordKeyError' });
      }
    });
  });
}
