/**
 * Validation of record keys. Every store applies the same rule, so a key that works with local
 * files also works in Blob Storage and can never escape the data directory (`..`, absolute paths).
 */

/** A record key that the stores refuse. Checked by name. */
export class InvalidRecordKeyError extends Error {
  override readonly name = 'InvalidRecordKeyError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Invalid record key "${key}": ${reason}. Keys are [A-Za-z0-9._-] segments joined by "/".`);
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

/**
 * The ids the bot makes for its records (`crypto.randomUUID` and the like): one plain key segment.
 * Unanchored, for a command that names one (`show approval <id>`).
 */
export const RECORD_ID_PATTERN = '[A-Za-z0-9_-]{1,100}';
const RECORD_ID = new RegExp(`^${RECORD_ID_PATTERN}$`);

/**
 * True when `id` has the shape of an id the bot makes for a record (approval requests, fix
 * drafts): letters, digits, `_` and `-`, at most 100 characters. Ids arrive on cards a user can
 * alter, so anything else is refused as unknown before it reaches a store.
 */
export function isRecordId(id: unknown): id is string {
  return typeof id === 'string' && RECORD_ID.test(id);
}

/**
 * One record key segment of at most 201 characters (`[A-Za-z0-9_-]` first, then `[A-Za-z0-9._-]`): the
 * shape of the ids that cards and people carry into keys (case ids, consent and draft ids, Entra object
 * ids). Anchored, for `.test()` and for schema `regex()` checks.
 */
export const KEY_SEGMENT_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/;

/** Throws InvalidRecordKeyError unless `key` is `[A-Za-z0-9._-]` segments joined by `/`. */
export function assertValidRecordKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidRecordKeyError(String(key), 'it is empty');
  if (key.length > MAX_KEY_LENGTH)
    throw new InvalidRecordKeyError(key, `it is longer than ${MAX_KEY_LENGTH} characters`);
  for (const segment of key.split('/')) {
    // A leading dot is refused so that keys never collide with the stores' own hidden temp and lock files.
    if (!SEGMENT.test(segment))
      throw new InvalidRecordKeyError(key, `segment "${segment}" is empty, starts with "." or has other characters`);
  }
}

/** Throws InvalidRecordKeyError unless `prefix` is empty or a valid key prefix (may end with `/`). */
export function assertValidKeyPrefix(prefix: string): void {
  if (prefix === '') return;
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  assertValidRecordKey(trimmed);
}
