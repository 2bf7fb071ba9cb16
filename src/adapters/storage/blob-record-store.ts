/**
 * The scale-out RecordStore: one block blob per key (`<prefix><key>.json`) in an Azure Blob
 * Storage container. Blob Storage enforces the preconditions itself (`If-Match`, `If-None-Match: *`),
 * so several bot instances can share one container; a failed precondition (412, or 409 for a blob
 * that already exists) becomes a ConcurrencyError.
 */
import { ContainerClient, type BlobItem } from '@azure/storage-blob';
import { assertValidKeyPrefix, assertValidRecordKey } from '../../core/storage/record-key.js';
import { scanQuery, type RecordQuery } from '../../core/storage/record-query.js';
import {
  ConcurrencyError,
  type PutOptions,
  type RecordStore,
  type StoredRecord,
} from '../../core/storage/record-store.js';
import { statusOf } from './etag-and-status.js';

/** Options for {@link BlobRecordStore}. */
export interface BlobRecordStoreOptions {
  /** Blob name prefix for this store (a virtual folder), e.g. `approvals/`. Default: none. */
  namePrefix?: string;
  /** How many blobs `list` downloads at once (default 8). */
  listConcurrency?: number;
}

/** A blob held something other than a kvbot JSON record. Checked by name. */
export class CorruptBlobError extends Error {
  override readonly name = 'CorruptBlobError';
  constructor(
    readonly blobName: string,
    options?: { cause?: unknown },
  ) {
    super(`The blob "${blobName}" is not valid JSON; restore it or delete it.`, options);
  }
}

const EXT = '.json';

/** RecordStore over Azure Blob Storage with ETag preconditions. */
export class BlobRecordStore<T> implements RecordStore<T> {
  private readonly namePrefix: string;
  private readonly listConcurrency: number;
  private ready?: Promise<void>;

  /** Build from a ContainerClient (e.g. `ContainerClient` from a connection string and container name). */
  constructor(
    private readonly container: ContainerClient,
    options: BlobRecordStoreOptions = {},
  ) {
    this.namePrefix = options.namePrefix ?? '';
    this.listConcurrency = options.listConcurrency ?? 8;
  }

  /** Convenience: a store over `containerName` in the account of `connectionString`. */
  static fromConnectionString<T>(
    connectionString: string,
    containerName: string,
    options?: BlobRecordStoreOptions,
  ): BlobRecordStore<T> {
    return new BlobRecordStore<T>(new ContainerClient(connectionString, containerName), options);
  }

  /** Reads one record; undefined when absent. */
  async get(key: string): Promise<StoredRecord<T> | undefined> {
    assertValidRecordKey(key);
    await this.ensureContainer();
    return this.read(key, this.blobName(key));
  }

  /** Writes one record; throws ConcurrencyError when a precondition fails. */
  async put(key: string, value: T, options: PutOptions = {}): Promise<StoredRecord<T>> {
    assertValidRecordKey(key);
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`The value for "${key}" cannot be stored as JSON.`);
    await this.ensureContainer();
    const conditions =
      options.ifNoneMatch === '*'
        ? { ifNoneMatch: '*', ...(options.ifMatch !== undefined ? { ifMatch: options.ifMatch } : {}) }
        : options.ifMatch !== undefined
          ? { ifMatch: options.ifMatch }
          : undefined;
    try {
      const response = await this.container
        .getBlockBlobClient(this.blobName(key))
        .upload(text, Buffer.byteLength(text), {
          conditions,
          blobHTTPHeaders: { blobContentType: 'application/json' },
        });
      if (!response.etag) throw new Error(`Blob Storage returned no ETag for "${key}".`);
      return { key, value: JSON.parse(text) as T, etag: response.etag };
    } catch (e) {
      const code = statusOf(e);
      // 412: If-Match/If-None-Match failed; 409: the blob exists (If-None-Match: *) or is leased.
      // 404 with If-Match: there is nothing to match, which is a lost race as well.
      if (code === 412 || code === 409 || (code === 404 && conditions?.ifMatch !== undefined))
        throw new ConcurrencyError(key);
      throw e;
    }
  }

  /** All records whose key starts with `prefix`, in key order. */
  async list(prefix = ''): Promise<StoredRecord<T>[]> {
    assertValidKeyPrefix(prefix);
    await this.ensureContainer();
    const items: BlobItem[] = [];
    for await (const item of this.container.listBlobsFlat({ prefix: this.namePrefix + prefix })) {
      if (item.name.endsWith(EXT)) items.push(item);
    }
    const keys = items.map((i) => i.name.slice(this.namePrefix.length, -EXT.length)).sort();
    const out: (StoredRecord<T> | undefined)[] = new Array(keys.length);
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const index = next++;
        const key = keys[index]!;
        out[index] = await this.read(key, this.blobName(key));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.listConcurrency, keys.length) }, worker));
    // A blob deleted between listing and download is simply not listed.
    return out.filter((r): r is StoredRecord<T> => r !== undefined);
  }

  /** Records a query selects: a scan filtered in memory (this store has no native indexes). */
  async query(query: RecordQuery<T>): Promise<StoredRecord<T>[]> {
    return scanQuery(await this.list(query.index ? '' : (query.prefix ?? '')), query);
  }

  /** Removes a record; with `ifMatch`, only if it still has that ETag (a missing record fails too). */
  async delete(key: string, options: { ifMatch?: string } = {}): Promise<void> {
    assertValidRecordKey(key);
    await this.ensureContainer();
    try {
      await this.container
        .getBlockBlobClient(this.blobName(key))
        .delete(options.ifMatch !== undefined ? { conditions: { ifMatch: options.ifMatch } } : {});
    } catch (e) {
      const code = statusOf(e);
      if (code === 412 || (code === 404 && options.ifMatch !== undefined)) throw new ConcurrencyError(key);
      if (code === 404) return;
      throw e;
    }
  }

  private blobName(key: string): string {
    return `${this.namePrefix}${key}${EXT}`;
  }

  private ensureContainer(): Promise<void> {
    this.ready ??= this.container.createIfNotExists().then(
      () => undefined,
      (e: unknown) => {
        this.ready = undefined; // let the next call retry instead of caching the failure
        throw e;
      },
    );
    return this.ready;
  }

  private async read(key: string, name: string): Promise<StoredRecord<T> | undefined> {
    let text: string;
    let etag: string | undefined;
    try {
      const response = await this.container.getBlockBlobClient(name).download();
      etag = response.etag;
      text = await readAll(response.readableStreamBody);
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
    if (!etag) throw new Error(`Blob Storage returned no ETag for "${name}".`);
    try {
      return { key, value: JSON.parse(text) as T, etag };
    } catch (cause) {
      throw new CorruptBlobError(name, { cause });
    }
  }
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
