/**
 * Chooses the KB entry that helps most for a triaged error. Rule: access-policy denials go to the
 * "not able to list or get" entry (its answer is "define an access policy for that operation");
 * a management-plane denial to change access policies goes to "not able to modify access
 * policy"; a failed sign-in goes to "how should my application authenticate" (the vault was never
 * reached, so the 401 entry about tokens the vault rejected does not fit); a missing object and an
 * unresolved host name are not access problems, so no entry answers them (the summary explains);
 * every other kind goes to the entry for its HTTP status (401, 403, 429).
 */
import type { TriageFields, TriageKind } from './triage-types.js';

const BY_KIND: Readonly<Record<TriageKind, string | undefined>> = Object.freeze({
  'access-policy-permission': 'list-get-something-went-wrong',
  'access-policy-no-entry': 'list-get-something-went-wrong',
  'rbac-denied': 'error-403',
  firewall: 'error-403',
  'public-access-disabled': 'error-403',
  'operation-not-permitted': 'error-403',
  'wrong-audience': 'error-401',
  'wrong-tenant': 'error-401',
  'token-expired': 'error-401',
  'token-missing': 'error-401',
  throttled: 'error-429',
  'forbidden-unspecified': 'error-403',
  'sign-in-failed': 'authenticate-app',
  'not-found': undefined,
  'name-resolution': undefined,
  unrecognised: undefined,
});

const BY_STATUS: Readonly<Record<string, string>> = Object.freeze({
  '401': 'error-401',
  unauthorized: 'error-401',
  '403': 'error-403',
  forbidden: 'error-403',
  '429': 'error-429',
  throttled: 'error-429',
  toomanyrequests: 'error-429',
});

/**
 * Entries for known conditions that are not access errors but that an entry still answers: Graph
 * refusing the principal lookup while a policy is set is the "not able to modify access policy"
 * case (the user lacks directory permissions).
 */
const BY_NOT_ACCESS_SIGNAL: Readonly<Record<string, string>> = Object.freeze({
  'graph-lookup-denied': 'modify-access-policy',
  // A token the vault could not read is a 401: the entry on tokens the vault rejects answers it.
  'token-unreadable': 'error-401',
});

/** True for an action that changes who can access a vault (ARM, always RBAC). */
export function isAccessManagementAction(action: string | undefined): boolean {
  return action !== undefined && /^Microsoft\.KeyVault\/vaults\/accessPolicies\/write$/i.test(action);
}

/**
 * The KB entry id for a triaged error, or undefined when nothing in the KB fits. `signal` is the id
 * of the row that decided the kind: an `unrecognised` result with one is a known condition that is
 * not an access error, so its status does not pick an access entry either.
 */
export function answerIdFor(kind: TriageKind, fields: TriageFields, signal?: string): string | undefined {
  if (kind === 'rbac-denied' && isAccessManagementAction(fields.action)) return 'modify-access-policy';
  if (kind !== 'unrecognised') return BY_KIND[kind];
  if (signal) return BY_NOT_ACCESS_SIGNAL[signal];
  // Unrecognised, but the status still says which family of troubleshooting steps applies.
  const status = fields.statusCode !== undefined ? String(fields.statusCode) : fields.errorCode?.toLowerCase();
  return status ? BY_STATUS[status] : undefined;
}
