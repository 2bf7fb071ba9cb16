/**
 * Error bodies in the real services' envelopes: ARM `{"error":{"code","message"}}` and Graph's
 * envelope with `innerError` (azure-facts §2.6, §3.4, §4.3).
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorReply } from './http-types.js';

/** An ARM error reply. */
export function armError(status: number, code: string, message: string): EmulatorReply {
  return { status, body: { error: { code, message } } };
}

/** A Graph error reply. */
export function graphError(status: number, code: string, message: string, clientRequestId?: string): EmulatorReply {
  const requestId = randomUUID();
  return {
    status,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': requestId,
          'client-request-id': clientRequestId ?? requestId,
        },
      },
    },
  };
}

/** ARM 404 for a missing vault, with ARM's standard text. */
export function vaultNotFound(rg: string, name: string): EmulatorReply {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource 'Microsoft.KeyVault/vaults/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** ARM 404 for a subscription the tenant does not have. */
export function subscriptionNotFound(sub: string): EmulatorReply {
  return armError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
}

/** ARM 404 for a missing resource group. */
export function resourceGroupNotFound(rg: string): EmulatorReply {
  return armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
}

/** ARM 400 for a request body the service cannot use. */
export function badRequest(message: string): EmulatorReply {
  return armError(400, 'BadRequest', message);
}

/** Default body for an injected fault status. */
export function faultBody(status: number, graph: boolean): unknown {
  const code =
    status === 429
      ? 'TooManyRequests'
      : status === 503
        ? 'ServiceUnavailable'
        : status >= 500
          ? 'InternalServerError'
          : 'BadRequest';
  const message =
    status === 429
      ? 'Rate limit exceeded'
      : status === 503
        ? 'The service is temporarily unavailable.'
        : status >= 500
          ? 'The server encountered an internal error. Please retry the request.'
          : 'Injected fault.';
  return graph ? graphError(status, code, message).body : { error: { code, message } };
}
