/**
 * Fault injection per route: a list of `FaultSpec`s matched by method and path (glob or regex).
 * A fault may target one page of a list (`page`). The first matching fault applies; a fault with `times` is used up after that many requests.
 */
import type { FaultSpec } from './fixture-types.js';
import { faultProblems } from './fixture-validate.js';
import { requestedPage } from './paging.js';

/** A fault spec was malformed. */
export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
  constructor(readonly problems: string[]) {
    super(`invalid fault: ${problems.join('; ')}`);
  }
}

interface ActiveFault {
  id: number;
  spec: FaultSpec;
  pattern: RegExp;
  remaining: number;
}

function globToRegExp(glob: string): RegExp {
  const src = glob
    .split(/(\*\*|\*)/)
    .map((part) => {
      if (part === '**') return '.*';
      if (part === '*') return '[^/]*';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${src}$`, 'i');
}

/** The run-time fault registry of one emulator. */
export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  /** Adds a fault; returns its id (for `remove`). Throws `FaultSpecError` when malformed. */
  add(spec: FaultSpec): number {
    const problems = faultProblems(spec, 'fault');
    if (problems.length > 0) throw new FaultSpecError(problems);
    const pattern = spec.pathRegex !== undefined ? new RegExp(spec.pathRegex, 'i') : globToRegExp(spec.path!);
    const id = this.nextId++;
    this.faults.push({ id, spec: { ...spec }, pattern, remaining: spec.times ?? Infinity });
    return id;
  }

  /** Removes one fault by id. */
  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = [];
  }

  /** The active faults with their remaining uses (`null` = unlimited). */
  list(): (FaultSpec & { id: number; remaining: number | null })[] {
    return this.faults.map((f) => ({
      ...f.spec,
      id: f.id,
      remaining: Number.isFinite(f.remaining) ? f.remaining : null,
    }));
  }

  /** The fault for this request, consuming one use; undefined when none matches. `query` lets a fault target one page. */
  take(method: string, path: string, query?: URLSearchParams): FaultSpec | undefined {
    const page = query ? requestedPage(query) : 1;
    const f = this.faults.find(
      (x) =>
        (!x.spec.method || x.spec.method.toUpperCase() === method.toUpperCase()) &&
        x.pattern.test(path) &&
        (x.spec.page === undefined || x.spec.page === page),
    );
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f.spec;
  }
}
