/**
 * A per-call deadline combined with the caller's abort signal, so no Azure call can hang a probe
 * (the SDKs have no default timeout), and the race that enforces it over a whole call, every page
 * of a list included: arm-keyvault 5 follows `nextLink` without the abort signal it was given.
 */

/** An abort signal that fires at `timeoutInMs` or when `callerSignal` aborts, whichever comes first. */
export function deadlineSignal(timeoutInMs: number, callerSignal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutInMs);
  return callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
}

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

/**
 * Settles with `work`, or rejects with the signal's reason (`TimeoutError` / `AbortError`) as
 * soon as `signal` aborts, whatever `work` is still waiting for.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {}); // settles later; nobody is listening any more
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
