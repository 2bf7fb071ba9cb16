/**
 * Queries over a record store: by key range or by one declared index, so that the bot reads only
 * the records it returns. An index is a pure function of the record (its value for that index, or
 * undefined when the record is not in it); the SQLite store keeps each index as an indexed column,
 * stores without native indexes ({@link scanQuery}) evaluate the same function over a scan.
 */

/** One queryable field of a namespace's records. `name` is `[A-Za-z][A-Za-z0-9]*`. */
export interface RecordIndex<T> {
  readonly name: string;
  /** The record's value for this index; undefined leaves the record out of the index. */
  readonly valueOf: (value: T) => string | undefined;
}

/**
 * What to read. Without `index` the conditions apply to the key; with it, to the index value.
 * Results are ordered by (index value, key), or by key without an index.
 */
export interface RecordQuery<T> {
  index?: RecordIndex<T>;
  equals?: string;
  /** Inclusive lower bound. */
  atLeast?: string;
  /** Inclusive upper bound. */
  atMost?: string;
  /** Key prefix (key queries only). */
  prefix?: string;
  /** Paging: only keys after this one (key queries, or index queries with `equals`). */
  afterKey?: string;
  order?: 'asc' | 'desc';
  limit?: number;
}

/** A query the stores refuse (bad index name, unsupported combination). Checked by name. */
export class InvalidRecordQueryError extends Error {
  override readonly name = 'InvalidRecordQueryError';
}

const INDEX_NAME = /^[A-Za-z][A-Za-z0-9]{0,40}$/;

/** Throws InvalidRecordQueryError for a query no store can answer. */
export function assertValidQuery<T>(q: RecordQuery<T>): void {
  if (q.index && !INDEX_NAME.test(q.index.name))
    throw new InvalidRecordQueryError(`Index name "${q.index.name}" must be letters and digits.`);
  if (q.index && q.prefix !== undefined)
    throw new InvalidRecordQueryError('A key prefix cannot be combined with an index.');
  if (q.index && q.afterKey !== undefined && q.equals === undefined)
    throw new InvalidRecordQueryError('Paging by key inside an index needs `equals`.');
  if (q.limit !== undefined && (!Number.isInteger(q.limit) || q.limit < 0))
    throw new InvalidRecordQueryError(`limit must be a non-negative integer, got ${q.limit}.`);
}

/** The value a query compares for a record: the index value, or the key. */
function keyOf<T>(q: RecordQuery<T>, r: { key: string; value: T }): string | undefined {
  return q.index ? q.index.valueOf(r.value) : r.key;
}

/** True when the record matches the query's conditions (ignores order and limit). */
export function matchesQuery<T>(q: RecordQuery<T>, r: { key: string; value: T }): boolean {
  const v = keyOf(q, r);
  if (v === undefined) return false;
  if (q.equals !== undefined && v !== q.equals) return false;
  if (q.atLeast !== undefined && v < q.atLeast) return false;
  if (q.atMost !== undefined && v > q.atMost) return false;
  if (q.prefix !== undefined && !r.key.startsWith(q.prefix)) return false;
  if (q.afterKey !== undefined && (q.order === 'desc' ? r.key >= q.afterKey : r.key <= q.afterKey)) return false;
  return true;
}

/** Answers a query over records already read: for stores without native indexes, and tests. */
export function scanQuery<T, R extends { key: string; value: T }>(records: Iterable<R>, q: RecordQuery<T>): R[] {
  assertValidQuery(q);
  const hits: { v: string; r: R }[] = [];
  for (const r of records) if (matchesQuery(q, r)) hits.push({ v: keyOf(q, r)!, r });
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  hits.sort((a, b) => cmp(a.v, b.v) || cmp(a.r.key, b.r.key));
  if (q.order === 'desc') hits.reverse();
  const out = hits.map((h) => h.r);
  return q.limit === undefined ? out : out.slice(0, q.limit);
}
