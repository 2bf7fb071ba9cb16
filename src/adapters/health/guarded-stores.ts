/**
 * Storage that degrades instead of failing turns: every record store and the Bot Framework state
 * storage report write failures to {@link StoreHealth}. A record write that fails because the
 * store is unavailable throws {@link StoreUnavailableError} (the turn error handler tells the user
 * what cannot be done); a bot state write that fails is logged and skipped, so questions keep
 * getting answers from a read-only or full store. Concurrency conflicts pass through unchanged.
 */
import type { RecordQuery } from '../../core/storage/record-query.js';
import type { Storage, StoreItems } from 'botbuilder';
import type { PutOptions, RecordStore, StoredRecord } from '../../core/storage/record-store.js';
import type { StorageFactory } from '../storage/storage-factory.js';
import { acceptsStateJson } from '../storage/state-json.js';
import { StoreHealth, StoreUnavailableError, isStoreUnavailable } from './store-health.js';

/** Minimal logger the guards use. */
interface WarnLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

class GuardedRecordStore<T> implements RecordStore<T> {
  constructor(
    private readonly inner: RecordStore<T>,
    private readonly namespace: string,
    private readonly health: StoreHealth,
  ) {}

  get(key: string): Promise<StoredRecord<T> | undefined> {
    return this.inner.get(key);
  }

  list(prefix?: string): Promise<StoredRecord<T>[]> {
    return this.inner.list(prefix);
  }

  query(query: RecordQuery<T>): Promise<StoredRecord<T>[]> {
    return this.inner.query(query);
  }

  async put(key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    return this.write(() => this.inner.put(key, value, options));
  }

  async delete(key: string, options?: { ifMatch?: string }): Promise<void> {
    return this.write(() => this.inner.delete(key, options));
  }

  private async write<R>(op: () => Promise<R>): Promise<R> {
    try {
      const result = await op();
      this.health.succeeded();
      return result;
    } catch (e) {
      if (!isStoreUnavailable(e)) throw e;
      this.health.failed(this.namespace, e);
      throw new StoreUnavailableError(this.namespace, { cause: e });
    }
  }
}

class GuardedBotStorage implements Storage {
  /** The inner store's (state-json.ts): items pass through this guard unchanged. */
  readonly acceptsStateJson: boolean;

  constructor(
    private readonly inner: Storage,
    private readonly health: StoreHealth,
    private readonly logger: WarnLogger,
  ) {
    this.acceptsStateJson = acceptsStateJson(inner);
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    await this.guard(() => this.inner.write(changes), 'write');
  }

  async delete(keys: string[]): Promise<void> {
    await this.guard(() => this.inner.delete(keys), 'delete');
  }

  private async guard(op: () => Promise<void>, what: string): Promise<void> {
    try {
      await op();
      this.health.succeeded();
    } catch (e) {
      if (!isStoreUnavailable(e)) throw e;
      // Conversation state is lost for this turn; the answer already went out.
      this.health.failed('bot-state', e);
      this.logger.warn('could not save conversation state; continuing without it', {
        operation: what,
        error: (e as Error)?.message,
      });
    }
  }
}

/** Wraps a storage factory so every store it makes reports to `health`. */
export function guardStorageFactory(factory: StorageFactory, health: StoreHealth, logger: WarnLogger): StorageFactory {
  return {
    description: factory.description,
    recordStore: <T>(namespace: string) =>
      new GuardedRecordStore<T>(factory.recordStore<T>(namespace), namespace, health),
    botStorage: () => new GuardedBotStorage(factory.botStorage(), health, logger),
    counters: () => factory.counters(),
    close: () => factory.close(),
    sweepOrphans: () => factory.sweepOrphans(),
  };
}

/**
 * A record store whose writes are best effort: a failure is logged and the value returned as if
 * stored. For records the bot keeps for itself (unanswered questions), never for what a person asked
 * to be recorded.
 */
export function bestEffortStore<T>(inner: RecordStore<T>, what: string, logger: WarnLogger): RecordStore<T> {
  return {
    get: (key) => inner.get(key),
    list: (prefix) => inner.list(prefix),
    query: (q) => inner.query(q),
    put: async (key, value, options) => {
      try {
        return await inner.put(key, value, options);
      } catch (e) {
        if (!isStoreUnavailable(e)) throw e;
        logger.warn(`could not record ${what}; continuing`, { key, error: (e as Error)?.message });
        return { key, value, etag: '' };
      }
    },
    delete: (key, options) => inner.delete(key, options),
  };
}
