/**
 * The ordered signal table that decides a pasted error's kind. The first signal that matches
 * wins, so message-level wording (which says what went wrong) comes before bare error codes
 * (which only say which family). Adding a kind or a new wording is a row here, not a new `if`.
 */
import { MISSING_PERMISSION, PORTAL_OPERATION_NOT_ENABLED } from './extract-permission.js';
import type { TriageConfidence, TriageFields, TriageKind } from './triage-types.js';

/** One row: any of its text patterns, inner codes, top-level codes or statuses matching selects `kind`. */
export interface TriageSignal {
  id: string;
  kind: Exclude<TriageKind, 'unrecognised'>;
  confidence: Exclude<TriageConfidence, 'none'>;
  text?: readonly RegExp[];
  innerCodes?: readonly string[];
  errorCodes?: readonly string[];
  statusCodes?: readonly number[];
  /** Extra condition on the extracted fields; the row is skipped when it returns false. */
  when?: (fields: TriageFields) => boolean;
}

/**
 * True when an ARM authorization denial concerns Key Vault access: the action or scope names
 * Key Vault, or it is a role assignment (granting access, which is how RBAC vault access is
 * fixed). A denial to write a VM or a storage account is not a Key Vault question.
 */
export function isKeyVaultArmDenial(fields: Pick<TriageFields, 'action' | 'resource' | 'vault'>): boolean {
  if (fields.vault !== undefined) return true;
  const about = `${fields.action ?? ''} ${fields.resource ?? ''}`;
  if (about.trim() === '') return true; // nothing says otherwise
  return /Microsoft\.KeyVault\//i.test(about) || /^Microsoft\.Authorization\/roleAssignments\//i.test(fields.action ?? '');
}

/** The signals, in priority order. */
export const TRIAGE_SIGNALS: readonly TriageSignal[] = Object.freeze([
  // Access-policy wording first: the same message arrives with inner code AccessDenied *or*
  // ForbiddenByPolicy (azure-facts §1.2), so the message decides, not the code.
  { id: 'missing-access-policy-permission', kind: 'access-policy-permission', confidence: 'high', text: [MISSING_PERMISSION, PORTAL_OPERATION_NOT_ENABLED] },
  { id: 'no-access-policy-entry', kind: 'access-policy-no-entry', confidence: 'high', text: [/not found on any access policy/i] },
  // App Service / Functions Key Vault reference status: the site's identity has no token to send.
  { id: 'app-service-no-identity', kind: 'token-missing', confidence: 'high', text: [/\bMSINotEnabled\b/, /Managed Service Identity not enabled/i] },
  // 401s: the AKV codes are specific, so they precede the generic "Unauthorized" fallback.
  { id: 'invalid-audience', kind: 'wrong-audience', confidence: 'high', text: [/\bAKV10022\b/, /Invalid audience/i] },
  { id: 'invalid-issuer', kind: 'wrong-tenant', confidence: 'high', text: [/\bAKV10032\b/, /Invalid issuer/i] },
  { id: 'token-expired', kind: 'token-expired', confidence: 'high', text: [/TokenExpired/i, /\bS2S12086\b/, /\btoken (?:is|has) expired/i, /\bIDX10223\b/, /Lifetime validation failed/i] },
  { id: 'token-missing', kind: 'token-missing', confidence: 'high', text: [/\bAKV10000\b/, /missing a Bearer or PoP token/i] },
  // RBAC: data plane (ForbiddenByRbac and its 2020 wording) and ARM's AuthorizationFailed.
  // Before operation-level denials, since "The operation is not allowed by RBAC" contains their wording.
  {
    id: 'rbac-denied', kind: 'rbac-denied', confidence: 'high',
    text: [
      /Caller is not authorized to perform action/i, /not allowed by RBAC/i, /\bForbiddenByRbac\b/,
      // Lines only the RBAC denial carries, for a paste that starts below its first line.
      /\bDeniedWithNoValidRBAC\b/, /\bAssignment:\s*\(not found\)/i, /\bDenyAssignmentId:/i, /\bAction:\s*'?Microsoft\.KeyVault\/vaults\//i,
    ],
    innerCodes: ['ForbiddenByRbac'], errorCodes: ['ForbiddenByRbac'],
  },
  {
    id: 'arm-authorization-failed', kind: 'rbac-denied', confidence: 'high',
    text: [/does not have authorization(?: or an ABAC condition not fulfilled)? to perform action/i],
    errorCodes: ['AuthorizationFailed'],
    when: isKeyVaultArmDenial,
  },
  {
    id: 'firewall', kind: 'firewall', confidence: 'high',
    text: [/Client address\b[^\n]{0,60}?is not authorized/i, /\bNSP rules\b/i, /caller is not a trusted service/i, /\bForbiddenByFirewall\b/],
    innerCodes: ['ForbiddenByFirewall'], errorCodes: ['ForbiddenByFirewall'],
  },
  {
    // "This TCP connection does not allow access to <host>" is the private-endpoint side of the
    // same setup: the request did not arrive through the approved private link.
    id: 'public-access-disabled', kind: 'public-access-disabled', confidence: 'high',
    text: [/Public network access is disabled/i, /not via an approved private link/i, /This TCP connection does not allow access to/i, /\bForbiddenByConnection\b/],
    innerCodes: ['ForbiddenByConnection'], errorCodes: ['ForbiddenByConnection'],
  },
  {
    id: 'operation-not-permitted', kind: 'operation-not-permitted', confidence: 'high',
    text: [/\bOperation is not allowed\b/i, /\bOperation \w+ is not permitted on this/i, /is not allowed on a disabled (?:secret|key|certificate)/i],
    innerCodes: ['SecretDisabled', 'KeyDisabled', 'CertificateDisabled'],
  },
  {
    id: 'throttled', kind: 'throttled', confidence: 'high',
    text: [/VaultRequestTypeLimitReached|SubscriptionRequestLimitReached/, /too many requests/i, /\bTooManyRequests\b/],
    errorCodes: ['Throttled', 'TooManyRequests'], statusCodes: [429],
  },
  // Code-only fallbacks: the family is known, the detail is not.
  // App Service's AccessToKeyVaultDenied says the site's identity was refused without saying by
  // which model; "no entry" fits both (no access policy for it, or no role assignment), and its
  // probe checks the vault's actual model.
  { id: 'app-service-reference-denied', kind: 'access-policy-no-entry', confidence: 'low', text: [/\bAccessToKeyVaultDenied\b/, /denied access to Key Vault reference'?s vault/i] },
  { id: 'access-denied-code', kind: 'access-policy-permission', confidence: 'low', innerCodes: ['AccessDenied', 'ForbiddenByPolicy'], errorCodes: ['AccessDenied'] },
  { id: 'unauthorized-code', kind: 'token-missing', confidence: 'low', errorCodes: ['Unauthorized'], statusCodes: [401] },
]);

/** The first signal matching the normalised text and its extracted codes (and passing its `when`), if any. */
export function firstMatchingSignal(text: string, codes: TriageFields): TriageSignal | undefined {
  const inner = codes.innerCode?.toLowerCase();
  const error = codes.errorCode?.toLowerCase();
  return TRIAGE_SIGNALS.find(
    (s) =>
      (s.when?.(codes) ?? true) &&
      ((s.text?.some((p) => p.test(text)) ?? false) ||
      (inner !== undefined && (s.innerCodes?.some((c) => c.toLowerCase() === inner) ?? false)) ||
      (error !== undefined && (s.errorCodes?.some((c) => c.toLowerCase() === error) ?? false)) ||
      (codes.statusCode !== undefined && (s.statusCodes?.includes(codes.statusCode) ?? false))),
  );
}
