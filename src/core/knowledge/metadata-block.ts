/**
 * The small YAML subset used in KB metadata blocks and front matter (documented in
 * knowledge/README.md): `key: scalar`, `key: [a, b]` and `key:` followed by `  - item` lines.
 * A full YAML library would accept far more than authors should write; this keeps the format
 * obvious and the errors precise.
 */

/** A metadata value: one string or a list of strings. */
export type MetadataValue = string | string[];

/** One parsed key with the line it is on. */
export interface MetadataField {
  value: MetadataValue;
  line: number;
}

/** Result of parsing a block: fields by key, and problems found (with absolute line numbers). */
export interface ParsedMetadata {
  fields: Map<string, MetadataField>;
  problems: { line: number; message: string }[];
}

const KEY_LINE = /^([A-Za-z][\w.-]*)\s*:(?:\s+(.*))?$/;
const ITEM_LINE = /^\s+-\s+(.*)$/;

/** Removes matching surrounding quotes (`"…"` with `\"` escapes, `'…'` with `''`). */
export function unquote(raw: string): string {
  const s = raw.trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(["\\])/g, '$1');
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

/** Splits a flow list body `a, "b, c", d` on commas outside quotes. */
function splitFlowList(body: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      items.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '' || items.length > 0) items.push(current);
  return items.map(unquote).filter((s) => s !== '');
}

/**
 * Parses the lines of a metadata block. `firstLine` is the 1-based file line of `lines[0]`, so
 * problems carry file line numbers.
 */
export function parseMetadataBlock(lines: readonly string[], firstLine: number): ParsedMetadata {
  const fields = new Map<string, MetadataField>();
  const problems: ParsedMetadata['problems'] = [];
  let openList: string[] | null = null;
  lines.forEach((text, i) => {
    const line = firstLine + i;
    if (text.trim() === '' || text.trimStart().startsWith('#')) return;
    const item = ITEM_LINE.exec(text);
    if (item) {
      if (openList) openList.push(unquote(item[1] ?? ''));
      else problems.push({ line, message: 'list item "- …" without a "key:" line above it' });
      return;
    }
    const kv = KEY_LINE.exec(text);
    if (!kv) {
      problems.push({ line, message: `cannot read "${text.trim()}": expected "key: value", "key: [a, b]" or "key:" followed by "  - item" lines` });
      openList = null;
      return;
    }
    const key = kv[1] as string;
    const rest = (kv[2] ?? '').trim();
    if (fields.has(key)) problems.push({ line, message: `key "${key}" appears twice (first on line ${fields.get(key)?.line})` });
    openList = null;
    if (rest === '') {
      const list: string[] = [];
      openList = list;
      fields.set(key, { value: list, line });
    } else if (rest.startsWith('[')) {
      if (!rest.endsWith(']')) problems.push({ line, message: `list for "${key}" opens with "[" but does not end with "]" on the same line` });
      fields.set(key, { value: splitFlowList(rest.replace(/^\[/, '').replace(/\]$/, '')), line });
    } else {
      fields.set(key, { value: unquote(rest), line });
    }
  });
  return { fields, problems };
}
