/**
 * Compares a response body against published examples of the same operation: every field the
 * body has must appear in at least one example at the same place (or be named in `specOnly`, a
 * field the API specification defines that the examples happen not to show), with the same JSON
 * type. So an emulator answer that invents a field (e.g. `categoryGroup` at 2017-05-01-preview),
 * renames one, or changes its type fails, while fields real answers omit may be omitted.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Paths like `value[].properties.logs[].categoryGroup`. */
function walk(actual: unknown, examples: unknown[], at: string, specOnly: Set<string>, out: string[]): void {
  const present = examples.filter((e) => e !== undefined);
  if (present.length === 0) {
    if (!specOnly.has(at)) out.push(`${at} is in no published example`);
    return;
  }
  const k = kind(actual);
  // null stands in for "no value" in ARM and Graph; accept it where the example has anything.
  if (k === 'null') return;
  const kinds = new Set(present.map(kind).filter((x) => x !== 'null'));
  if (kinds.size > 0 && !kinds.has(k)) {
    out.push(`${at} is ${k} but ${[...kinds].join('/')} in the published example`);
    return;
  }
  if (k === 'array') {
    const items = present.filter(Array.isArray).flat();
    for (const a of actual as Json[]) walk(a, items.length ? items : [undefined], `${at}[]`, specOnly, out);
  } else if (k === 'object') {
    // `path.*`: a map whose keys are data (tags), not schema.
    if (specOnly.has(`${at}.*`)) return;
    const objs = present.filter((e) => kind(e) === 'object') as Record<string, unknown>[];
    for (const [key, v] of Object.entries(actual as Record<string, unknown>)) {
      walk(
        v,
        objs.map((o) => o[key]),
        at ? `${at}.${key}` : key,
        specOnly,
        out,
      );
    }
  }
}

/** Problems of `actual` against the examples; empty when it has their shape. */
export function shapeDrift(actual: unknown, examples: unknown[], specOnly: string[] = []): string[] {
  const out: string[] = [];
  walk(actual, examples, '', new Set(specOnly), out);
  return out;
}
