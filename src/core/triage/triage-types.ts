/**
 * The triage contract (DESIGN.md §3): what pasted Key Vault error text classifies as, and
 * which facts were pulled out of it. Shared by the triage core, the `kvbot triage` CLI and the
 * triage dialog.
 */

/** Every classification the triage can produce, most specific first in the signal table. */
export const TRIAGE_KINDS = [
  'access-policy-permission',
  'access-policy-no-entry',
  'rbac-denied',
  'firewall',
  'public-access-disabled',
  'wrong-audience',
  'wrong-tenant',
  'token-expired',
  'token-missing',
  'throttled',
  'operation-not-permitted',
  'forbidden-unspecified',
  'sign-in-failed',
  'not-found',
  'name-resolution',
  'unrecognised',
] as const;

/** One triage classification. */
export type TriageKind = (typeof TRIAGE_KINDS)[number];

/**
 * Facts extracted from the pasted text. Only keys whose value was found are present. The first
 * ten are the contract's fields; the rest are extras the dialog may use.
 */
export interface TriageFields {
  vault?: string;
  region?: string;
  objectId?: string;
  appId?: string;
  tenantId?: string;
  /** Access-policy permission category: keys, secrets, certificates or storage. */
  category?: string;
  /** Access-policy permission name in lower case, e.g. `list`. */
  permission?: string;
  /** RBAC action from `Action: '...'` or ARM's `perform action '...'`. */
  action?: string;
  /** The `Resource:` (or ARM `scope`) the denial was about. */
  resource?: string;
  clientAddress?: string;
  /** Access-policy style operation (`secrets/list`), direct or mapped back from an RBAC action. */
  operation?: string;
  /** HTTP status code stated in the text. */
  statusCode?: number;
  /** Top-level error code, e.g. `Forbidden`, `Unauthorized`, `Throttled`, `AuthorizationFailed`. */
  errorCode?: string;
  /** `innererror.code`, e.g. `ForbiddenByRbac`, `AccessDenied`. */
  innerCode?: string;
  /** Caller display name from `Caller: name=...;`. */
  callerName?: string;
  expectedAudience?: string;
  foundAudience?: string;
  /**
   * The tenant the vault trusts, from AKV10032's "Expected one of" list (the vault's own tenant). The
   * contract's `tenantId` is the caller's, i.e. the issuer the token was *found* to have.
   */
  expectedTenantId?: string;
  /** Throttling reason, e.g. `VaultRequestTypeLimitReached`. */
  throttleReason?: string;
  /** Microsoft Entra sign-in error code of a failed sign-in, e.g. `AADSTS7000222`. */
  aadError?: string;
  /** The Azure Identity credential that failed, e.g. `ManagedIdentityCredential`, `DefaultAzureCredential`. */
  credential?: string;
  /** Host name that did not resolve, e.g. `kv-app.vault.azure.net`. */
  host?: string;
  /** What was not found (or is soft-deleted): `secret`, `key`, `certificate` or `vault`. */
  objectType?: string;
  /** Name of the object that was not found, when the text names it. */
  objectName?: string;
  /** True when the object exists only in the soft-deleted state. */
  softDeleted?: boolean;
  /** Resource provider namespace a subscription has not registered, e.g. `Microsoft.KeyVault`. */
  unregisteredProvider?: string;
}

/** The KB entry that answers a triaged error. */
export interface TriageAnswer {
  id: string;
  source: { heading: string };
}

/** A read-only probe the dialog can offer, prefilled from the extracted fields. */
export interface TriageProbe {
  name: string;
  args: Record<string, string>;
}

/** How sure the classification is: a message-level signal, only an error/status code, or nothing. */
export type TriageConfidence = 'high' | 'low' | 'none';

/** The result of triaging one pasted error. */
export interface TriageResult {
  kind: TriageKind;
  fields: TriageFields;
  answer: TriageAnswer | null;
  probe: TriageProbe | null;
  /** One or two sentences a person can read. */
  summary: string;
  /** Short, concrete next steps, most useful first. */
  nextSteps: string[];
  confidence: TriageConfidence;
  /**
   * Id of the signal that decided the kind (for explanations and debugging); absent when nothing
   * matched. An `unrecognised` result can carry one when the text is a known condition that is not
   * a Key Vault access error (e.g. `provider-not-registered`).
   */
  signal?: string;
}

/** Looks up the `###` source heading of a KB entry id; undefined when the KB has no such entry. */
export type HeadingLookup = (id: string) => string | undefined;

/** Options for `triageError`. */
export interface TriageOptions {
  /** Source headings from the loaded KB; the seed headings are used for ids it does not know. */
  headingFor?: HeadingLookup;
}
