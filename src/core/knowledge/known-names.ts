/**
 * Names other parts of the system define that KB entries may refer to, so the KB validator can
 * reject typos. Probe names come from the small probe-result module, not the probe catalog.
 */
import { PROBE_NAMES } from '../probes/probe-result.js';

/** Probe names a KB entry may list under `probes` (preamble / DESIGN.md §6): the probes' own list. */
export const KNOWN_PROBE_NAMES: readonly string[] = PROBE_NAMES;

/**
 * The `###` headings of each seed document, by source URL, character for character. An entry's
 * `source` must be one of them; the validator warns otherwise (DESIGN.md §3: `source.heading` is
 * the exact seed heading).
 */
export const SEED_HEADINGS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'https://learn.microsoft.com/en-us/azure/key-vault/general/troubleshooting-access-issues': Object.freeze([
    'I\'m not able to list or get secrets/keys/certificate. I\'m seeing a "something went wrong" error',
    'How can I identify how and when key vaults are accessed?',
    'How can I monitor vault availability, service latency periods or other performance metrics for key vault?',
    "I'm not able to modify access policy, how can it be enabled?",
    "I'm seeing 'Unknown Policy' error. What does that mean?",
    'How can I assign access control per key vault object?',
    'How can I provide key vault authenticate using access control policy?',
    'How can I give the AD group access to the key vault?',
    'How can I redeploy Key Vault with ARM template without deleting existing access policies?',
    'Recommended troubleshooting Steps for following error types',
    'What are the best practices I should implement when key vault is getting throttled?',
  ]),
});
