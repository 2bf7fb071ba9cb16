/**
 * RecordStore over one SQLite table (see sqlite-database.ts). Conditional writes are single
 * statements (`UPDATE … WHERE etag = ?`, `INSERT … ON CONFLICT DO NOTHING`), so a precondition is
 * checked and the write done atomically, across processes too. Queries on a declared index read
 * its column's B-tree: only the rows they return.
 *
 * Given the database's writer (the storage factory gives it), `put` and `delete` hand that one
 * statement to the writer thread and resolve once it is committed, so a durable commit's fsync
 * never stops the bot's thread (a consent opened with a FAQ answer, an unanswered question, an
 * audit record); reads stay on the bot's connection and see a write once it resolved. Without a
 * writer (tests, migration, bulk seeding) they run on the caller's connection, as `putNow` does.
 */
import type { Statement } from 'better-sqlite3';
import { assertValidKeyPrefix, assertValidRecordKey } from '../../../core/storage/record-key.js';
import { assertValidQuery, scanQuery, type RecordIndex, type RecordQuery } from '../../../core/storage/record-query.js';
import {
  ConcurrencyError,
  type PutOptions,
  type RecordStore,
  type StoredRecord,
} from '../../../core/storage/record-store.js';
import { newEtag } from '../etag-and-status.js';
import { ensureNamespaceTable, indexColumn, tableName, type SqliteDb } from './sqlite-database.js';
import { writerError, type SqliteWriter } from './sqlite-writer.js';

interface Row {
  key: string;
  value: string;
  etag: string;
}

/**
 * One write: its statement and parameters; `mustChange`, a precondition, so no row changed means
 * it failed (`conflict`: the ConcurrencyError's message then, when not the default).
 */
interface WriteStatement {
  sql: string;
  params: Array<string | number | null>;
  mustChange: boolean;
  conflict?: string;
}

/** The highest character allowed in a key plus one: `prefix + KEY_END` bounds a prefix range. */
const KEY_END = '~';

/** One namespace's records in SQLite. */
export class SqliteRecordStore<T> implements RecordStore<T> {
  private readonly table: string;
  private readonly indexes: readonly RecordIndex<T>[];
  private readonly statements = new Map<string, Statement>();

  /** `writer`: the database's writer thread, for `put` and `delete` (see above). */
  constructor(
    private readonly db: SqliteDb,
    readonly namespace: string,
    indexes: readonly RecordIndex<T>[] = [],
    private readonly writer?: SqliteWriter,
  ) {
    this.table = tableName(namespace);
    this.indexes = indexes;
    ensureNamespaceTable(db, namespace, indexes as readonly RecordIndex<never>[]);
  }

  async get(key: string): Promise<StoredRecord<T> | undefined> {
    assertValidRecordKey(key);
    return this.getNow(key);
  }

  async put(key: string, value: T, options: PutOptions = {}): Promise<StoredRecord<T>> {
    const write = this.putStatement(key, value, options);
    await this.execute(key, write);
    return write.record;
  }

  async list(prefix = ''): Promise<StoredRecord<T>[]> {
    assertValidKeyPrefix(prefix);
    return this.queryNow({ prefix });
  }

  async delete(key: string, options: { ifMatch?: string } = {}): Promise<void> {
    assertValidRecordKey(key);
    const conditional = options.ifMatch !== undefined;
    await this.execute(key, {
      sql: conditional
        ? `DELETE FROM "${this.table}" WHERE key = ? AND etag = ?`
        : `DELETE FROM "${this.table}" WHERE key = ?`,
      params: conditional ? [key, options.ifMatch!] : [key],
      mustChange: conditional,
    });
  }

  async query(query: RecordQuery<T>): Promise<StoredRecord<T>[]> {
    return this.queryNow(query);
  }

  /** Synchronous get, for use inside transactions. */
  getNow(key: string): StoredRecord<T> | undefined {
    const row = this.statement(`SELECT key, value, etag FROM "${this.table}" WHERE key = ?`).get(key) as
      Row | undefined;
    return row ? toRecord<T>(row) : undefined;
  }

  /** Synchronous conditional write, for use inside transactions (bulk seeding, migration). */
  putNow(key: string, value: T, options: PutOptions = {}): StoredRecord<T> {
    const write = this.putStatement(key, value, options);
    this.executeNow(key, write);
    return write.record;
  }

  /** Runs one write statement: on the writer thread when the store has one, else on this connection. */
  private async execute(key: string, write: WriteStatement): Promise<void> {
    if (!this.writer) return this.executeNow(key, write);
    const { sql, params, mustChange } = write;
    const failed = await this.writer.submit({ op: 'run', sql, params, mustChange });
    if (!failed) return;
    throw 'message' in failed ? writerError(failed.message, failed.code) : new ConcurrencyError(key, write.conflict);
  }

  /** Runs one write statement on this connection; no row changed under a precondition is a ConcurrencyError. */
  private executeNow(key: string, write: WriteStatement): void {
    const done = this.statement(write.sql).run(...write.params);
    if (write.mustChange && done.changes === 0) throw new ConcurrencyError(key, write.conflict);
  }

  /**
   * The one statement that writes `value` under `key` with `options`' precondition (a new eTag,
   * the index columns), the record it stores, and whether no row changed means the precondition
   * failed.
   */
  private putStatement(key: string, value: T, options: PutOptions): WriteStatement & { record: StoredRecord<T> } {
    assertValidRecordKey(key);
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`The value for "${key}" cannot be stored as JSON.`);
    const parsed = JSON.parse(text) as T;
    const etag = newEtag();
    const record = { key, value: parsed, etag };
    const ix = this.indexes.map((i) => i.valueOf(parsed) ?? null);
    const cols = this.indexes.map((i) => `"${indexColumn(i as RecordIndex<never>)}"`);
    if (options.ifMatch !== undefined) {
      const sets = ['value = ?', 'etag = ?', ...cols.map((c) => `${c} = ?`)].join(', ');
      const sql = `UPDATE "${this.table}" SET ${sets} WHERE key = ? AND etag = ?`;
      return { sql, params: [text, etag, ...ix, key, options.ifMatch], mustChange: true, record };
    }
    const insert = `INSERT INTO "${this.table}" (key, value, etag${cols.map((c) => `, ${c}`).join('')}) VALUES (?, ?, ?${cols.map(() => ', ?').join('')})`;
    const params = [key, text, etag, ...ix];
    if (options.ifNoneMatch === '*') {
      const conflict = `The record "${key}" already exists.`;
      return { sql: `${insert} ON CONFLICT(key) DO NOTHING`, params, mustChange: true, conflict, record };
    }
    const update = ['value = excluded.value', 'etag = excluded.etag', ...cols.map((c) => `${c} = excluded.${c}`)].join(
      ', ',
    );
    return { sql: `${insert} ON CONFLICT(key) DO UPDATE SET ${update}`, params, mustChange: false, record };
  }

  /** Synchronous query. A query on an index this namespace does not declare falls back to a scan. */
  queryNow(q: RecordQuery<T>): StoredRecord<T>[] {
    assertValidQuery(q);
    if (q.index && !this.indexes.some((i) => i.name === q.index!.name)) {
      const all = (this.statement(`SELECT key, value, etag FROM "${this.table}" ORDER BY key`).all() as Row[]).map(
        (r) => toRecord<T>(r),
      );
      return scanQuery(all, q);
    }
    const col = q.index ? `"${indexColumn(q.index as RecordIndex<never>)}"` : 'key';
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.index) where.push(`${col} IS NOT NULL`);
    if (q.equals !== undefined) {
      where.push(`${col} = ?`);
      args.push(q.equals);
    }
    if (q.atLeast !== undefined) {
      where.push(`${col} >= ?`);
      args.push(q.atLeast);
    }
    if (q.atMost !== undefined) {
      where.push(`${col} <= ?`);
      args.push(q.atMost);
    }
    if (q.prefix) {
      where.push('key >= ? AND key < ?');
      args.push(q.prefix, q.prefix + KEY_END);
    }
    if (q.afterKey !== undefined) {
      where.push(q.order === 'desc' ? 'key < ?' : 'key > ?');
      args.push(q.afterKey);
    }
    const dir = q.order === 'desc' ? 'DESC' : 'ASC';
    const order = q.index ? `${col} ${dir}, key ${dir}` : `key ${dir}`;
    let sql = `SELECT key, value, etag FROM "${this.table}"${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`;
    if (q.limit !== undefined) {
      sql += ' LIMIT ?';
      args.push(q.limit);
    }
    return (this.statement(sql).all(...args) as Row[]).map((r) => toRecord<T>(r));
  }

  /** Number of records (benchmarks, migration reports). */
  count(): number {
    return (this.statement(`SELECT count(*) AS n FROM "${this.table}"`).get() as { n: number }).n;
  }

  private statement(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

function toRecord<T>(row: Row): StoredRecord<T> {
  return { key: row.key, value: JSON.parse(row.value) as T, etag: row.etag };
}
