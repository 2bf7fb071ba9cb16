/**
 * The ordered signal table that decides a pasted error's kind. The first signal that matches
 * wins, so message-level wording (which says what went wrong) comes before bare error codes
 * (which only say which family). Adding a kind or a new wording is a row here, not a new `if`.
 */
import {
  MISSING_PERMISSION,
  PERMISSION_FOR_CATEGORY,
  POLICY_OPERATION_NOT_ALLOWED,
  PORTAL_OPERATION_NOT_ENABLED,
  SECRET_PERMISSION_MISSING,
  VAULT_POLICY_NOT_ALLOWED,
} from './extract-permission.js';
import { VAULT_LOOKUP_FAILED } from './extract-missing-object.js';
import { OPERATION_NAMED_NOT_ALLOWED } from './extract-operation.js';
import { NAME_RESOLUTION_WORDINGS } from './name-resolution-wordings.js';
import { OTHER_AZURE_SERVICE_HOST, OTHER_AZURE_SERVICE_WORDINGS } from './other-service-wordings.js';
import { SIGN_IN_FAILED_WORDINGS } from './sign-in-wordings.js';
import type { TriageConfidence, TriageFields, TriageKind } from './triage-types.js';

/**
 * One row: any of its text patterns, inner codes, top-level codes or statuses matching selects
 * `kind`. A row of kind `unrecognised` names a known condition that is not a Key Vault access error
 * (it stops a later row from misreading it, and lets the explanation say what it is).
 */
export interface TriageSignal {
  id: string;
  kind: TriageKind;
  confidence: Exclude<TriageConfidence, 'none'>;
  text?: readonly RegExp[];
  innerCodes?: readonly string[];
  errorCodes?: readonly string[];
  statusCodes?: readonly number[];
  /** Extra condition on the extracted fields; the row is skipped when it returns false. */
  when?: (fields: TriageFields) => boolean;
  /** Text that vetoes the row: it is skipped when any of these match. */
  unless?: readonly RegExp[];
  /**
   * Text the row needs besides its own match: it is skipped unless one of these matches too. For
   * generic wordings ("Forbidden") that only mean a Key Vault denial when the text is about Key Vault.
   */
  requires?: readonly RegExp[];
}

/**
 * Anything that says the text is about Key Vault: its hosts, its resource type, its own error codes,
 * and the name inside identifiers (`Set-AzKeyVaultSecret`, `KeyVaultErrorException`).
 */
const KEY_VAULT_MARKER =
  /vault\.azure\.(?:net|cn)|vault\.usgovcloudapi\.net|vaultcore|\bkey ?vault|KeyVault|Microsoft\.KeyVault|\bAKV\d{5}\b/i;

/**
 * An Azure Resource Manager request URL whose first provider is not Key Vault (nor Authorization, whose
 * role assignments are how RBAC vault access is granted): `management.azure.com/subscriptions/…/providers/Microsoft.Storage/…`.
 */
const ARM_OTHER_PROVIDER_URL =
  /management\.(?:azure\.com|chinacloudapi\.cn|usgovcloudapi\.net)\/subscriptions\/[^\s"'?]{0,300}?\/providers\/Microsoft\.(?!KeyVault\b|Authorization\b)\w+/i;

/**
 * True when an ARM authorization denial concerns Key Vault access: the action or scope names
 * Key Vault, or it is a role assignment (granting access, which is how RBAC vault access is
 * fixed). A denial to write a VM or a storage account is not a Key Vault question.
 */
export function isKeyVaultArmDenial(fields: Pick<TriageFields, 'action' | 'resource' | 'vault'>): boolean {
  if (fields.vault !== undefined) return true;
  const about = `${fields.action ?? ''} ${fields.resource ?? ''}`;
  if (about.trim() === '') return true; // nothing says otherwise
  return (
    /Microsoft\.KeyVault\//i.test(about) || /^Microsoft\.Authorization\/roleAssignments\//i.test(fields.action ?? '')
  );
}

/** True for a 403 whose only code is the generic `Forbidden` (or none) and that is not about another provider. */
function isUnspecifiedKeyVaultDenial(fields: TriageFields): boolean {
  const code = fields.errorCode?.toLowerCase();
  return (code === undefined || code === 'forbidden') && isKeyVaultArmDenial(fields);
}

/** The signals, in priority order. */
export const TRIAGE_SIGNALS: readonly TriageSignal[] = Object.freeze([
  // Not an access error at all, though ARM reports it as AuthorizationFailed ("Microsoft.KeyVault
  // provider must be registered on subscription containing private endpoint"): first, so the ARM
  // denial row below cannot take it for an RBAC denial.
  {
    id: 'provider-not-registered',
    kind: 'unrecognised',
    confidence: 'high',
    text: [
      /registered to use namespace/i,
      /\bprovider (?:must be|is not|isn't) registered\b/i,
      /\bMissingSubscriptionRegistration\b/,
      /\bNoRegisteredProviderFound\b/,
      /No registered resource provider found/i,
    ],
    errorCodes: ['MissingSubscriptionRegistration', 'NoRegisteredProviderFound'],
  },
  // A request to Azure Resource Manager for another resource provider (a storage account's properties,
  // a cost query) that was refused or throttled: that provider's error, whatever its status, so neither
  // the throttling row nor the 403 fallbacks may take it. Only when nothing in the text names Key Vault,
  // and not when the sign-in failed before the request (a failed token refresh is the same failure for
  // every resource: the sign-in row below says so).
  {
    id: 'arm-other-provider',
    kind: 'unrecognised',
    confidence: 'high',
    text: [ARM_OTHER_PROVIDER_URL],
    unless: [KEY_VAULT_MARKER, ...SIGN_IN_FAILED_WORDINGS],
  },
  // Access-policy wording first: the same message arrives with inner code AccessDenied *or*
  // ForbiddenByPolicy (azure-facts §1.2), so the message decides, not the code.
  {
    id: 'missing-access-policy-permission',
    kind: 'access-policy-permission',
    confidence: 'high',
    text: [
      MISSING_PERMISSION,
      PORTAL_OPERATION_NOT_ENABLED,
      VAULT_POLICY_NOT_ALLOWED,
      SECRET_PERMISSION_MISSING,
      PERMISSION_FOR_CATEGORY,
    ],
  },
  {
    id: 'no-access-policy-entry',
    kind: 'access-policy-no-entry',
    confidence: 'high',
    text: [/not found on any access policy/i],
  },
  // The caller is on an access policy only as a compound identity (an entry that names an application
  // too), which applies only when that application calls on behalf of a signed-in user. An access-policy
  // refusal (as the real sets label it), but no single permission is missing: its own row, so the
  // explanation says what it is instead of naming a permission, in every wrapper (not only those whose
  // inner code ForbiddenByPolicy reaches the code-only fallback).
  {
    id: 'compound-identity-required',
    kind: 'access-policy-permission',
    confidence: 'high',
    text: [/\bpolicy requires the caller\b[^\n]{0,400}?\bon-behalf-of\b/i, /\bto use on-behalf-of \(OBO\) flow\b/i],
  },
  // 401s: the AKV codes are specific, so they precede the generic "Unauthorized" fallback.
  {
    id: 'invalid-audience',
    kind: 'wrong-audience',
    confidence: 'high',
    // Key Vault's AKV10022, ARM's code for a vault token sent to ARM, IdentityModel's audience check.
    text: [
      /\bAKV10022\b/,
      /Invalid audience/i,
      /\bInvalidAuthenticationTokenAudience\b/,
      /\bobtained for (?:the )?wrong audience\b/i,
      /\bIDX10214\b/,
    ],
  },
  {
    id: 'invalid-issuer',
    kind: 'wrong-tenant',
    confidence: 'high',
    // Key Vault's AKV10032 ("Invalid issuer. Expected …, found …") and a token validator's IDX10205.
    // Resource Manager's own code and wording are the next row.
    text: [/\bAKV10032\b/, /Invalid issuer/i, /\bIDX10205\b/],
  },
  // Azure Resource Manager's: a token from another tenant than the subscription's (managing a vault,
  // its access policies or role assignments). With its code, or its sentence where it names the
  // subscription (App Configuration says the same sentence about its store).
  {
    id: 'subscription-wrong-issuer',
    kind: 'wrong-tenant',
    confidence: 'high',
    text: [
      /\bInvalidAuthenticationTokenTenant\b/,
      /\bThe access token is from the wrong issuer\b[^\n]{0,300}?\bassociated with this subscription\b/i,
      // The same message as Resource Manager localises it (Accept-Language zh-Hans): "the access token
      // comes from the wrong issuer".
      /访问令牌来自错误的颁发者/,
    ],
  },
  {
    id: 'token-missing',
    kind: 'token-missing',
    confidence: 'high',
    // Key Vault's own code and words, and the same failure in Azure Resource Manager's and Azure
    // Monitor's words (as ARM's expired-token code is read as token-expired below).
    text: [
      /\bAKV10000\b/,
      /missing a Bearer or PoP token/i,
      /\bAuthenticationFailedMissingToken\b/,
      /'Authorization' header is missing the access token/i,
    ],
  },
  // The vault got a token but could not read it or check its signature (AKV10046, the S2S validator's
  // "BearerReadAccessTokenFailed"): not missing, expired, for another audience or tenant, so none of
  // those kinds; the explanation says what it is. Before the 401 fallback, which would call it missing.
  {
    id: 'token-unreadable',
    kind: 'unrecognised',
    confidence: 'high',
    text: [
      /\bAKV10046\b/,
      /Unable to resolve the key used for signature validation/i,
      /\bBearerReadAccessTokenFailed\b/,
      /\bS2S12005\b/,
      /\bIDX10(?:501|503|511)\b/,
    ],
  },
  // RBAC: data plane (ForbiddenByRbac and its 2020 wording) and ARM's AuthorizationFailed.
  // Before operation-level denials, since "The operation is not allowed by RBAC" contains their wording.
  {
    id: 'rbac-denied',
    kind: 'rbac-denied',
    confidence: 'high',
    text: [
      /Caller is not authorized to perform action/i,
      /not allowed by RBAC/i,
      /\bForbiddenByRbac\b/,
      // Lines only the RBAC denial carries, for a paste that starts below its first line.
      /\bDeniedWithNoValidRBAC\b/,
      /\bAssignment:\s*\(not found\)/i,
      /\bDenyAssignmentId:/i,
      /\bAction:\s*'?Microsoft\.KeyVault\/vaults\//i,
    ],
    innerCodes: ['ForbiddenByRbac'],
    errorCodes: ['ForbiddenByRbac'],
  },
  {
    id: 'arm-authorization-failed',
    kind: 'rbac-denied',
    confidence: 'high',
    text: [/does not have authorization(?: or an ABAC condition not fulfilled)? to perform action/i],
    errorCodes: ['AuthorizationFailed'],
    when: isKeyVaultArmDenial,
  },
  {
    id: 'firewall',
    kind: 'firewall',
    confidence: 'high',
    text: [
      /Client address\b[^\n]{0,60}?is not authorized/i,
      /\bNSP rules\b/i,
      /caller is not a trusted service/i,
      /\bForbiddenByFirewall\b/,
      // The portal's wording, often quoted inside a sentence.
      /\bFirewall is turned on and your client IP address\b/i,
      /client IP address is not authorized to access this key vault/i,
    ],
    innerCodes: ['ForbiddenByFirewall'],
    errorCodes: ['ForbiddenByFirewall'],
  },
  {
    // "This TCP connection does not allow access to <host>" is the private-endpoint side of the
    // same setup: the request did not arrive through the approved private link.
    id: 'public-access-disabled',
    kind: 'public-access-disabled',
    confidence: 'high',
    text: [
      /Public network access is disabled/i,
      /not via an approved private link/i,
      /\bnot an approved private link\b/i,
      /This TCP connection does not allow access to/i,
      /\bForbiddenByConnection\b/,
    ],
    innerCodes: ['ForbiddenByConnection'],
    errorCodes: ['ForbiddenByConnection'],
  },
  // Purge protection refuses every purge until the retention period ends, whoever asks: the data plane's
  // 'Operation "purge" is not allowed because purge protection is enabled' (403 or 409), ARM's
  // 'Operation 'DeletedVaultPurge' is not allowed' (MethodNotAllowed) for a deleted vault or managed HSM,
  // and tools' own "cannot purge … because purge protection is enabled". No permission would help, so an
  // operation-not-permitted of its own (explained as such), before the policy and bare-403 rows.
  {
    id: 'purge-protection',
    kind: 'operation-not-permitted',
    confidence: 'high',
    // Each wording is found by its literal ("purge protection is enabled", "Purge' is not allowed") and
    // only there checked behind: a scan for a literal is far cheaper than one for a leading alternation.
    text: [
      /purge protection is (?:enabled|on)\b(?<=(?:\bis not allowed because|\b(?:cannot|can't|could not|couldn't|unable to) (?:be )?purge\b[^\n]{0,200}?\bbecause) purge protection is (?:enabled|on))/i,
      /Purge["']? is not allowed\b(?<=\bOperation ["']?Deleted\w{0,30}Purge["']? is not allowed)/i,
    ],
  },
  // "Operation is not allowed.\r\nOperation: "get"" (inner ForbiddenByPolicy): the operation-level
  // denial of azure-facts §1.5. Its usual cause is an access policy without that permission
  // (azure-sdk-for-net#11574: a key resolver without keys/get), which its explanation says first; it
  // is not the contract's "does not have <category> <permission>" wording, so not that kind.
  {
    id: 'operation-not-allowed-by-policy',
    kind: 'operation-not-permitted',
    confidence: 'high',
    // And the vault's oldest body of the same denial ("code": "Forbidden", "message": "Operation 'get'
    // is not allowed"): an access-policy permission named in quotes (see OPERATION_NAMED_NOT_ALLOWED).
    text: [POLICY_OPERATION_NOT_ALLOWED, OPERATION_NAMED_NOT_ALLOWED],
  },
  {
    id: 'operation-not-permitted',
    kind: 'operation-not-permitted',
    confidence: 'high',
    text: [
      /\bOperation is not allowed\b/i,
      // The operation's name bare or quoted, as SDKs and tools print it ("Operation \"sign\" is not permitted").
      /\bOperation ["']?\w+["']? is not permitted on this/i,
      /is not allowed on a disabled (?:secret|key|certificate)/i,
      /\bOperation ["']?\w+["']? is not allowed on a disabled\b/i,
    ],
    innerCodes: ['SecretDisabled', 'KeyDisabled', 'CertificateDisabled'],
  },
  {
    id: 'throttled',
    kind: 'throttled',
    confidence: 'high',
    text: [
      /VaultRequestTypeLimitReached|SubscriptionRequestLimitReached/,
      /too many requests/i,
      /\bTooManyRequests\b/,
      /\brate limit (?:is |was |has been )?(?:exceeded|reached)\b/i,
      // Anchored on "throttled"; the subject is checked behind it only where that word occurs.
      /(?<=\brequests?\b[^\n]{0,60}\b(?:was|were|is|are|being|been) )throttled\b/i,
      // ARM's subscription limit: "Number of read requests for subscription '<id>' exceeded the limit".
      /\brequests for subscription '[^'\n]{0,80}' exceeded the limit\b/i,
    ],
    errorCodes: ['Throttled', 'TooManyRequests'],
    statusCodes: [429],
    // A 429 from the token endpoint (the VM's metadata service) while getting the token: no token, so
    // the vault was never asked; the sign-in row below reads it.
    unless: [
      /\b(?:could not|couldn't|failed to|unable to) (?:acquire|request|get|obtain|retrieve) (?:an? )?(?:access )?token\b[^\n]{0,200}?\b(?:429|Too Many Requests)\b/i,
    ],
  },
  // No token was obtained, so Key Vault was never reached. After every row above (each proves the
  // vault answered: a paste can hold an earlier, recovered credential warning), before the expired
  // token row (an Entra "refresh token has expired" is a failed sign-in, not a vault 401).
  // App Service / Functions Key Vault reference status: the site has no managed identity, so it
  // never got a token and never reached the vault.
  {
    id: 'app-service-no-identity',
    kind: 'sign-in-failed',
    confidence: 'high',
    text: [/\bMSINotEnabled\b/, /Managed Service Identity not enabled/i],
  },
  // App Service's other reference statuses (ResolveStatus). AccessToKeyVaultDenied: the vault refused
  // the site's identity without saying by which model or rule, the Key Vault reference's own 403.
  {
    id: 'app-service-reference-denied',
    kind: 'forbidden-unspecified',
    confidence: 'high',
    text: [/\bAccessToKeyVaultDenied\b/, /denied access to Key Vault reference'?s vault/i],
  },
  // The reference's syntax is wrong, or resolution failed for a reason other than access
  // (OtherReasons, FetchTimedOut: usually the network path from the app to the vault).
  {
    id: 'app-service-reference-syntax',
    kind: 'unrecognised',
    confidence: 'high',
    text: [/\bInvalidSyntax\b[^\n]{0,200}\bKey Vault reference|\bKey Vault reference\b[^\n]{0,200}\bInvalidSyntax\b/i],
  },
  {
    id: 'app-service-reference-unresolved',
    kind: 'unrecognised',
    confidence: 'high',
    text: [/\bOtherReasons\b/, /\bFetchTimedOut\b/],
  },
  {
    id: 'sign-in-failed',
    kind: 'sign-in-failed',
    confidence: 'high',
    text: SIGN_IN_FAILED_WORDINGS,
  },
  {
    id: 'token-expired',
    kind: 'token-expired',
    confidence: 'high',
    text: [
      /TokenExpired/i,
      /\bS2S12086\b/,
      /\btoken (?:is|has) expired/i,
      /\bIDX10223\b/,
      /Lifetime validation failed/i,
      // ARM's code and Az PowerShell's wording for the same; a token whose lifetime has not begun
      // (IdentityModel's IDX10222, "Token not yet valid") is the same check failing on a skewed clock.
      /\bExpiredAuthenticationToken\b/,
      /\baccess token expiry\b[^\n]{0,80}\bis earlier than current\b/i,
      /\bjwt expired\b/i,
      /\bIDX10222\b/,
      /\btoken (?:is )?not yet valid\b/i,
    ],
  },
  // The vault's host name did not resolve: the request never left the machine.
  {
    id: 'name-resolution',
    kind: 'name-resolution',
    confidence: 'high',
    text: NAME_RESOLUTION_WORDINGS,
    // Not when the name that failed is another Azure service's (a storage account, a registry): that
    // service's DNS, not the vault's; the other-service row below takes it.
    when: (f) => f.host === undefined || !OTHER_AZURE_SERVICE_HOST.test(f.host),
  },
  // Microsoft Graph (or the old Azure AD Graph client) could not find an application or principal a tool
  // looked up: a directory object, not a vault object, so not the not-found kind; before those rows.
  {
    id: 'graph-object-not-found',
    kind: 'unrecognised',
    confidence: 'high',
    text: [/\bRequest_ResourceNotFound\b/, /\bgraphrbac\.\w{1,40}Client#\w{1,40}\b[^\n]{0,200}?\bStatusCode=404\b/],
  },
  // The object is being deleted or recovered right now (409 Conflict, inner ObjectIsBeingDeleted or
  // ObjectIsBeingRecovered): a soft-delete state, so not-found like a deleted-but-recoverable one (not an
  // access problem), with its own explanation: wait for the operation to finish, then retry.
  {
    id: 'soft-delete-in-progress',
    kind: 'not-found',
    confidence: 'high',
    text: [
      /\bObjectIsBeing(?:Deleted|Recovered)\b/,
      // Found by its literal, the object it is about checked behind (cheaper than a leading alternation).
      / is currently being (?:deleted|recovered)\b(?<=\b(?:secret|key|certificate)(?: '?[\w.-]{1,127}'?)? is currently being (?:deleted|recovered))/i,
    ],
    innerCodes: ['ObjectIsBeingDeleted', 'ObjectIsBeingRecovered'],
  },
  // The object (or the vault) does not exist, or exists only soft-deleted: not an access problem.
  {
    id: 'not-found',
    kind: 'not-found',
    confidence: 'high',
    text: [
      /\b(?:Secret|Key|Certificate|Vault)NotFound\b/,
      /\bSecretVersionNotFound\b/,
      /was not found in this key vault/i,
      // The Logic Apps / Power Automate Key Vault connector's 404: "the requested resource was not found in the key vault".
      /\brequested resource was not found in the key ?vault\b/i,
      /\bThe Vault '[^'\n]{1,127}' (?:was )?not found\b/i,
      /\bA vault with the same name already exists in deleted state\b/i,
      /\b(?:secret|certificate|vault) not found\b/i,
      /with \(name\/id\) [^\n]{1,200}? was not found/i,
      /\bThe (?:secret|key|certificate|vault) '?[^'\s]{1,127}'? was not found/i,
      /invalid status(?: code)? '?NotFound\b/i,
      /\bdeleted but recoverable state\b/i,
      /\bObjectIsDeletedButRecoverable\b/,
      /already exists in deleted state/i,
      /The Resource 'Microsoft\.KeyVault\/vaults\/[^']{1,64}' under resource group '[^']{1,90}' was not found/i,
      // Tools that look the vault up first: Service Fabric and other cmdlets, ARM's template reference.
      VAULT_LOOKUP_FAILED,
      /\bkey ?vault '[^'\n]{1,300}' (?:could not be found|was not found|does not exist)/i,
      /\bKeyVaultParameterReferenceNotFound\b/,
      // ARM: a nested resource (a secret, an access policy) deployed under a parent that does not exist.
      /\bParentResourceNotFound\b/,
      /\bParent resource '[^'\n]{1,127}' not found\b/i,
      // Tools that fetch named secrets from a vault and report the missing ones (pipelines, actions).
      // A name must follow ("Could not find secret db-pw in …"): "I can't find the secrets in my vault" is a
      // person who cannot see them (an access question), not a missing object.
      /\b(?:Cannot|Could not|Couldn't|Unable to) find (?:the )?(?:secret|key|certificate) '?[\w.-]{1,127}'? in\b[^\n]{0,120}?\b(?:key ?vault|vault)\b/i,
      // Or the name alone when it reads as an identifier (a hyphen, underscore or digit in it), before an
      // explicit Key Vault: "Cannot find Cert-DSCEncrypt in Azure KeyVault", not "cannot find secrets in key vault".
      /\b(?:Cannot|Could not|Couldn't|Unable to) find '?(?=[\w.]{0,126}[-_\d])[\w.-]{2,127}'? in (?:the |your )?(?:Azure )?Key ?Vault\b/i,
      /\bThe following (?:secrets?|keys?|certificates?) (?:was|were) not found\b/i,
      // Named objects in a tool's own words: "secret 'db-pw' not found", "Key Vault 'kv' not found",
      // "Secret 'x' does not exist in vault", ARM's parameter reference failing with NotFound.
      /(?<=\b(?:secret|certificate|key ?vault) '[^'\n]{1,127}' (?:was )?)not found\b/i,
      /(?<=\b(?:secret|certificate) '[^'\n]{1,127}' )does not exist\b/i,
      /\bKeyVaultParameterReferenceSecretRetrieveFailed\b[^\n]{0,200}?\bstatus code:? '?NotFound\b/i,
    ],
    innerCodes: [
      'SecretNotFound',
      'KeyNotFound',
      'CertificateNotFound',
      'VaultNotFound',
      'ObjectIsDeletedButRecoverable',
    ],
    errorCodes: [
      'SecretNotFound',
      'KeyNotFound',
      'CertificateNotFound',
      'VaultNotFound',
      'KeyVaultParameterReferenceNotFound',
    ],
  },
  // Microsoft Graph (not Key Vault) refused to look up the principal while an access policy was being
  // set: the caller lacks directory read rights. Not a vault denial; before the status-only 403 row,
  // since older SDKs print that line for the Graph call too.
  {
    id: 'graph-lookup-denied',
    kind: 'unrecognised',
    confidence: 'high',
    text: [/\bAuthorization_RequestDenied\b/, /Insufficient privileges to complete the operation/i],
  },
  // Vault names are global: "already in use" is a name taken elsewhere or a soft-deleted vault, not a
  // denial. (With "already exists in deleted state" the not-found row above has taken it.)
  {
    id: 'vault-name-taken',
    kind: 'unrecognised',
    confidence: 'high',
    text: [/\bVaultAlreadyExists\b/, /\bThe vault name '[^'\n]{1,127}' is already in use/i],
    errorCodes: ['VaultAlreadyExists'],
  },
  // A role assignment made to an app registration's object id instead of its service principal's.
  {
    id: 'principal-type-not-supported',
    kind: 'unrecognised',
    confidence: 'high',
    text: [
      /\bPrincipalTypeNotSupported\b/,
      /Principals of type Application cannot validly be used in role assignments/i,
    ],
    errorCodes: ['PrincipalTypeNotSupported'],
  },
  // Azure Policy (governance) refused the deployment; not an access problem on the vault.
  {
    id: 'azure-policy-disallowed',
    kind: 'unrecognised',
    confidence: 'high',
    text: [/\bRequestDisallowedByPolicy\b/, /was disallowed by policy/i],
    errorCodes: ['RequestDisallowedByPolicy'],
  },
  // A template or command passed a malformed access policy (often an object id that is not a GUID).
  {
    id: 'invalid-access-policy-value',
    kind: 'unrecognised',
    confidence: 'high',
    text: [/invalid value (?:was provided|found) (?:for|at) '?accessPolicies/i],
  },
  // Key Vault's 403 for a Microsoft first-party application's token: a denial whose rule the text
  // does not name.
  {
    id: 'first-party-denied',
    kind: 'forbidden-unspecified',
    confidence: 'high',
    text: [/Access denied to first party service/i],
  },
  // A service that reads Key Vault for the user (Application Gateway, Azure DevOps' Key Vault task and
  // variable groups, Databricks secret scopes, Front Door, App Service certificates) reports that the
  // vault refused its identity in its own words, without the vault's reason. After every row that
  // names a reason (an Azure DevOps log quotes the vault's RBAC text before its own sentence).
  {
    id: 'service-reports-vault-denied',
    kind: 'forbidden-unspecified',
    confidence: 'high',
    text: [
      /\bAccess denied for KeyVault (?:Secret|Certificate|Key)\b/i,
      /\bApplicationGatewayKeyVaultSecretAccessDenied\b/,
      /\bservice connection needs to have\b[^\n]{0,40}\b(?:secret|certificate|key) management permissions/i,
      /\bcould not access (?:the )?(?:Azure )?key ?vault\b/i,
      // A service's own words for a Key Vault resource its credentials could not reach (Verified ID).
      // (Container Apps' "unable to fetch secret '…' using Managed identity" is not here: blind line 44
      // labels it unrecognised, blind8 line 16 forbidden-unspecified; the earlier reading stays.)
      /\bunable to access (?:the )?(?:Azure )?key ?vault resource\b/i,
      /\bunable to access (?:the )?(?:Azure )?key ?vault\b[^\n]{0,40}?\bwith (?:the )?(?:given|provided|supplied) credentials\b/i,
      /\b(?:does not|doesn't) have (?:access|permissions?) to (?:the )?(?:Azure )?key ?vault\b/i,
      // The vault named between the words: "does not have access to '/subscriptions/…/vaults/kv' Key Vault".
      /\b(?:does not|doesn't) have (?:the )?(?:necessary |required |sufficient )?(?:access|permissions?) (?:to|on|for) '?[^\s']{0,300}?(?:\/vaults\/|\.vault\.azure\.net)[^\n]{0,40}?\bkey ?vault\b/i,
      /\b(?:insufficient|missing) (?:permissions?|privileges|access rights)\b[^\n]{0,80}\bkey ?vault\b/i,
      /\bnot authori[sz]ed to (?:access|read|use) (?:the )?(?:Azure )?key ?vault\b/i,
      // The objects rather than the vault, with the vault named after them by id, URL or quoted name
      // ("User is not authorized to read secrets from '/subscriptions/…/vaults/kv/secrets/x'"): a
      // named vault keeps a question ("why am I not authorized to read secrets from the key vault?") out.
      /\bnot authori[sz]ed to (?:access|read|get|list|use|retrieve|fetch) (?:the )?(?:secrets?|keys?|certificates?) (?:from|in|of|on) [^\n]{0,300}?(?:\/vaults\/|\.vault\.azure\.|\bkey ?vault ['"])/i,
      /\bkey ?vault doesn't allow access\b/i,
      /\b(?:access (?:is )?denied|denied access|permission denied)\b[^\n]{0,80}\bkey ?vault\b/i,
      /\bkey ?vault\b[^\n]{0,80}\b(?:access (?:is )?denied|denied access|permission denied)\b/i,
    ],
  },
  // A client tool (a vault browser, a script's wrapper, a plugin) says in its own words that the vault
  // refused the operation, without the vault's reason: "Operation to vault denied", "Request to key vault
  // 'kv' was denied", "Key Vault rejected the request". A bare "vault" only right after the request's own
  // noun; HashiCorp Vault's texts (its API paths, headers and variables) veto the row.
  {
    id: 'client-reports-vault-denied',
    kind: 'forbidden-unspecified',
    confidence: 'high',
    // One scan for "vault", each wording checked behind it: "operation/request/call/access to (the) vault
    // denied", the same to a key vault with its name between, "key vault rejected the request",
    // "denied by (Azure) Key Vault".
    text: [
      /vault\b(?:(?<=\b(?:operation|request|call|access) to (?:the |your )?vault) (?:was |is |has been )?(?:denied|refused|forbidden)\b|(?<=\b(?:operation|request|call|access) to (?:the |your )?(?:Azure )?key ?vault)[^\n]{0,80}?\b(?:was |is |has been )?(?:denied|refused|rejected|forbidden)\b|(?<=\bkey ?vault) (?:has )?(?:denied|refused|rejected) (?:the |this |your |our )?(?:request|operation|access|call)\b|(?<=\b(?:denied|refused|rejected) by (?:the )?(?:Azure )?key ?vault))/i,
    ],
    unless: [/\bhashicorp\b|\bX-Vault-\w|\bVAULT_(?:ADDR|TOKEN)\b|\/v1\/(?:secret|sys|auth|kv)\//i],
  },
  // Another Azure service's own 401/403 (App Configuration's "wrong issuer", Storage's "Server failed
  // to authenticate the request", Cosmos DB's firewall, a client library naming its service): not a Key
  // Vault error, so the status-only rows below (an older SDK's "invalid status code 'Forbidden'" among
  // them) must not take it. Only when nothing in the text points at Key Vault.
  {
    id: 'other-azure-service',
    kind: 'unrecognised',
    confidence: 'high',
    text: OTHER_AZURE_SERVICE_WORDINGS,
    unless: [KEY_VAULT_MARKER],
  },
  // Older SDKs and PowerShell print only the status name, never the body: that line is an error by
  // itself (so high confidence), and a 403 with no reason is all it can say.
  {
    id: 'sdk-status-forbidden',
    kind: 'forbidden-unspecified',
    confidence: 'high',
    text: [/invalid status(?: code)?\s*'?Forbidden\b/i],
  },
  // New-AzKeyVault's warning when its creator got no access policy: nobody is on any policy yet, so
  // every data-plane call will be refused. After the status-only row: a paste that also holds the
  // 403 it led to keeps that reading (real-pastes/github-issues.jsonl line 3 is labelled so).
  {
    id: 'vault-without-access-policy',
    kind: 'access-policy-no-entry',
    confidence: 'high',
    text: [/\bNo user or application ha(?:s|ve) access permission to use this vault\b/i],
  },
  // Code-only fallbacks: the family is known, the detail is not. Key Vault's inner code says it alone.
  {
    id: 'access-denied-code',
    kind: 'access-policy-permission',
    confidence: 'low',
    innerCodes: ['AccessDenied', 'ForbiddenByPolicy'],
  },
  // AccessDenied as the top-level code is other services' too (a Java management SDK's
  // "ManagementException: Status code 403 … AccessDenied … The user might not have enough permission",
  // naming no service): Key Vault's only in a text about Key Vault or access policies.
  {
    id: 'access-denied-code',
    kind: 'access-policy-permission',
    confidence: 'low',
    errorCodes: ['AccessDenied'],
    requires: [KEY_VAULT_MARKER, /\baccess polic/i],
  },
  // A 403 that names no reason (older SDKs: "Operation returned an invalid status code 'Forbidden'").
  // A 403 with a specific code this table does not know (Storage's AuthorizationFailure, an ARM
  // denial about another resource provider) is some other service's error, so it stays out.
  {
    id: 'forbidden-unspecified',
    kind: 'forbidden-unspecified',
    confidence: 'low',
    errorCodes: ['Forbidden'],
    statusCodes: [403],
    when: isUnspecifiedKeyVaultDenial,
  },
  // The 403 reason phrase with no number or code the extractors know ("Set-AzKeyVaultSecret : Forbidden",
  // "KeyVaultErrorException: Forbidden"), in a text that is about Key Vault: a denial whose reason is
  // not given, rather than nothing at all.
  {
    id: 'key-vault-forbidden-word',
    kind: 'forbidden-unspecified',
    confidence: 'low',
    text: [/\bForbidden\b/],
    requires: [KEY_VAULT_MARKER],
    when: isUnspecifiedKeyVaultDenial,
  },
  {
    id: 'not-found-status',
    kind: 'not-found',
    confidence: 'low',
    errorCodes: ['NotFound', 'ResourceNotFound'],
    statusCodes: [404],
  },
  {
    id: 'unauthorized-code',
    kind: 'token-missing',
    confidence: 'low',
    errorCodes: ['Unauthorized'],
    statusCodes: [401],
  },
]);

/**
 * A row's text patterns as one regex per flag set: one scan of the text per row instead of one per
 * pattern (the table has some two hundred patterns, and triage runs on every message). Matches exactly
 * when one of the row's patterns matches: an alternation of their sources with the same flags.
 */
function combined(patterns: readonly RegExp[]): RegExp[] {
  const byFlags = new Map<string, string[]>();
  for (const p of patterns) byFlags.set(p.flags, [...(byFlags.get(p.flags) ?? []), `(?:${p.source})`]);
  return [...byFlags].map(([flags, sources]) => new RegExp(sources.join('|'), flags));
}

const COMBINED_TEXT: ReadonlyMap<TriageSignal, readonly RegExp[]> = new Map(
  TRIAGE_SIGNALS.map((s) => [s, combined(s.text ?? [])]),
);

/** The first signal matching the normalised text and its extracted codes (and passing its `when`), if any. */
export function firstMatchingSignal(text: string, codes: TriageFields): TriageSignal | undefined {
  const inner = codes.innerCode?.toLowerCase();
  const error = codes.errorCode?.toLowerCase();
  return TRIAGE_SIGNALS.find(
    (s) =>
      (s.when?.(codes) ?? true) &&
      ((COMBINED_TEXT.get(s)?.some((p) => p.test(text)) ?? false) ||
        (inner !== undefined && (s.innerCodes?.some((c) => c.toLowerCase() === inner) ?? false)) ||
        (error !== undefined && (s.errorCodes?.some((c) => c.toLowerCase() === error) ?? false)) ||
        (codes.statusCode !== undefined && (s.statusCodes?.includes(codes.statusCode) ?? false))) &&
      // The veto and the requirement last: only a row that matched pays for scanning the text for them.
      !(s.unless?.some((p) => p.test(text)) ?? false) &&
      (s.requires?.some((p) => p.test(text)) ?? true),
  );
}
