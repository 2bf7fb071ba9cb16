/**
 * The one error the AzureDirectory port throws. Adapters map SDK errors (RestError,
 * AggregateAuthenticationError, AbortError, TypeError from malformed bodies) onto a `kind`
 * so the core can turn every failure into an outcome a person can act on.
 */

/** Why a call to Azure failed, in the domain's terms. */
export type AzureFailureKind =
  | 'not-found' //           404: vault, group, role or principal does not exist
  | 'forbidden' //           403: the bot's own identity lacks rights for this read or write
  | 'unauthenticated' //     401 or no credential: Azure is not configured or the token is rejected
  | 'throttled' //           429 after the SDK's retries
  | 'unavailable' //         5xx or connection failure after retries
  | 'timeout' //             no answer within the deadline
  | 'conflict' //            409: e.g. the role assignment already exists
  | 'bad-request' //         400: Azure refused the request as malformed
  | 'invalid-response'; //   Azure (or the emulator) answered with a body the SDK could not read

/** A failed call to Azure, with enough context for a message and an audit record. */
export class AzureAccessError extends Error {
  override readonly name = 'AzureAccessError';
  constructor(
    readonly kind: AzureFailureKind,
    message: string,
    readonly details: {
      /** The operation the bot attempted, e.g. `vaults.get`. */
      operation: string;
      statusCode?: number;
      code?: string;
      /** Milliseconds Azure asked us to wait (429/503). */
      retryAfterInMs?: number;
      requestId?: string;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
  }
}

/** True for an AzureAccessError, checked by name so it survives duplicated module copies. */
export function isAzureAccessError(e: unknown): e is AzureAccessError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AzureAccessError';
}
