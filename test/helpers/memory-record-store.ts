/**
 * An in-memory `RecordStore` with the same ETag semantics as the real stores, for tests.
 */
import { assertValidRecordKey } from '../../src/core/storage/record-key.js';
import { ConcurrencyError, type PutOptions, type RecordStore, type StoredRecord } from '../../src/core/storage/record-store.js';

/** RecordStore over a Map; values are deep-copied in and out like a real store would. */
export class MemoryRecordStore<T> implements RecordStore<T> {
  private readonly records = new Map<string, StoredRecord<T>>();
  private version = 0;

  async get(key: string): Promise<StoredRecord<T> | undefined> {
    const r = this.records.get(key);
    return r && structuredClone(r);
  }

  async put(key: string, value: T, options: PutOptions = {}): Promise<StoredRecord<T>> {
    assertValidRecordKey(key);
    const existing = this.records.get(key);
    if (options.ifNoneMatch === '*' && existing) throw new ConcurrencyError(key);
    if (options.ifMatch !== undefined && existing?.etag !== options.ifMatch) throw new ConcurrencyError(key);
    const record = { key, value: structuredClone(value), etag: `"${++this.version}"` };
    this.records.set(key, record);
    return structuredClone(record);
  }

  async list(prefix = ''): Promise<StoredRecord<T>[]> {
    return [...this.records.values()].filter((r) => r.key.startsWith(prefix)).sort((a, b) => a.key.localeCompare(b.key)).map((r) => structuredClone(r));
  }

  async delete(key: string, options: { ifMatch?: string } = {}): Promise<void> {
    const existing = this.records.get(key);
    if (options.ifMatch !== undefined && existing?.etag !== options.ifMatch) throw new ConcurrencyError(key);
    this.records.delete(key);
  }
}
