/**
 * Bot Framework `Storage` (conversation and user state) over local files, with MemoryStorage's
 * eTag rules: an item written with no eTag or `*` always wins; an item carrying an eTag is written
 * only if the stored one still has it. Each item is one atomic file named by a hash of its key
 * (Bot Framework keys contain `:`, `@`, `/` and can be long), holding the original key inside.
 */
import { createHash } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { isConcurrencyError } from '../../core/storage/record-store.js';
import { FileRecordStore } from './file-record-store.js';

interface BotItemRecord {
  key: string;
  item: Record<string, unknown>;
}

/** Raised on an eTag conflict, like MemoryStorage's error, but named and carrying the key. */
export class BotStateConflictError extends Error {
  override readonly name = 'BotStateConflictError';
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

/** File-backed Bot Framework Storage; survives restarts and is safe across processes. */
export class FileBotStorage implements Storage {
  private readonly records: FileRecordStore<BotItemRecord>;

  /** @param root directory for the state files (e.g. `<dataDir>/bot-state`). */
  constructor(root: string) {
    this.records = new FileRecordStore<BotItemRecord>(root);
  }

  /** Loads the items that exist; missing keys are absent from the result. */
  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const out: StoreItems = {};
    for (const key of keys) {
      const record = await this.records.get(fileKey(key));
      if (record) out[key] = { ...record.value.item, eTag: record.etag };
    }
    return out;
  }

  /** Saves items, enforcing eTags; throws BotStateConflictError on a conflict. */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    for (const [key, raw] of Object.entries(changes)) {
      const { eTag, ...item } = (raw ?? {}) as Record<string, unknown> & { eTag?: string };
      const value: BotItemRecord = { key, item };
      const id = fileKey(key);
      if (!eTag || eTag === '*') {
        await this.records.put(id, value);
        continue;
      }
      try {
        await this.records.put(id, value, { ifMatch: eTag });
      } catch (e) {
        if (!isConcurrencyError(e)) throw e;
        // MemoryStorage writes an item whose key does not exist regardless of its eTag.
        try {
          await this.records.put(id, value, { ifNoneMatch: '*' });
        } catch (e2) {
          if (isConcurrencyError(e2)) throw new BotStateConflictError(key);
          throw e2;
        }
      }
    }
  }

  /** Removes items; missing keys are fine. */
  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await this.records.delete(fileKey(key));
  }
}

function fileKey(key: string): string {
  return `items/${createHash('sha256').update(key).digest('hex')}`;
}
