/**
 * A per-call deadline combined with the caller's abort signal, so no Azure call can hang a probe
 * (the SDKs have no default timeout).
 */

/** An abort signal that fires at `timeoutInMs` or when `callerSignal` aborts, whichever comes first. */
export function deadlineSignal(timeoutInMs: number, callerSignal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutInMs);
  return callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
}
