/**
 * A JSON value in a table entity. A string property holds at most 64 KiB (32 Ki UTF-16 units) and
 * an entity at most 1 MiB, so the JSON is cut into properties `v0`, `v1`, … of 30,000 characters.
 */
/** Characters per property (under the 32 Ki UTF-16 units a string property may hold). */
const CHUNK = 30_000;
/** The largest JSON text one entity takes (1 MiB entity, UTF-16 on the wire, room for keys). */
export const MAX_ENTITY_JSON_CHARS = 480_000;

/** The properties of a stored JSON text. */
export type ChunkedJson = Record<string, string | number>;

/** A JSON value too large for one table entity. Checked by name. */
export class RecordTooLargeError extends Error {
  override readonly name = 'RecordTooLargeError';
  constructor(
    readonly key: string,
    readonly chars: number,
  ) {
    super(
      `The record "${key}" is ${chars} characters of JSON; Azure Table Storage takes at most ${MAX_ENTITY_JSON_CHARS} per record. Trim it (e.g. shorten a long history) or use KVBOT_STORAGE=sqlite.`,
    );
  }
}

/** Cuts JSON text into `n` and `v0..v(n-1)`. */
export function chunkJson(key: string, text: string): ChunkedJson {
  if (text.length > MAX_ENTITY_JSON_CHARS) throw new RecordTooLargeError(key, text.length);
  const out: ChunkedJson = {};
  let n = 0;
  for (let at = 0; at < text.length || n === 0; at += CHUNK) out[`v${n++}`] = text.slice(at, at + CHUNK);
  out.n = n;
  return out;
}

/** Joins what {@link chunkJson} cut; undefined when the entity holds no value. */
export function joinJson(entity: Record<string, unknown>): string | undefined {
  const n = entity.n;
  if (typeof n !== 'number') return undefined;
  let text = '';
  for (let i = 0; i < n; i++) {
    const part = entity[`v${i}`];
    if (typeof part !== 'string')
      throw new Error(`Table entity ${String(entity.rowKey)} is missing part v${i} of its value.`);
    text += part;
  }
  return text;
}

/** True when the JSON fits in one property (index rows copy only such values). */
export function fitsOneChunk(text: string): boolean {
  return text.length <= CHUNK;
}
