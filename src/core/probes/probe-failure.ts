/**
 * Turns a failed call to Azure into a sentence a person can act on. Every `AzureAccessError` a
 * probe meets ends here, so the dialog renders an `undetermined` result instead of an exception.
 */
import type { AzureAccessError } from './azure-error.js';

/** What the bot was reading, from the adapter's operation name, and the role that would let it. */
function readTarget(operation: string): { what: string; grant: string } {
  const op = operation.toLowerCase();
  if (op.startsWith('graph'))
    return {
      what: 'Microsoft Graph directory data',
      grant: "grant the bot's app the Directory.Read.All application permission",
    };
  if (op.startsWith('roleassignments') || op.startsWith('roledefinitions'))
    return {
      what: 'role assignments',
      grant: "grant the bot's identity Reader on the vault (or its resource group or subscription)",
    };
  if (op.startsWith('diagnosticsettings') || op.startsWith('metrics'))
    return { what: 'monitoring data', grant: "grant the bot's identity Monitoring Reader (or Reader) on the vault" };
  return { what: 'Key Vault resources', grant: "grant the bot's identity Reader on the subscription or the vault" };
}

/** A one-line, actionable reason for an Azure failure during a probe. */
export function describeAzureFailure(e: AzureAccessError): string {
  const { operation, retryAfterInMs } = e.details;
  switch (e.kind) {
    case 'forbidden': {
      const t = readTarget(operation);
      return `The bot lacks read rights on ${t.what} (${operation} was refused with 403): ${t.grant}.`;
    }
    case 'unauthenticated':
      return 'The bot could not sign in to Azure: its credential is missing or was rejected. Check the Azure settings (AZURE_TENANT_ID, the managed identity or client credentials).';
    case 'throttled': {
      const s = retryAfterInMs === undefined ? undefined : Math.max(1, Math.ceil(retryAfterInMs / 1000));
      return `Azure is throttling the bot's requests (${operation}): try again in ${s === undefined ? 'a minute' : `${s} s`}.`;
    }
    case 'unavailable':
      return `Azure is unavailable right now (${operation} failed${e.details.statusCode ? ` with ${e.details.statusCode}` : ''} after retries): try again in a few minutes.`;
    case 'timeout':
      return `Azure did not answer in time (${operation} timed out): try again; if it keeps happening, Azure may be degraded.`;
    case 'not-found':
      return `Azure reported that something the probe needs does not exist (${operation}: ${e.message}).`;
    case 'conflict':
      return `Azure reported a conflict (${operation}): ${e.message}`;
    case 'bad-request':
      return `Azure refused the request as malformed (${operation}): ${e.message}`;
    case 'invalid-response':
      return `Azure answered ${operation} with a response the bot could not read; try again later.`;
  }
}
