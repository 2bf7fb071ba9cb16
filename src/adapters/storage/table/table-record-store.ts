/**
 * The scale-out RecordStore on Azure Table Storage: one table per namespace, one partition per
 * table, holding each record under `k:<key>` and a copy of it under `x:<index>:<value>!<key>` for
 * every declared index the record is in (the "intra-partition secondary index" pattern). A query is
 * then one RowKey range scan that reads only what it returns: `my cases` (requester / assignee),
 * the reminder sweep (due time `atMost: now`), audit by vault, approvals by status and expiry,
 * report counts by time, a case by number, the outbox by key.
 *
 * Every write is one entity-group transaction (batch) over the record and its index rows, with
 * `If-Match` on the record's service ETag (or create-only): a lost race fails the whole batch, so
 * index rows never disagree with the record, and two instances never both win a compare-and-swap.
 * The ETag callers see is a version token stored in the record and in each copy, so a record read
 * through an index can be written back conditionally.
 *
 * One partition per namespace keeps every write atomic and every query a single range; Azure's
 * scalability target for one partition (about 2,000 entities/s, each batch counting its entities)
 * bounds the write rate per namespace, far above what one team's bot produces.
 */
import type { TableClient, TableEntity, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { assertValidKeyPrefix, assertValidRecordKey } from '../../../core/storage/record-key.js';
import { assertValidQuery, scanQuery, type RecordIndex, type RecordQuery } from '../../../core/storage/record-query.js';
import {
  ConcurrencyError,
  type PutOptions,
  type RecordStore,
  type StoredRecord,
} from '../../../core/storage/record-store.js';
import { chunkJson, fitsOneChunk, joinJson } from './table-entity.js';
import { newEtag, statusOf } from '../etag-and-status.js';
import {
  INDEX_MARKER_ROW,
  RECORD_ROW,
  encodeOrdered,
  indexBase,
  indexRow,
  indexValueBounds,
  prefixEnd,
  recordRow,
} from './table-keys.js';

/** The one partition of a namespace's table. */
const PARTITION = 'r';
/** Entities per page (the service's maximum). */
const PAGE = 1000;
/** Attempts of an unconditional write that keeps losing to concurrent writers. */
const MAX_UNCONDITIONAL_ATTEMPTS = 50;

type Props = Record<string, unknown>;

/** A record row as stored; `text` and `token` are absent for a tombstone (a record being deleted). */
interface Primary {
  /** The service ETag (for If-Match in the batch). */
  serviceEtag: string;
  token?: string;
  rows: string[];
  text?: string;
}

type Bound = { op: 'ge' | 'gt' | 'lt' | 'le'; value: string };

/** One namespace's records in one Azure table. */
export class TableRecordStore<T> implements RecordStore<T> {
  private readiness?: Promise<void>;

  /** `client` is the namespace's table (see tableNameFor); `indexes` its declared indexes. */
  constructor(
    private readonly client: TableClient,
    private readonly indexes: readonly RecordIndex<T>[] = [],
  ) {}

  async get(key: string): Promise<StoredRecord<T> | undefined> {
    assertValidRecordKey(key);
    await this.ready();
    const p = await this.readPrimary(key);
    return p?.text !== undefined ? { key, value: JSON.parse(p.text) as T, etag: p.token! } : undefined;
  }

  async put(key: string, value: T, options: PutOptions = {}): Promise<StoredRecord<T>> {
    assertValidRecordKey(key);
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`The value for "${key}" cannot be stored as JSON.`);
    const parsed = JSON.parse(text) as T;
    const prepared = prepareValue(key, text, this.rowsOf(key, parsed));
    const conditional = options.ifMatch !== undefined || options.ifNoneMatch === '*';
    await this.ready();
    for (let attempt = 1; ; attempt++) {
      const current = await this.readPrimary(key);
      if (options.ifNoneMatch === '*' && current?.text !== undefined)
        throw new ConcurrencyError(key, `The record "${key}" already exists.`);
      if (options.ifMatch !== undefined && current?.token !== options.ifMatch) throw new ConcurrencyError(key);
      const token = newEtag();
      try {
        await this.client.submitTransaction(replaceActions(entitiesOf(prepared, token), current));
        return { key, value: parsed, etag: token };
      } catch (e) {
        if (!isLostRace(e)) throw e;
        if (conditional) throw new ConcurrencyError(key);
        if (attempt >= MAX_UNCONDITIONAL_ATTEMPTS)
          throw new ConcurrencyError(
            key,
            `The record "${key}" kept changing under ${attempt} attempts to write it; try again.`,
          );
      }
    }
  }

  async list(prefix = ''): Promise<StoredRecord<T>[]> {
    assertValidKeyPrefix(prefix);
    return this.query({ prefix });
  }

  async delete(key: string, options: { ifMatch?: string } = {}): Promise<void> {
    assertValidRecordKey(key);
    await this.ready();
    for (let attempt = 1; ; attempt++) {
      const current = await this.readPrimary(key);
      if (!current || current.text === undefined) {
        if (options.ifMatch !== undefined) throw new ConcurrencyError(key);
        return;
      }
      if (options.ifMatch !== undefined && current.token !== options.ifMatch) throw new ConcurrencyError(key);
      // A batch cannot delete conditionally, so the record becomes a tombstone under If-Match in
      // the same batch that drops its index rows; the tombstone is then removed on its own.
      const tombstone: TableEntity<Props> = { partitionKey: PARTITION, rowKey: recordRow(key), key, gone: true };
      const actions: TransactionAction[] = [['update', tombstone, 'Replace', { etag: current.serviceEtag }]];
      for (const row of current.rows) actions.push(['delete', { partitionKey: PARTITION, rowKey: row }]);
      let tombstoneEtag: string | undefined;
      try {
        const done = await this.client.submitTransaction(actions);
        tombstoneEtag = done.subResponses.find((r) => r.rowKey === tombstone.rowKey)?.etag;
      } catch (e) {
        if (!isLostRace(e)) throw e;
        if (options.ifMatch !== undefined) throw new ConcurrencyError(key);
        if (attempt >= MAX_UNCONDITIONAL_ATTEMPTS)
          throw new ConcurrencyError(
            key,
            `The record "${key}" kept changing under ${attempt} attempts to delete it; try again.`,
          );
        continue;
      }
      // Readers already treat the tombstone as absent; a writer that recreated the key meanwhile keeps it.
      await this.client
        .deleteEntity(PARTITION, tombstone.rowKey, { etag: tombstoneEtag ?? '*' })
        .catch((e: unknown) => {
          if (!isLostRace(e)) throw e;
        });
      return;
    }
  }

  /**
   * Bulk import (migration, benchmark seeding): creates records that must not exist yet, many per
   * entity-group transaction (up to 100 entities: a record and its index rows stay together).
   */
  async importMany(entries: readonly { key: string; value: T }[]): Promise<void> {
    await this.ready();
    let batch: TransactionAction[] = [];
    let chars = 0;
    const flush = async () => {
      if (batch.length > 0) await this.client.submitTransaction(batch);
      batch = [];
      chars = 0;
    };
    for (const { key, value } of entries) {
      assertValidRecordKey(key);
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError(`The value for "${key}" cannot be stored as JSON.`);
      const prepared = prepareValue(key, text, this.rowsOf(key, JSON.parse(text) as T));
      const { record, copies } = entitiesOf(prepared, newEtag());
      const actions: TransactionAction[] = [['create', record], ...copies.map((c): TransactionAction => ['create', c])];
      const size = text.length * (1 + (fitsOneChunk(text) ? prepared.rows.length : 0));
      // 100 operations and 4 MiB per transaction; stay well under both.
      if (batch.length + actions.length > 100 || chars + size > 1_000_000) await flush();
      batch.push(...actions);
      chars += size;
    }
    await flush();
  }

  /**
   * One RowKey range scan of the record rows or of one index's rows. Table Storage reads ranges
   * ascending only: a descending query reads its whole range and reverses it.
   */
  async query(q: RecordQuery<T>): Promise<StoredRecord<T>[]> {
    assertValidQuery(q);
    await this.ready();
    if (q.index && !this.indexes.some((i) => i.name === q.index!.name)) {
      // An index this namespace does not declare: the same answer from a scan.
      return scanQuery(await this.scanRange(recordBounds(), undefined), q);
    }
    const bounds = q.index ? indexBounds(q) : keyBounds(q);
    if (q.order === 'desc') {
      const all = await this.scanRange(bounds, undefined);
      all.reverse();
      return q.limit === undefined ? all : all.slice(0, q.limit);
    }
    return this.scanRange(bounds, q.limit);
  }

  /** Reads rows in a RowKey range, in order, up to `limit`; index rows without a copy read their record. */
  private async scanRange(bounds: Bound[], limit: number | undefined): Promise<StoredRecord<T>[]> {
    if (limit === 0) return [];
    const filter = [
      `PartitionKey eq '${PARTITION}'`,
      ...bounds.map((b) => `RowKey ${b.op} '${b.value.replace(/'/g, "''")}'`),
    ].join(' and ');
    const out: (StoredRecord<T> | string)[] = [];
    const pages = this.client
      .listEntities<Props>({ queryOptions: { filter } })
      .byPage({ maxPageSize: limit === undefined ? PAGE : Math.min(PAGE, limit) });
    outer: for await (const page of pages) {
      for (const entity of page) {
        if (entity.gone === true) continue;
        const key = entity.key as string;
        const text = joinJson(entity);
        out.push(text === undefined ? key : { key, value: JSON.parse(text) as T, etag: entity.tok as string });
        if (limit !== undefined && out.length >= limit) break outer;
      }
    }
    const records = await Promise.all(out.map(async (r) => (typeof r === 'string' ? this.get(r) : r)));
    return records.filter((r): r is StoredRecord<T> => r !== undefined);
  }

  private rowsOf(key: string, value: T): string[] {
    const rows: string[] = [];
    for (const ix of this.indexes) {
      const v = ix.valueOf(value);
      if (v !== undefined) rows.push(indexRow(ix.name, v, key));
    }
    return rows;
  }

  private async readPrimary(key: string): Promise<Primary | undefined> {
    let entity: TableEntityResult<Props>;
    try {
      entity = await this.client.getEntity<Props>(PARTITION, recordRow(key));
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
    return toPrimary(entity);
  }

  /** Creates the table once, and rebuilds the index rows when the declared indexes changed. */
  private ready(): Promise<void> {
    this.readiness ??= (async () => {
      await this.client.createTable();
      await this.reindexIfChanged();
    })().catch((e: unknown) => {
      this.readiness = undefined; // the next call tries again instead of caching the failure
      throw e;
    });
    return this.readiness;
  }

  private async reindexIfChanged(): Promise<void> {
    const names = this.indexes
      .map((i) => i.name)
      .sort()
      .join(',');
    let marker: string | undefined;
    try {
      marker = (await this.client.getEntity<Props>(PARTITION, INDEX_MARKER_ROW)).names as string;
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
    if (marker === names) return;
    // Indexes were added or removed since the rows were written: rewrite each record's index rows.
    const filter = `PartitionKey eq '${PARTITION}' and RowKey ge '${RECORD_ROW}' and RowKey lt '${prefixEnd(RECORD_ROW)}'`;
    for await (const entity of this.client.listEntities<Props>({ queryOptions: { filter } })) {
      const p = toPrimary(entity);
      if (p.text === undefined) continue;
      const key = entity.key as string;
      const rows = this.rowsOf(key, JSON.parse(p.text) as T);
      if (rows.join('\n') === p.rows.join('\n')) continue;
      // The same value and version token, listed under the new rows.
      const entities = entitiesOf(prepareValue(key, p.text, rows), p.token!);
      try {
        await this.client.submitTransaction(replaceActions(entities, p));
      } catch (e) {
        // Rewritten meanwhile by a writer that already knows the new indexes: nothing to do.
        if (!isLostRace(e)) throw e;
      }
    }
    await this.client.upsertEntity({ partitionKey: PARTITION, rowKey: INDEX_MARKER_ROW, names }, 'Replace');
  }
}

/** A record's value ready to store: its JSON cut into properties, and the index rows it is in. */
interface PreparedValue {
  key: string;
  chunks: Props;
  /** What each index row holds: the value when it fits one property; a larger one is read from the record. */
  copy: Props;
  rows: string[];
}

/** The entities of one version of a record: its record row and a copy per index row. */
interface RecordEntities {
  record: TableEntity<Props>;
  copies: TableEntity<Props>[];
  rows: string[];
}

/** Cuts the JSON (throwing RecordTooLargeError before any request) and decides what index rows copy. */
function prepareValue(key: string, text: string, rows: string[]): PreparedValue {
  const chunks = chunkJson(key, text);
  return { key, chunks, copy: fitsOneChunk(text) ? chunks : { ref: true }, rows };
}

/** The one place record and index-row entities are built; `token` is the version callers see as the ETag. */
function entitiesOf({ key, chunks, copy, rows }: PreparedValue, token: string): RecordEntities {
  return {
    record: { partitionKey: PARTITION, rowKey: recordRow(key), key, tok: token, rows: JSON.stringify(rows), ...chunks },
    copies: rows.map((row) => ({ partitionKey: PARTITION, rowKey: row, key, tok: token, ...copy })),
    rows,
  };
}

/**
 * The batch that writes a record over `current`: the record row (created, or replaced under
 * If-Match on the service ETag), the index rows it left deleted, and its copies upserted.
 */
function replaceActions(e: RecordEntities, current: Primary | undefined): TransactionAction[] {
  const actions: TransactionAction[] = [
    current ? ['update', e.record, 'Replace', { etag: current.serviceEtag }] : ['create', e.record],
  ];
  for (const old of current?.rows ?? [])
    if (!e.rows.includes(old)) actions.push(['delete', { partitionKey: PARTITION, rowKey: old }]);
  for (const copy of e.copies) actions.push(['upsert', copy, 'Replace']);
  return actions;
}

function toPrimary(entity: TableEntityResult<Props>): Primary {
  if (!entity.etag) throw new Error(`Table Storage returned no ETag for ${entity.rowKey}.`);
  if (entity.gone === true) return { serviceEtag: entity.etag, rows: [] };
  const text = joinJson(entity);
  if (text === undefined || typeof entity.tok !== 'string')
    throw new Error(`Table entity ${entity.rowKey} is not a kvbot record; restore or delete it.`);
  return {
    serviceEtag: entity.etag,
    token: entity.tok,
    rows: typeof entity.rows === 'string' ? (JSON.parse(entity.rows) as string[]) : [],
    text,
  };
}

/** 412: If-Match failed; 409: create of an existing row; 404: the record went away under us. */
function isLostRace(e: unknown): boolean {
  const s = statusOf(e);
  return s === 412 || s === 409 || s === 404;
}

function recordBounds(): Bound[] {
  return [
    { op: 'ge', value: RECORD_ROW },
    { op: 'lt', value: prefixEnd(RECORD_ROW) },
  ];
}

function keyBounds<T>(q: RecordQuery<T>): Bound[] {
  const b = recordBounds();
  if (q.prefix) {
    const start = RECORD_ROW + encodeOrdered(q.prefix);
    b.push({ op: 'ge', value: start }, { op: 'lt', value: prefixEnd(start) });
  }
  if (q.equals !== undefined)
    b.push({ op: 'ge', value: recordRow(q.equals) }, { op: 'le', value: recordRow(q.equals) });
  if (q.atLeast !== undefined) b.push({ op: 'ge', value: recordRow(q.atLeast) });
  if (q.atMost !== undefined) b.push({ op: 'le', value: recordRow(q.atMost) });
  if (q.afterKey !== undefined) b.push({ op: q.order === 'desc' ? 'lt' : 'gt', value: recordRow(q.afterKey) });
  return b;
}

function indexBounds<T>(q: RecordQuery<T>): Bound[] {
  const name = q.index!.name;
  const base = indexBase(name);
  const b: Bound[] = [
    { op: 'ge', value: base },
    { op: 'lt', value: prefixEnd(base) },
  ];
  if (q.equals !== undefined) {
    const { lower, upper } = indexValueBounds(name, q.equals);
    b.push({ op: 'ge', value: lower }, { op: 'lt', value: upper });
  }
  if (q.atLeast !== undefined) b.push({ op: 'ge', value: indexValueBounds(name, q.atLeast).lower });
  if (q.atMost !== undefined) b.push({ op: 'lt', value: indexValueBounds(name, q.atMost).upper });
  if (q.afterKey !== undefined)
    b.push({ op: q.order === 'desc' ? 'lt' : 'gt', value: indexRow(name, q.equals!, q.afterKey) });
  return b;
}
