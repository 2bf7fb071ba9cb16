/**
 * The human wording for each kind: a one-line summary built from the extracted fields and the
 * next steps a person can take. Kept apart from classification so wording changes never touch it.
 */
import type { TriageFields, TriageKind } from './triage-types.js';

/** Summary and next steps shown to the user. */
export interface TriageExplanation {
  summary: string;
  nextSteps: string[];
}

const who = (f: TriageFields): string => (f.objectId ? `the identity with object id ${f.objectId}` : f.appId ? `the application ${f.appId}` : 'the caller');
const where = (f: TriageFields): string => (f.vault ? `key vault '${f.vault}'${f.region ? ` (${f.region})` : ''}` : 'the key vault');
const verifyIdentity = (f: TriageFields): string =>
  f.appId
    ? `Confirm the request really runs as the identity you expect: app id ${f.appId}${f.objectId ? `, object id ${f.objectId}` : ''} (a 403 often means the app is not using the client id you think it is).`
    : 'Confirm the request really runs as the identity you expect (a 403 often means the app is not using the client id you think it is).';

const EXPLAIN: Readonly<Record<TriageKind, (f: TriageFields) => TriageExplanation>> = Object.freeze({
  'access-policy-permission': (f) => ({
    summary: `Access policy denial: ${who(f)} has no ${f.category && f.permission ? `"${f.permission}" permission on ${f.category}` : 'access-policy permission for this operation'} in ${where(f)}.`,
    nextSteps: [
      `Add ${f.category && f.permission ? `${f.category} ${f.permission}` : 'the missing permission'} to the access policy for ${f.objectId ?? 'that identity'} (incrementally; do not redeploy the whole policy list).`,
      verifyIdentity(f),
      'If the policy was just added, retry after a short wait; group-based access can take longer to reach a managed identity\'s token.',
    ],
  }),
  'access-policy-no-entry': (f) => ({
    summary: `Access policy denial: ${who(f)} is not on any access policy of ${where(f)}.`,
    nextSteps: [
      `Add an access policy for ${f.objectId ?? 'that identity'} (or a group it belongs to) with the permissions it needs.`,
      verifyIdentity(f),
    ],
  }),
  'rbac-denied': (f) => ({
    summary: `Azure RBAC denial: ${who(f)} has no role granting ${f.action ? `'${f.action}'` : 'the required action'}${f.resource ? ` at '${f.resource}'` : f.vault ? ` on ${where(f)}` : ''}.`,
    nextSteps: [
      f.action && /accessPolicies\/write/i.test(f.action)
        ? 'Changing access policies needs a management-plane role such as Key Vault Contributor (or Owner) on the vault; ask someone who holds it.'
        : `Assign a built-in role that includes ${f.action ? `'${f.action}'` : 'the action'} (least privilege, e.g. Key Vault Secrets User for reading secrets) at the vault or object scope.`,
      'Key Vault Contributor does not grant data access on RBAC vaults; a data-plane role is needed.',
      'Role assignments can take several minutes to take effect; retry after waiting if one was added recently.',
    ],
  }),
  firewall: (f) => ({
    summary: `Network denial: the vault's firewall refused ${f.clientAddress ? `client address ${f.clientAddress}` : 'the client address'}${f.vault ? ` on ${where(f)}` : ''}.`,
    nextSteps: [
      `Add ${f.clientAddress ?? 'the caller\'s public IP'} (or its virtual network) to the vault's network rules, or call through a private endpoint.`,
      'App Service and Container Apps are not trusted Azure services; "allow trusted services" does not cover them.',
    ],
  }),
  'public-access-disabled': (f) => ({
    summary: `Network denial: public network access is disabled on ${where(f)} and the request did not arrive through an approved private link.`,
    nextSteps: [
      'Call the vault through its private endpoint (check that DNS resolves the vault name to the private IP).',
      'Or enable public access with firewall rules, if your policy allows it.',
    ],
  }),
  'wrong-audience': (f) => ({
    summary: `Unauthenticated: the token was issued for ${f.foundAudience ?? 'another resource'}, not for Key Vault (${f.expectedAudience ?? 'https://vault.azure.net'}).`,
    nextSteps: ['Request the token for the scope https://vault.azure.net/.default (resource https://vault.azure.net), not for ARM.'],
  }),
  'wrong-tenant': (f) => ({
    summary: `Unauthenticated: the token comes from ${f.foundTenantId ? `tenant ${f.foundTenantId}` : 'a different tenant'}, but the vault trusts ${f.tenantId ? `tenant ${f.tenantId}` : 'another tenant'}.`,
    nextSteps: [`Sign in to${f.tenantId ? ` tenant ${f.tenantId}` : ' the vault\'s tenant'} (e.g. set the tenant id on the credential) before requesting the token.`],
  }),
  'token-expired': () => ({
    summary: 'Unauthenticated: the access token has expired.',
    nextSteps: ['Acquire a fresh token (let the SDK credential refresh it instead of caching tokens yourself), and check the machine clock.'],
  }),
  'token-missing': () => ({
    summary: 'Unauthenticated: the request carried no usable bearer token.',
    nextSteps: [
      'A single 401 before a success is the normal authentication challenge; only a 401 that persists is a problem.',
      'Make sure the client sends an Authorization header (use an Azure SDK credential such as DefaultAzureCredential).',
    ],
  }),
  throttled: (f) => ({
    summary: `Throttled: ${where(f)} received more requests than its service limits allow${f.throttleReason ? ` (${f.throttleReason})` : ''}.`,
    nextSteps: [
      'Retry with exponential backoff (1, 2, 4, 8, 16 s); failed 429s do not count against the limit.',
      'Cache secrets in the application instead of reading them on every request.',
      'If that is not enough, spread the load across several vaults.',
    ],
  }),
  'operation-not-permitted': (f) => ({
    summary: `Operation denied: ${f.operation ? `'${f.operation}'` : 'the operation'} is not allowed${f.vault ? ` on ${where(f)}` : ''}.`,
    nextSteps: [
      'Check that the object is enabled and that the key\'s allowed operations include this one.',
      'Check that the caller\'s access policy or role grants this operation.',
    ],
  }),
  unrecognised: (f) => ({
    summary: f.statusCode || f.errorCode
      ? `This looks like a Key Vault error (${[f.statusCode, f.errorCode].filter(Boolean).join(' ')}), but the text does not say which cause.`
      : 'This text does not look like a Key Vault error I recognise.',
    nextSteps: ['Paste the full error, including the JSON body or the lines starting with "Caller:" and "Vault:".'],
  }),
});

/** Summary and next steps for a triaged error. */
export function explainTriage(kind: TriageKind, fields: TriageFields): TriageExplanation {
  return EXPLAIN[kind](fields);
}
