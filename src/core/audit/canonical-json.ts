/**
 * Canonical JSON: object keys sorted, no whitespace, JSON's own rules for everything else
 * (undefined properties dropped). Two equal values always give the same text, so a hash over it
 * does not depend on key order or on how a store re-serialises a record.
 */

/** Serialises `value` canonically; throws TypeError for values JSON cannot represent (bigint, cycles). */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    const text = JSON.stringify(value);
    return text;
  }
  if (typeof value === 'object') {
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return write(withJson.toJSON(), seen);
    if (seen.has(value)) throw new TypeError('canonicalJson: the value contains a cycle');
    seen.add(value);
    try {
      if (Array.isArray(value))
        return `[${value.map((v) => (v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : write(v, seen))).join(',')}]`;
      const entries = Object.keys(value)
        .sort()
        .filter((k) => {
          const v = (value as Record<string, unknown>)[k];
          return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
        })
        .map((k) => `${JSON.stringify(k)}:${write((value as Record<string, unknown>)[k], seen)}`);
      return `{${entries.join(',')}}`;
    } finally {
      seen.delete(value);
    }
  }
  throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`);
}
