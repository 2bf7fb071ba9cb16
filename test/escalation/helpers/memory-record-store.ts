/**
 * An in-memory RecordStore for tests, honouring ifMatch / ifNoneMatch like the real stores, and
 * copying values in and out so a caller can never mutate what is "stored".
 */
import { ConcurrencyError, type PutOptions, type RecordStore, type StoredRecord } from '../../../src/core/storage/record-store.js';

/** A RecordStore in a Map. `shared` lets two "instances" see the same data. */
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
    if (this.beforePut) await this.beforePut(key);
    const current = this.data.get(key);
    if (options.ifNoneMatch === '*' && current) throw new ConcurrencyError(key);
    if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) throw new ConcurrencyError(key);
    const etag = `"${++this.counter}-${Math.random().toString(36).slice(2)}"`;
    const text = JSON.stringify(value);
    this.data.set(key, { value: text, etag });
    return { key, value: JSON.parse(text) as T, etag };
  }

  async list(prefix = ''): Promise<StoredRecord<T>[]> {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort().map((key) => {
      const hit = this.data.get(key)!;
      return { key, value: JSON.parse(hit.value) as T, etag: hit.etag };
    });
  }

  async delete(key: string, options: { ifMatch?: string } = {}): Promise<void> {
    const current = this.data.get(key);
    if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) throw new ConcurrencyError(key);
    this.data.delete(key);
  }

  /** Number of records, for assertions. */
  get size(): number {
    return this.data.size;
  }
}
