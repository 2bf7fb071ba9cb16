/**
 * Extracts the caller's public IP from firewall denials (`Client address: x` or `Client address (x)`,
 * a registry's or another service's `client with IP 'x' is not allowed access`, and Cosmos DB's
 * `Request originated from IP x through public internet`).
 */
import { cleanValue } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

/** The client address a network rule refused, if stated. */
export function extractClientAddress(text: string): Pick<TriageFields, 'clientAddress'> {
  const m =
    /Client address\s*(?::|\(|is)\s*\(?([0-9A-Fa-f:.]*[0-9][0-9A-Fa-f:.]*)\)?/i.exec(text) ??
    /\bclient with IP '([0-9A-Fa-f:.]*[0-9][0-9A-Fa-f:.]*)' is not allowed\b/i.exec(text) ??
    /\bRequest originated from IP ([0-9A-Fa-f:.]*[0-9][0-9A-Fa-f:.]*) through public internet\b/i.exec(text);
  const address = cleanValue(m?.[1]);
  // An all-zero address (`0.0.0.0`, the docs' `00.00.00.00`, `::`) is a template, not a caller.
  return address && /[.:]/.test(address) && /[1-9a-f]/i.test(address) ? { clientAddress: address } : {};
}
