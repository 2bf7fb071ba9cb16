/**
 * The one read-change-write helper for records shared between bot instances: read the record,
 * let the caller decide, write with the ETag it read (or create-only when it was absent), and on a
 * lost race wait a jittered, growing delay and decide again. One retry policy for every service.
 */
import { isConcurrencyError, type RecordStore, type StoredRecord } from './record-store.js';

/** How often and how patiently to retry a lost compare-and-swap. */
export interface RetryPolicy {
  /** The one bound: attempts before giving up. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per attempt. */
  baseDelayInMs: number;
  /** Backoff ceiling. */
  maxDelayInMs: number;
}

/**
 * The default: "full jitter" exponential backoff (a random delay up to min(max, base·2ⁿ)), high
 * enough that 100 concurrent writers on one record all get through (tested with case numbers).
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 200,
  baseDelayInMs: 2,
  maxDelayInMs: 100,
});

/** What a change decides: write `value` and return `result`, or return `result` without writing. */
export type RecordUpdate<T, R> = { write: T; result: R } | { result: R; write?: undefined };

/** The change function: sees the current record (undefined when absent) and the attempt number. */
export type RecordChange<T, R> = (
  current: StoredRecord<T> | undefined,
  attempt: number,
) => RecordUpdate<T, R> | Promise<RecordUpdate<T, R>>;

/** Every attempt lost its race. Checked by name. */
export class UpdateConflictError extends Error {
  override readonly name = 'UpdateConflictError';
  constructor(
    readonly key: string,
    readonly attempts: number,
  ) {
    super(`The record "${key}" kept changing under ${attempts} attempts to update it; try again.`);
  }
}

/** True for an UpdateConflictError (by name). */
export function isUpdateConflictError(e: unknown): e is UpdateConflictError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'UpdateConflictError';
}

/** Options of {@link updateRecord}. */
export interface UpdateRecordOptions {
  policy?: RetryPolicy;
  /** Waits between attempts (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads `key`, applies `change`, writes conditionally; on ConcurrencyError backs off and repeats.
 * Returns the change's result (from the attempt whose write won, or that chose not to write).
 * Throws UpdateConflictError after `policy.maxAttempts` lost races.
 */
export async function updateRecord<T, R>(
  store: RecordStore<T>,
  key: string,
  change: RecordChange<T, R>,
  options: UpdateRecordOptions = {},
): Promise<R> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 0; attempt < policy.maxAttempts; attempt++) {
    if (attempt > 0) await sleep(backoffDelay(policy, attempt, random));
    const current = await store.get(key);
    const decision = await change(current, attempt);
    if (decision.write === undefined) return decision.result;
    try {
      await store.put(key, decision.write, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
      return decision.result;
    } catch (e) {
      if (!isConcurrencyError(e)) throw e;
    }
  }
  throw new UpdateConflictError(key, policy.maxAttempts);
}

/** The delay before retry `attempt` (≥ 1): uniform in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayInMs, policy.baseDelayInMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(random() * (ceiling + 1));
}
