/**
 * Record keys for the feedback collections. `RecordStore` keys allow only `[A-Za-z0-9._-]`
 * segments, while channel ids carry `:`, `@`, `;` and more, so ids are escaped reversibly.
 */

/**
 * Escapes any string into one key segment of `[A-Za-z0-9-_]`: every other character (including
 * `_` and `.`, so the mapping stays one-to-one and never yields `.` or `..`) becomes `_` plus
 * its UTF-16 code in 4 hex digits.
 */
export function toKeySegment(value: string): string {
  let out = '';
  for (const ch of value) {
    if (/[A-Za-z0-9-]/.test(ch)) out += ch;
    else {
      for (let i = 0; i < ch.length; i++) out += `_${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    }
  }
  return out || '_';
}

/** Key of one user's vote on one entry: `<entry>/<user>`, so a re-vote overwrites. */
export function feedbackKey(entryId: string, userKey: string): string {
  return `${toKeySegment(entryId)}/${toKeySegment(userKey)}`;
}

/**
 * Key of a time-ordered event (unanswered question, human request): a sortable UTC timestamp
 * plus a unique suffix, so `list()` returns them oldest first.
 */
export function timeOrderedKey(at: Date, unique: string): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  return `${stamp}_${toKeySegment(unique)}`;
}
