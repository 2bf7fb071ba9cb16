/**
 * Extracts the resource provider namespace a subscription has not registered (`The subscription is
 * not registered to use namespace 'Microsoft.KeyVault'`, `Microsoft.KeyVault provider must be
 * registered on subscription ...`).
 */
import type { TriageFields } from './triage-types.js';

const SOURCES: readonly RegExp[] = [
  /registered to use namespace '([\w.]+)'/i,
  /\b(Microsoft\.\w+) (?:resource )?provider (?:must be|is not|isn't) registered/i,
];

/** The unregistered provider namespace, if the text names one. */
export function extractUnregisteredProvider(text: string): Pick<TriageFields, 'unregisteredProvider'> {
  for (const pattern of SOURCES) {
    const ns = pattern.exec(text)?.[1];
    if (ns) return { unregisteredProvider: ns };
  }
  return {};
}
