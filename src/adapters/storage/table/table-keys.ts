/**
 * Row keys of the Azure Table store. Table Storage sorts a partition by RowKey (ordinal), refuses
 * `/ \ # ?` and control characters in keys, and offers only ascending range scans, so every key
 * here is built from an order-preserving, prefix-free encoding into plain ASCII: comparing two
 * encoded strings gives the same answer as comparing the originals (UTF-16 code units, as
 * JavaScript and the SQLite store do), and a range of record keys or index values is a RowKey range.
 *
 * Layout of one namespace's partition (see table-record-store.ts):
 *   `k:<key>`                      the record itself (value, version token, its index rows)
 *   `x:<index>:<value>!<key>`      one copy per index the record is in, ordered by (value, key)
 *   `m:indexes`                    which indexes the rows were built for (re-indexing on change)
 */

const hex2 = (c: number): string => c.toString(16).padStart(2, '0');
const hex4 = (c: number): string => c.toString(16).padStart(4, '0');

/**
 * Encodes one string. Tokens, each starting with a character that sorts where the original does:
 * U+0000–U+0027 → `"`+2 hex; `.` → `.!`, `/` → `.}`; `>` → `>!`, `?` → `>}`; `[` → `[!`,
 * `\` → `[}`; U+007E and above → `~`+4 hex; every other printable ASCII character is itself.
 * No token starts with `!`, so `!` can separate an index value from the key that follows it.
 */
export function encodeOrdered(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x27) out += `"${hex2(c)}`;
    else if (c === 0x2e) out += '.!';
    else if (c === 0x2f) out += '.}';
    else if (c === 0x3e) out += '>!';
    else if (c === 0x3f) out += '>}';
    else if (c === 0x5b) out += '[!';
    else if (c === 0x5c) out += '[}';
    else if (c >= 0x7e) out += `~${hex4(c)}`;
    else out += s[i];
  }
  return out;
}

/**
 * The smallest string greater than every string that starts with `s` (for a prefix range). Valid
 * for encoded record keys and prefixes, whose last character is never `~`.
 */
export function prefixEnd(s: string): string {
  const last = s.charCodeAt(s.length - 1);
  if (Number.isNaN(last) || last >= 0x7e) throw new Error(`No prefix end for "${s}".`);
  return s.slice(0, -1) + String.fromCharCode(last + 1);
}

/** RowKey of a record. */
export const RECORD_ROW = 'k:';
/** RowKey of the partition's index-definition marker. */
export const INDEX_MARKER_ROW = 'm:indexes';

/** RowKey of a record. */
export function recordRow(key: string): string {
  return RECORD_ROW + encodeOrdered(key);
}

/** The RowKey prefix of one index's rows. Index names are letters and digits. */
export function indexBase(indexName: string): string {
  return `x:${indexName}:`;
}

/** RowKey of a record's row in an index. */
export function indexRow(indexName: string, value: string, key: string): string {
  return `${indexBase(indexName)}${encodeOrdered(value)}!${encodeOrdered(key)}`;
}

/** Bounds of all rows whose index value is `value`: `[lower, upper)`. */
export function indexValueBounds(indexName: string, value: string): { lower: string; upper: string } {
  const at = indexBase(indexName) + encodeOrdered(value);
  return { lower: `${at}!`, upper: `${at}"` };
}

/**
 * A table name for a namespace: `<prefix>` then the namespace with letters and digits kept,
 * `Q` written `Q51` and every other character `Q` + 2 hex digits (one-to-one, letters and digits only).
 */
export function tableNameFor(prefix: string, namespace: string): string {
  const body = namespace.replace(/[^A-PR-Za-z0-9]/g, (c) => `Q${hex2(c.charCodeAt(0))}`);
  const name = `${prefix}${body}`;
  if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(name)) {
    throw new Error(
      `The table name "${name}" for namespace "${namespace}" is not a valid Azure table name (3–63 letters and digits, starting with a letter); use a shorter KVBOT_STORAGE_TABLE_PREFIX.`,
    );
  }
  return name;
}
