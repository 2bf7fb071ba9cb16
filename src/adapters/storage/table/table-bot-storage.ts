/**
 * Bot Framework `Storage` (conversation and user state) in an Azure table, with MemoryStorage's
 * eTag rules: no eTag or `*` always wins; otherwise only if unchanged (`If-Match` on the entity);
 * a missing item is written whatever its eTag. One entity per state key, each in its own
 * partition (state keys never share a transaction), so the state spreads over partitions; the
 * eTag callers see is the service's.
 */
import type { TableClient } from '@azure/data-tables';
import type { Storage, StoreItems } from 'botbuilder';
import { BotStateConflictError } from '../file-bot-storage.js';
import { chunkJson, joinJson } from './table-entity.js';
import { statusOf } from '../etag-and-status.js';
import { encodeOrdered } from './table-keys.js';

/** The one row of a state key's partition. */
const ROW = 's';

/** Table-backed Bot Framework Storage; safe across bot instances. */
export class TableBotStorage implements Storage {
  private readiness?: Promise<void>;

  constructor(private readonly client: TableClient) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    await this.ready();
    const out: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        try {
          const entity = await this.client.getEntity<Record<string, unknown>>(encodeOrdered(key), ROW);
          const text = joinJson(entity);
          if (text !== undefined) out[key] = { ...(JSON.parse(text) as Record<string, unknown>), eTag: entity.etag };
        } catch (e) {
          if (statusOf(e) !== 404) throw e;
        }
      }),
    );
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    await this.ready();
    await Promise.all(
      Object.entries(changes).map(async ([key, raw]) => {
        const { eTag, ...item } = (raw ?? {}) as Record<string, unknown> & { eTag?: string };
        const entity = { partitionKey: encodeOrdered(key), rowKey: ROW, ...chunkJson(key, JSON.stringify(item)) };
        if (!eTag || eTag === '*') {
          await this.client.upsertEntity(entity, 'Replace');
          return;
        }
        try {
          await this.client.updateEntity(entity, 'Replace', { etag: eTag });
          return;
        } catch (e) {
          if (statusOf(e) === 412) throw new BotStateConflictError(key);
          // 404: not there. 400: an eTag this storage never handed out (Azurite refuses it as
          // input): it cannot match a stored item, so only a create can succeed.
          if (statusOf(e) !== 404 && statusOf(e) !== 400) throw e;
        }
        // Not there (any more): written whatever its eTag, unless someone created it meanwhile.
        try {
          await this.client.createEntity(entity);
        } catch (e) {
          if (statusOf(e) === 409) throw new BotStateConflictError(key);
          throw e;
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await this.ready();
    await Promise.all(
      keys.map((key) =>
        this.client.deleteEntity(encodeOrdered(key), ROW).catch((e: unknown) => {
          if (statusOf(e) !== 404) throw e;
        }),
      ),
    );
  }

  private ready(): Promise<void> {
    this.readiness ??= this.client.createTable().catch((e: unknown) => {
      this.readiness = undefined;
      throw e;
    });
    return this.readiness;
  }
}
