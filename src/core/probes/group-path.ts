/**
 * Reconstructs how a principal is a member of a group from transitive memberships only (what
 * Graph `getMemberObjects` returns): a group is a *direct* parent of X when it is one of X's
 * transitive groups but not reachable through another of them.
 */

/** Transitive memberships: the principal's groups, and each of those groups' own transitive groups. */
export interface Memberships {
  principalId: string;
  /** Transitive group ids of the principal. */
  groups: string[];
  /** Transitive group ids of each of the principal's groups, when the bot read them. */
  parentsOf?: Record<string, string[]>;
}

function lower(ids: string[]): Set<string> {
  return new Set(ids.map((i) => i.toLowerCase()));
}

/**
 * The chain of group ids from the principal to `groupId`, e.g. `[inner, outer]` for
 * principal → inner → outer. Returns `[groupId]` when the nesting is unknown, and undefined when
 * the principal is not a member at all.
 */
export function groupPath(m: Memberships, groupId: string): string[] | undefined {
  const target = groupId.toLowerCase();
  const all = lower(m.groups);
  if (!all.has(target)) return undefined;
  const parents = m.parentsOf;
  if (!parents) return [groupId];
  const canonical = new Map(m.groups.map((g) => [g.toLowerCase(), g]));
  const parentSet = (g: string): Set<string> => lower(parents[canonical.get(g) ?? g] ?? parents[g] ?? []);
  const directOf = (trans: Set<string>): string[] => {
    const viaOthers = new Set<string>();
    for (const g of trans) for (const p of parentSet(g)) viaOthers.add(p);
    return [...trans].filter((g) => !viaOthers.has(g));
  };
  // Breadth-first over direct edges gives the shortest chain.
  const queue: string[][] = directOf(all).map((g) => [g]);
  const seen = new Set(queue.map((p) => p[0]!));
  while (queue.length > 0) {
    const path = queue.shift()!;
    const last = path[path.length - 1]!;
    if (last === target) return path.map((g) => canonical.get(g) ?? g);
    for (const next of directOf(parentSet(last))) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push([...path, next]);
      }
    }
  }
  return [groupId];
}
