/**
 * Whether the durable store can take writes, as the running bot last saw it. Guarded stores
 * report every write failure that means "the store is unavailable" (read-only or full file
 * system, a data directory that is not a directory, a storage account that refuses us) and every
 * success, so readiness and the turn error handler can say what cannot be done right now.
 */

/** Node and Azure error codes that mean the store cannot take writes (as opposed to a conflict). */
const UNAVAILABLE_CODES = new Set([
  'EROFS',
  'EACCES',
  'EPERM',
  'ENOSPC',
  'EDQUOT',
  'ENOTDIR',
  'EISDIR',
  'EIO',
  'EMFILE',
  'ENFILE',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'AuthorizationFailure',
  'AuthorizationPermissionMismatch',
  'AuthenticationFailed',
  'AccountIsDisabled',
  'InsufficientAccountPermissions',
]);

/** The next error in a chain: `cause`, or botbuilder-dialogs' DialogContextError `error`. */
function inner(e: unknown): unknown {
  const err = e as { cause?: unknown; error?: unknown };
  return err.cause ?? (err.error instanceof Error ? err.error : undefined);
}

/** True when `e` says the store is unavailable (not a concurrency conflict or a bad key). */
export function isStoreUnavailable(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = inner(cur), depth++) {
    const err = cur as { code?: unknown; name?: unknown; statusCode?: unknown };
    if (err.name === 'StoreUnavailableError') return true;
    if (typeof err.code === 'string' && UNAVAILABLE_CODES.has(err.code)) return true;
    if (
      err.name === 'RestError' &&
      (err.statusCode === 403 || (typeof err.statusCode === 'number' && err.statusCode >= 500))
    )
      return true;
  }
  return false;
}

/** A write to the durable store failed because the store is unavailable. Checked by name. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    readonly what: string,
    options?: { cause?: unknown },
  ) {
    const cause = options?.cause as { code?: string; message?: string } | undefined;
    super(`The store cannot take writes (${what}): ${cause?.code ?? cause?.message ?? 'unavailable'}`, options);
  }
}

/** True when `e` or one of its causes is a {@link StoreUnavailableError}. */
export function isStoreUnavailableError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = inner(cur), depth++) {
    if ((cur as { name?: unknown }).name === 'StoreUnavailableError') return true;
  }
  return false;
}

/** What {@link StoreHealth} knows. */
export interface StoreHealthStatus {
  writable: boolean;
  /** When the store last failed a write (ISO time). */
  failingSince?: string;
  lastError?: string;
}

/** Tracks write failures and recoveries; tells a listener when writability changes. */
export class StoreHealth {
  private failing: { since: string; error: string } | null = null;

  constructor(
    private readonly onChange?: (status: StoreHealthStatus) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A write failed because the store is unavailable. */
  failed(what: string, e: unknown): void {
    const err = e as { code?: string; message?: string };
    const error = `${what}: ${err?.code ?? ''}${err?.code ? ' ' : ''}${err?.message ?? String(e)}`.slice(0, 300);
    const changed = this.failing === null;
    this.failing = { since: this.failing?.since ?? this.now().toISOString(), error };
    if (changed) this.onChange?.(this.status());
  }

  /** A write succeeded. */
  succeeded(): void {
    if (this.failing === null) return;
    this.failing = null;
    this.onChange?.(this.status());
  }

  /** Current view. */
  status(): StoreHealthStatus {
    return this.failing
      ? { writable: false, failingSince: this.failing.since, lastError: this.failing.error }
      : { writable: true };
  }
}
