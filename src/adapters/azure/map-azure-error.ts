/**
 * Maps whatever an SDK call throws onto the port's one error, `AzureAccessError`: RestError by
 * `isRestError` (instanceof is unreliable across the SDKs' dual ESM/CJS builds), identity and
 * abort errors by `name`, and a TypeError from a body the generated deserialiser could not read.
 */
import { isRestError } from '@azure/core-rest-pipeline';
import type { AzureFailureKind } from '../../core/probes/azure-error.js';
import { AzureAccessError, isAzureAccessError } from '../../core/probes/azure-error.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'REQUEST_SEND_ERROR',
]);

/** Milliseconds a response asked us to wait: `retry-after-ms`, `x-ms-retry-after-ms`, or `Retry-After` (seconds or HTTP date). */
export function retryAfterInMs(
  headers: { get(name: string): string | undefined | null } | undefined,
): number | undefined {
  if (!headers) return undefined;
  for (const h of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = Number(headers.get(h));
    if (headers.get(h) && Number.isFinite(v)) return Math.max(0, v);
  }
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The failure kind of an HTTP status. */
export function kindOfStatus(status: number): AzureFailureKind {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttled';
  if (status === 408 || status >= 500) return 'unavailable';
  if (status >= 400) return 'bad-request';
  return 'invalid-response';
}

/** Converts any thrown value from an Azure call into an `AzureAccessError` naming `operation`. */
export function toAzureAccessError(e: unknown, operation: string): AzureAccessError {
  if (isAzureAccessError(e)) return e;
  const name = (e as { name?: unknown } | null)?.name;
  const message = e instanceof Error ? e.message : String(e);
  if (
    name === 'AggregateAuthenticationError' ||
    name === 'CredentialUnavailableError' ||
    name === 'AuthenticationError' ||
    name === 'AuthenticationRequiredError'
  ) {
    return new AzureAccessError('unauthenticated', `could not get a token for Azure: ${message}`, {
      operation,
      cause: e,
    });
  }
  if (name === 'AbortError' || name === 'TimeoutError') {
    return new AzureAccessError('timeout', `${operation} was aborted: no answer before the deadline`, {
      operation,
      cause: e,
    });
  }
  if (isRestError(e)) {
    const requestId = e.response?.headers.get('x-ms-request-id') ?? undefined;
    const base = { operation, code: e.code, requestId, cause: e };
    if (e.statusCode !== undefined && e.statusCode >= 300) {
      const kind = kindOfStatus(e.statusCode);
      const wait = kind === 'throttled' || e.statusCode === 503 ? retryAfterInMs(e.response?.headers) : undefined;
      return new AzureAccessError(kind, message, {
        ...base,
        statusCode: e.statusCode,
        ...(wait !== undefined ? { retryAfterInMs: wait } : {}),
      });
    }
    if (e.code === 'PARSE_ERROR') return new AzureAccessError('invalid-response', message, base);
    if (e.code && NETWORK_CODES.has(e.code))
      return new AzureAccessError('unavailable', `cannot reach Azure: ${message}`, base);
    return new AzureAccessError('unavailable', `cannot reach Azure: ${message}`, base);
  }
  if (e instanceof TypeError || e instanceof SyntaxError) {
    return new AzureAccessError(
      'invalid-response',
      `Azure answered ${operation} with a body the client could not read: ${message}`,
      { operation, cause: e },
    );
  }
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code))
    return new AzureAccessError('unavailable', `cannot reach Azure: ${message}`, { operation, code, cause: e });
  return new AzureAccessError('unavailable', `${operation} failed: ${message}`, { operation, cause: e });
}
