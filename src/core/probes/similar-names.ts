/**
 * Names close to one that was not found ("kv-paymnets" → "kv-payments"): a vault name typed from
 * memory is often one or two keystrokes off, and "not found" alone leaves the person guessing.
 * Only near misses are offered, so the bot does not list the vaults it can see to whoever asks.
 */

import type { ProbeResult } from './probe-result.js';

/** Near names of a vault that was not found (ProbeService's `similarVaults`), when the result has them. */
export function similarVaultsOf(result: ProbeResult): string[] {
  const near = result.similarVaults;
  return Array.isArray(near) ? near.filter((v): v is string => typeof v === 'string') : [];
}

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The candidates within one edit of `name` (two for names of eight characters or more), nearest
 * first, at most `max`; never `name` itself.
 */
export function similarNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = name.length >= 8 ? 2 : 1;
  const near: { name: string; distance: number }[] = [];
  for (const c of new Set(candidates)) {
    // Lengths further apart than the limit cannot be within it.
    if (Math.abs(c.length - name.length) > limit) continue;
    const distance = editDistance(name, c);
    if (distance > 0 && distance <= limit) near.push({ name: c, distance });
  }
  near.sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name));
  return near.slice(0, max).map((n) => n.name);
}
