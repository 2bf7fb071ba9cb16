/**
 * The storage port for everything that must survive a restart: approvals, cases, feedback,
 * unanswered questions, conversation references. Implemented by SQLite (default), local files
 * and Azure Blob Storage (scale-out) in `src/adapters/storage`. Optimistic concurrency by ETag.
 */
import type { RecordQuery } from './record-query.js';

/** A stored value with its concurrency token. */
export interface StoredRecord<T> {
  key: string;
  value: T;
  /** Opaque version token; changes on every write. */
  etag: string;
}

/** Preconditions of a write. */
export interface PutOptions {
  /** Write only if the stored record still has this ETag. */
  ifMatch?: string;
  /** `'*'`: write only if no record exists under the key. */
  ifNoneMatch?: '*';
}

/** A precondition failed: someone else wrote first. Checked by name. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly key: string,
    message = `The record "${key}" was changed by someone else.`,
  ) {
    super(message);
  }
}

/** True for a ConcurrencyError (by name, not instanceof). */
export function isConcurrencyError(e: unknown): e is ConcurrencyError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'ConcurrencyError';
}

/** A keyed collection of JSON records. Keys are `[A-Za-z0-9._-]` segments joined by `/`. */
export interface RecordStore<T> {
  get(key: string): Promise<StoredRecord<T> | undefined>;
  /** Writes atomically; throws ConcurrencyError when a precondition fails. */
  put(key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>>;
  /** All records whose key starts with `prefix`, in key order. */
  list(prefix?: string): Promise<StoredRecord<T>[]>;
  delete(key: string, options?: { ifMatch?: string }): Promise<void>;
  /**
   * The records a query selects, in its order. Stores with native indexes (SQLite) read only
   * those; the others filter a scan with the same rules ({@link scanQuery}).
   */
  query(query: RecordQuery<T>): Promise<StoredRecord<T>[]>;
}
