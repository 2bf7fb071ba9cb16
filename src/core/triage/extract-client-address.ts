/** Extracts the caller's public IP from firewall denials (`Client address: x` or `Client address (x)`). */
import { cleanValue } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

/** The client address a network rule refused, if stated. */
export function extractClientAddress(text: string): Pick<TriageFields, 'clientAddress'> {
  const m = /Client address\s*(?::|\(|is)\s*\(?([0-9A-Fa-f:.]*[0-9][0-9A-Fa-f:.]*)\)?/i.exec(text);
  const address = cleanValue(m?.[1]);
  return address && /[.:]/.test(address) ? { clientAddress: address } : {};
}
