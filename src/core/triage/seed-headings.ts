/**
 * The seed document's `###` headings for the KB entries triage answers with (DESIGN.md §4: the
 * 401/403/429 entries carry the seed's error-types heading). Used when no KB lookup is given or
 * the loaded KB lacks an entry, so the contract's `answer.source.heading` is always filled.
 */

/** KB entry id → exact seed heading. */
export const SEED_HEADINGS: Readonly<Record<string, string>> = Object.freeze({
  'list-get-something-went-wrong':
    'I\'m not able to list or get secrets/keys/certificate. I\'m seeing a "something went wrong" error',
  'modify-access-policy': "I'm not able to modify access policy, how can it be enabled?",
  'authenticate-app': 'How can I provide key vault authenticate using access control policy?',
  'error-401': 'Recommended troubleshooting Steps for following error types',
  'error-403': 'Recommended troubleshooting Steps for following error types',
  'error-429': 'Recommended troubleshooting Steps for following error types',
  'throttling-best-practices': 'What are the best practices I should implement when key vault is getting throttled?',
});
