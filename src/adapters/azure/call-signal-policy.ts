/**
 * A pipeline policy that gives every HTTP request of an adapter call that call's abort signal,
 * including requests the SDK makes without one (arm-keyvault 5 fetches `nextLink` pages with
 * `pathUnchecked(link).get()` and no options). The signal travels in an AsyncLocalStorage set
 * around each port call, so a stalled later page is cancelled at the socket, not only abandoned.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';

type AbortSignalLike = NonNullable<PipelineRequest['abortSignal']>;

const current = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` with `signal` as the abort signal of every request it makes through {@link callSignalPolicy}. */
export function withCallSignal<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return current.run(signal, fn);
}

function either(a: AbortSignalLike, b: AbortSignal): AbortSignal {
  if (a instanceof AbortSignal) return AbortSignal.any([a, b]);
  const c = new AbortController();
  if (a.aborted) c.abort();
  else a.addEventListener('abort', () => c.abort(), { once: true });
  return AbortSignal.any([c.signal, b]);
}

/** Name of the policy in the pipelines. */
export const CALL_SIGNAL_POLICY_NAME = 'kvbotCallSignalPolicy';

/** The policy; add it per call (before the retry policy, so retries and their waits stop too). */
export const callSignalPolicy: PipelinePolicy = {
  name: CALL_SIGNAL_POLICY_NAME,
  sendRequest(request, next) {
    const signal = current.getStore();
    const own = request.abortSignal;
    if (signal && own !== signal) request.abortSignal = own ? either(own, signal) : signal;
    return next(request);
  },
};
