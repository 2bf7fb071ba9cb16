/**
 * The one in-memory `RecordStore` for tests: the same ETag semantics as the real stores, values
 * copied in and out as JSON (a caller can never mutate what is "stored"), queries answered by
 * the shared scan rules. Pass one `data` map to two stores to model two instances.
 */
import { MemoryStorage } from 'botbuilder';
import type { StorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { RecordCounters, type CounterRecord } from '../../src/core/storage/counter.js';
import { assertValidKeyPrefix, assertValidRecordKey } from '../../src/core/storage/record-key.js';
import { scanQuery, type RecordQuery } from '../../src/core/storage/record-query.js';
import {
  ConcurrencyError,
  type PutOptions,
  type RecordStore,
  type StoredRecord,
} from '../../src/core/storage/record-store.js';

/** RecordStore over a Map. */
export class MemoryRecordStore<T> implements RecordStore<T> {
  private counter = 0;
  /** Called before every put; tests use it to interleave writers. */
  beforePut?: (key: string) => Promise<void>;

  constructor(private readonly data = new Map<string, { value: string; etag: string }>()) {}

  async get(key: string): Promise<StoredRecord<T> | undefined> {
    const hit = this.data.get(key);
    return hit ? { key, value: JSON.parse(hit.value) as T, etag: hit.etag } : undefined;
  }

  async put(key: string, value: T, options: PutOptions = {}): Promise<StoredRecord<T>> {
    assertValidRecordKey(key);
    if (this.beforePut) await this.beforePut(key);
    const current = this.data.get(key);
    if (options.ifNoneMatch === '*' && current) throw new ConcurrencyError(key, `The record "${key}" already exists.`);
    if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) throw new ConcurrencyError(key);
    const etag = `"${++this.counter}-${Math.random().toString(36).slice(2)}"`;
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`The value for "${key}" cannot be stored as JSON.`);
    this.data.set(key, { value: text, etag });
    return { key, value: JSON.parse(text) as T, etag };
  }

  async list(prefix = ''): Promise<StoredRecord<T>[]> {
    assertValidKeyPrefix(prefix);
    return [...this.data.keys()]
      .filter((k) => k.startsWith(prefix))
      .sort()
      .map((key) => {
        const hit = this.data.get(key)!;
        return { key, value: JSON.parse(hit.value) as T, etag: hit.etag };
      });
  }

  async delete(key: string, options: { ifMatch?: string } = {}): Promise<void> {
    const current = this.data.get(key);
    if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) throw new ConcurrencyError(key);
    this.data.delete(key);
  }

  async query(query: RecordQuery<T>): Promise<StoredRecord<T>[]> {
    return scanQuery(await this.list(query.index ? '' : (query.prefix ?? '')), query);
  }

  /** Number of records, for assertions. */
  get size(): number {
    return this.data.size;
  }
}

/** A whole StorageFactory in memory: one MemoryRecordStore per namespace, MemoryStorage for bot state. */
export function memoryStorageFactory(): StorageFactory {
  const stores = new Map<string, MemoryRecordStore<unknown>>();
  const botStorage = new MemoryStorage();
  const recordStore = <T>(ns: string): MemoryRecordStore<T> => {
    if (!stores.has(ns)) stores.set(ns, new MemoryRecordStore<unknown>());
    return stores.get(ns) as unknown as MemoryRecordStore<T>;
  };
  return {
    description: 'memory',
    recordStore,
    botStorage: () => botStorage,
    counters: () => new RecordCounters(recordStore<CounterRecord>('case-counters')),
    close: () => undefined,
    sweepOrphans: async () => ({ locks: 0, temps: 0, drafts: 0 }),
  };
}
