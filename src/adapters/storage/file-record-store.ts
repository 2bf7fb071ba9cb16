/**
 * The default RecordStore: one JSON file per key under a directory (`<root>/<key>.json`).
 * Writes are atomic (temp file, fsync, rename, fsync dir) and preconditions are checked under a
 * per-key lock that holds across processes sharing the directory, so two bot instances, or the bot
 * and the `kvbot` CLI, never overwrite each other's changes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { assertValidKeyPrefix, assertValidRecordKey } from '../../core/storage/record-key.js';
import { scanQuery, type RecordQuery } from '../../core/storage/record-query.js';
import {
  ConcurrencyError,
  type PutOptions,
  type RecordStore,
  type StoredRecord,
} from '../../core/storage/record-store.js';
import { removeFileDurably, writeFileAtomic } from './atomic-file.js';
import { FileLocker, type FileLockOptions } from './file-lock.js';
import { newEtag } from './etag-and-status.js';

/** A stored file could not be parsed: the data directory was edited by hand. Checked by name. */
export class CorruptRecordError extends Error {
  override readonly name = 'CorruptRecordError';
  constructor(
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(`The record file "${file}" is not valid kvbot JSON; restore it from a backup or delete it.`, options);
  }
}

/** Options for {@link FileRecordStore}. */
export interface FileRecordStoreOptions {
  lock?: FileLockOptions;
}

interface Envelope<T> {
  etag: string;
  value: T;
}

const EXT = '.json';

/** RecordStore over local files, safe across processes and against being killed mid-write. */
export class FileRecordStore<T> implements RecordStore<T> {
  private readonly locker: FileLocker;

  /** @param root directory that holds this store's files (created on first write). */
  constructor(
    readonly root: string,
    options: FileRecordStoreOptions = {},
  ) {
    this.locker = new FileLocker(options.lock);
  }

  /** Reads one record; undefined when absent. */
  async get(key: string): Promise<StoredRecord<T> | undefined> {
    assertValidRecordKey(key);
    return this.read(key);
  }

  /** Writes one record atomically; throws ConcurrencyError when a precondition fails. */
  async put(key: string, value: T, options: PutOptions = {}): Promise<StoredRecord<T>> {
    assertValidRecordKey(key);
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`The value for "${key}" cannot be stored as JSON.`);
    return this.locker.withLock(this.lockFile(key), async () => {
      if (options.ifMatch !== undefined || options.ifNoneMatch === '*') {
        const current = await this.read(key);
        if (options.ifNoneMatch === '*' && current)
          throw new ConcurrencyError(key, `The record "${key}" already exists.`);
        if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) throw new ConcurrencyError(key);
      }
      const etag = newEtag();
      const envelope: Envelope<T> = { etag, value: JSON.parse(text) as T };
      await writeFileAtomic(this.file(key), JSON.stringify(envelope));
      return { key, value: envelope.value, etag };
    });
  }

  /** All records whose key starts with `prefix`, in key order. */
  async list(prefix = ''): Promise<StoredRecord<T>[]> {
    assertValidKeyPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const baseKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const keys = (await this.walk(baseKey)).filter((k) => k.startsWith(prefix)).sort();
    const records: StoredRecord<T>[] = [];
    for (const key of keys) {
      // A record deleted between the directory scan and the read is simply not listed.
      const record = await this.read(key);
      if (record) records.push(record);
    }
    return records;
  }

  /** Records a query selects: a scan filtered in memory (this store has no native indexes). */
  async query(query: RecordQuery<T>): Promise<StoredRecord<T>[]> {
    return scanQuery(await this.list(query.index ? '' : (query.prefix ?? '')), query);
  }

  /** Removes a record; with `ifMatch`, only if it still has that ETag (a missing record fails too). */
  async delete(key: string, options: { ifMatch?: string } = {}): Promise<void> {
    assertValidRecordKey(key);
    await this.locker.withLock(this.lockFile(key), async () => {
      if (options.ifMatch !== undefined) {
        const current = await this.read(key);
        if (current?.etag !== options.ifMatch) throw new ConcurrencyError(key);
      }
      await removeFileDurably(this.file(key));
    });
  }

  private file(key: string): string {
    return path.join(this.root, ...`${key}${EXT}`.split('/'));
  }

  private lockFile(key: string): string {
    const file = this.file(key);
    return path.join(path.dirname(file), `.${path.basename(file)}.lock`);
  }

  private async read(key: string): Promise<StoredRecord<T> | undefined> {
    const file = this.file(key);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw e;
    }
    let envelope: Partial<Envelope<T>>;
    try {
      envelope = JSON.parse(text) as Partial<Envelope<T>>;
    } catch (cause) {
      throw new CorruptRecordError(file, { cause });
    }
    if (
      typeof envelope !== 'object' ||
      envelope === null ||
      typeof envelope.etag !== 'string' ||
      !('value' in envelope)
    )
      throw new CorruptRecordError(file);
    return { key, value: envelope.value as T, etag: envelope.etag };
  }

  /** Keys of every record file under `baseKey` (a directory key), recursively. */
  private async walk(baseKey: string): Promise<string[]> {
    const dir = baseKey ? path.join(this.root, ...baseKey.split('/')) : this.root;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw e;
    }
    const keys: string[] = [];
    for (const entry of entries) {
      // Hidden names are temp files, locks and drafts, never records.
      if (entry.name.startsWith('.')) continue;
      const childKey = baseKey ? `${baseKey}/${entry.name}` : entry.name;
      if (entry.isDirectory()) keys.push(...(await this.walk(childKey)));
      else if (entry.isFile() && entry.name.endsWith(EXT)) keys.push(childKey.slice(0, -EXT.length));
    }
    return keys;
  }
}
