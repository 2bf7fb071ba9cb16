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

const who = (f: TriageFields): string =>
  f.objectId ? `the identity with object id ${f.objectId}` : f.appId ? `the application ${f.appId}` : 'the caller';
const where = (f: TriageFields): string =>
  f.vault ? `key vault '${f.vault}'${f.region ? ` (${f.region})` : ''}` : 'the key vault';
const verifyIdentity = (f: TriageFields): string =>
  f.appId
    ? `Confirm the request really runs as the identity you expect: app id ${f.appId}${f.objectId ? `, object id ${f.objectId}` : ''} (a 403 often means the app is not using the client id you think it is).`
    : 'Confirm the request really runs as the identity you expect (a 403 often means the app is not using the client id you think it is).';

/** The refused operation as the text named it (`'secrets/get'`, or the bare permission `'get'`), else `otherwise`. */
const deniedOperation = (f: TriageFields, otherwise = 'the operation'): string => {
  const op = f.operation ?? f.permission;
  return op ? `'${op}'` : otherwise;
};

const thing = (f: TriageFields): string => {
  const name = f.objectName ?? (f.objectType === 'vault' ? f.vault : undefined);
  return `${f.objectType ?? 'secret, key, certificate or vault'}${name ? ` '${name}'` : ''}`;
};

/** Next steps for a failed sign-in, most specific cause first. */
function signInSteps(f: TriageFields): string[] {
  const steps: string[] = [];
  const aad = f.aadError ?? '';
  if (/^AADSTS(7000222|7000215|50012|7000232)$/.test(aad)) {
    steps.push(
      `The app registration's client secret is expired or wrong: create a new secret${f.appId ? ` for app ${f.appId}` : ''} (or use a certificate or a managed identity) and update the configuration that holds it.`,
    );
  } else if (/^AADSTS(700016|90002|50020|50034)$/.test(aad)) {
    steps.push(
      'The application or account is not known in the tenant the sign-in went to: check the client id and the tenant id the credential uses.',
    );
  } else if (/^AADSTS(50173|700082|50078|50076|50079)$/.test(aad)) {
    steps.push(
      'The sign-in session expired or needs MFA: sign in again (`az login`, Connect-AzAccount, or Visual Studio) and retry.',
    );
  }
  if (f.credential === 'ManagedIdentityCredential' || f.credential === 'AzureServiceTokenProvider') {
    steps.push(
      'A managed identity only works on an Azure resource that has one: turn it on for the App Service, Function, VM or AKS workload, and for a user-assigned identity set its client id (e.g. AZURE_CLIENT_ID).',
    );
  }
  if (f.credential === 'AzureServiceTokenProvider')
    steps.push(
      'AzureServiceTokenProvider (Microsoft.Azure.Services.AppAuthentication) is retired: move to DefaultAzureCredential from Azure.Identity.',
    );
  steps.push(
    'DefaultAzureCredential tries several sources in order: in Azure it needs a managed identity; on a developer machine or a build agent it needs `az login` (or Visual Studio / environment variables for a service principal).',
  );
  steps.push('Once a token is obtained, the identity still needs an access policy or role on the vault.');
  return steps;
}

const EXPLAIN: Readonly<Record<TriageKind, (f: TriageFields) => TriageExplanation>> = Object.freeze({
  'access-policy-permission': (f) => ({
    summary: `Access policy denial: ${who(f)} has no ${f.category && f.permission ? `"${f.permission}" permission on ${f.category}` : 'access-policy permission for this operation'} in ${where(f)}.`,
    nextSteps: [
      `Add ${f.category && f.permission ? `${f.category} ${f.permission}` : 'the missing permission'} to the access policy for ${f.objectId ?? 'that identity'} (incrementally; do not redeploy the whole policy list).`,
      verifyIdentity(f),
      "If the policy was just added, retry after a short wait; group-based access can take longer to reach a managed identity's token.",
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
      `Add ${f.clientAddress ?? "the caller's public IP"} (or its virtual network) to the vault's network rules, or call through a private endpoint.`,
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
    nextSteps: [
      'Request the token for the scope https://vault.azure.net/.default (resource https://vault.azure.net), not for ARM.',
    ],
  }),
  'wrong-tenant': (f) => ({
    summary: `Unauthenticated: the token comes from ${f.tenantId ? `tenant ${f.tenantId}` : 'a different tenant'}, but the vault trusts ${f.expectedTenantId ? `tenant ${f.expectedTenantId}` : 'another tenant'}.`,
    nextSteps: [
      `Sign in to${f.expectedTenantId ? ` tenant ${f.expectedTenantId}` : " the vault's tenant"} (e.g. \`az login --tenant <tenant-id>\`, or set the tenant id on the credential) before requesting the token.`,
    ],
  }),
  'token-expired': () => ({
    summary: 'Unauthenticated: the access token has expired.',
    nextSteps: [
      'Acquire a fresh token (let the SDK credential refresh it instead of caching tokens yourself), and check the machine clock.',
    ],
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
    summary: `Operation denied: ${deniedOperation(f)} is not allowed${f.vault ? ` on ${where(f)}` : ''}.`,
    nextSteps: [
      "Check that the object is enabled and that the key's allowed operations include this one.",
      "Check that the caller's access policy or role grants this operation.",
    ],
  }),
  'forbidden-unspecified': (f) => ({
    summary: `Key Vault refused the request with 403 Forbidden${f.vault ? ` on ${where(f)}` : ''}, but this error text does not say why (older SDKs and PowerShell print only the status).`,
    nextSteps: [
      "A 403 means the vault knew who called and refused: either the caller has no access policy or role for this operation, or the vault's network rules block the caller.",
      verifyIdentity(f),
      'Run the request again with a newer SDK or `az ... --debug` to see the full error body: its message names the missing permission, the RBAC action or the blocked client address.',
    ],
  }),
  'sign-in-failed': (f) => ({
    summary: `Sign-in failed before Key Vault was reached: ${f.credential ? `${f.credential} ` : 'the application '}could not get an access token${f.aadError ? ` (${f.aadError})` : ''}${f.appId ? ` for app ${f.appId}` : ''}. This is not a permission problem on the vault.`,
    nextSteps: signInSteps(f),
  }),
  'not-found': (f) => ({
    summary: f.softDeleted
      ? `Not an access problem: the ${thing(f)} is deleted but recoverable (soft-delete), so its name cannot be used until it is recovered or purged.`
      : !f.objectType && f.vault
        ? `Not an access problem: Key Vault says what was asked for in ${where(f)} (a secret, key or certificate, or the vault itself) does not exist.`
        : // A missing vault is not "in" a vault: say where only for what a vault holds.
          `Not an access problem: Key Vault says the ${thing(f)} does not exist${f.vault && f.objectType !== 'vault' ? ` in ${where(f)}` : ''}.`,
    nextSteps: f.softDeleted
      ? [
          `Recover it (e.g. \`az keyvault ${f.objectType === 'vault' ? `recover --name ${f.objectName ?? f.vault ?? '<vault>'}` : `${f.objectType ?? 'secret'} recover --vault-name ${f.vault ?? '<vault>'} --name ${f.objectName ?? '<name>'}`}\`), or purge it if it really should be gone (purge is permanent).`,
          'Recovering or purging needs the recover/purge permission (or a role that includes it).',
        ]
      : [
          'Check the spelling of the name (and the version, if one is given) and that the request goes to the right vault URL.',
          `If it was deleted recently, it may be soft-deleted: list deleted items (e.g. \`az keyvault ${f.objectType === 'vault' ? 'list-deleted' : `${f.objectType ?? 'secret'} list-deleted --vault-name ${f.vault ?? '<vault>'}`}\`) and recover it.`,
        ],
  }),
  'name-resolution': (f) => ({
    summary: `Not an access problem: the host name ${f.host ?? (f.vault ? `${f.vault}.vault.azure.net` : 'of the vault')} does not resolve, so the request never reached Key Vault.`,
    nextSteps: [
      'Check the vault name in the URL: it must be https://<vault-name>.vault.azure.net/ with the exact vault name (a typo or a deleted vault gives this error).',
      "If the vault uses a private endpoint, the caller's DNS must resolve the name through the privatelink.vaultcore.azure.net private DNS zone: link the zone to the caller's virtual network (or forward to it from your own DNS).",
      `Test from the failing machine: \`nslookup ${f.host ?? '<vault-name>.vault.azure.net'}\`.`,
    ],
  }),
  unrecognised: (f) => ({
    summary:
      f.statusCode || f.errorCode
        ? `This looks like a Key Vault error (${[f.statusCode, f.errorCode].filter(Boolean).join(' ')}), but the text does not say which cause.`
        : 'This text does not look like a Key Vault error I recognise.',
    nextSteps: ['Paste the full error, including the JSON body or the lines starting with "Caller:" and "Vault:".'],
  }),
});

/** Explanations of known conditions that are not Key Vault access errors, by signal id. */
const NOT_ACCESS: Readonly<Record<string, (f: TriageFields) => TriageExplanation>> = Object.freeze({
  'provider-not-registered': (f) => ({
    summary: `Not an access problem: the subscription has not registered the ${f.unregisteredProvider ?? 'Microsoft.KeyVault'} resource provider, so Azure refuses to create or connect the resource.`,
    nextSteps: [
      `Register it once per subscription: \`az provider register --namespace ${f.unregisteredProvider ?? 'Microsoft.KeyVault'}\` (or Register-AzResourceProvider), then retry.`,
      'Registering needs a subscription-level role such as Contributor or Owner; for a private endpoint, register the provider on the subscription that holds the endpoint.',
    ],
  }),
  'graph-lookup-denied': () => ({
    summary:
      'Not a Key Vault denial: Microsoft Graph refused to look up the user, group or service principal while access was being granted (an access policy or a role assignment), because the signed-in identity may not read the directory.',
    nextSteps: [
      "Pass the principal's object id directly (`az keyvault set-policy --object-id <id>`, or `Set-AzKeyVaultAccessPolicy -ObjectId <id> -BypassObjectIdValidation`) so no directory lookup is needed.",
      'For a role assignment, pass the object id with its type (`az role assignment create --assignee-object-id <id> --assignee-principal-type ServicePrincipal`).',
      'Or have someone with directory read rights (or an admin) grant the access, or give the automation identity permission to read the directory.',
    ],
  }),
  'principal-type-not-supported': () => ({
    summary:
      "Not a Key Vault denial: the role assignment names an application registration's object id, and roles can only be given to its service principal (the enterprise application).",
    nextSteps: [
      "Use the service principal's object id (`az ad sp show --id <app-id> --query id`), not the object id shown on the app registration blade.",
    ],
  }),
  'vault-name-taken': () => ({
    summary:
      'Not an access problem: vault names are globally unique, and this name is already used, either by another vault or by a deleted vault that has not been purged yet.',
    nextSteps: [
      'Check for a soft-deleted vault with that name (`az keyvault list-deleted`) and recover it, or purge it if it should really be gone (purge is permanent and blocked by purge protection).',
      'Otherwise choose another name (e.g. add a unique suffix).',
    ],
  }),
  'azure-policy-disallowed': () => ({
    summary:
      "Not an access problem on the vault: an Azure Policy assignment refused the deployment because the vault's settings do not meet it.",
    nextSteps: [
      'Read the policy named in the error (e.g. one that requires the RBAC permission model, purge protection or a private endpoint) and change the template to satisfy it.',
      'An exemption is a decision for whoever owns the policy assignment.',
    ],
  }),
  'invalid-access-policy-value': () => ({
    summary: 'Not a denial: the template or command sent an access policy that Key Vault rejected as malformed.',
    nextSteps: [
      "Check each access policy entry: objectId must be the principal's object id (a GUID, not an app id, name or empty value) and tenantId the vault's tenant.",
    ],
  }),
  'other-azure-service': () => ({
    summary:
      'Not a Key Vault error: this comes from another Azure service (such as App Configuration or Storage), whose own access rules decide it; Key Vault access policies and roles do not.',
    nextSteps: [
      "Check that service's own access control: the data role the identity needs there (e.g. App Configuration Data Reader, Storage Blob Data Reader), its tenant and its network rules.",
      'If the service was reading a Key Vault secret for you, paste the Key Vault error itself (it names the vault).',
    ],
  }),
  'graph-object-not-found': () => ({
    summary:
      'Not a Key Vault error: Microsoft Graph could not find the application or principal a tool looked up (a directory object, not a secret, key or certificate).',
    nextSteps: [
      "Check the id the tool was given: an application's client id, its object id and its service principal's object id are three different GUIDs, and the object must exist in the tenant the tool signs in to.",
      'A principal created a moment ago may not be visible yet: retry after a minute.',
    ],
  }),
  'arm-other-provider': () => ({
    summary:
      "Not a Key Vault error: Azure Resource Manager answered a request for another resource provider (a storage account, a cost query, a virtual machine), so that resource's own role assignments and limits decide it; Key Vault access policies and roles do not.",
    nextSteps: [
      "Read the URL in the error: the provider after /providers/ (e.g. Microsoft.Storage) is the service to check. Its role assignments are under that resource's Access control (IAM).",
      'If a Key Vault call fails too, paste that error itself (it names the vault).',
    ],
  }),
  'token-unreadable': () => ({
    summary:
      'Unauthenticated: Key Vault received a token but could not read it or validate its signature, so it never got as far as checking permissions. The token is not missing or expired, and this is not a permission problem.',
    nextSteps: [
      "Send a token issued by Microsoft Entra ID for https://vault.azure.net (an Azure SDK credential such as DefaultAzureCredential does this); a tool's password, a client secret or a token from another issuer passed as the bearer token gives this error.",
      'If the same token works on other calls and fails only now and then (AKV10046), it is on the service side: retry with backoff, and open a support case with the request ids if it persists.',
    ],
  }),
  'app-service-reference-syntax': () => ({
    summary: 'Not an access problem: App Service could not parse the Key Vault reference in the app setting.',
    nextSteps: [
      'Use `@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<name>/)` or `@Microsoft.KeyVault(VaultName=<vault>;SecretName=<name>)` exactly, without extra quotes or spaces.',
    ],
  }),
  'app-service-reference-unresolved': (f) => ({
    summary: `App Service could not resolve the Key Vault reference${f.vault ? ` to ${where(f)}` : ''} for a reason other than a denial; this is usually the network path from the app to the vault, not its permissions.`,
    nextSteps: [
      'If the vault has a firewall or private endpoint, the app must reach it through virtual network integration with the reference traffic routed into the network (and DNS resolving the vault to its private address).',
      'Check that the vault and secret names in the reference are right, then refresh the reference after fixing it.',
    ],
  }),
});

/**
 * Explanations of signals whose kind is an access kind but whose cause is known more precisely than
 * the kind's general wording says.
 */
const BY_SIGNAL: Readonly<Record<string, (f: TriageFields) => TriageExplanation>> = Object.freeze({
  'subscription-wrong-issuer': (f) => ({
    summary: `Unauthenticated at Azure Resource Manager: the token comes from ${f.tenantId ? `tenant ${f.tenantId}` : 'another tenant'}, but the subscription belongs to ${f.expectedTenantId ? `tenant ${f.expectedTenantId}` : 'a different tenant'}. This is a sign-in to the wrong tenant, not a permission problem on the vault.`,
    nextSteps: [
      `Sign in to${f.expectedTenantId ? ` tenant ${f.expectedTenantId}` : " the subscription's tenant"} (e.g. \`az login --tenant <tenant-id>\`, \`Connect-AzAccount -Tenant <tenant-id>\`, or the tenant id on the credential) and retry.`,
      'If the subscription was moved to another tenant in the last hour, wait and retry: the move takes time to reach Resource Manager.',
    ],
  }),
  'operation-not-allowed-by-policy': (f) => ({
    summary: `Operation denied by the vault's access policy: ${deniedOperation(f)} is not allowed for ${who(f)}${f.vault ? ` on ${where(f)}` : ''}.`,
    nextSteps: [
      `Add ${deniedOperation(f, 'the named operation')} to the access policy of ${f.objectId ?? 'that identity'} (incrementally; do not redeploy the whole policy list).`,
      verifyIdentity(f),
      "If the policy already grants it, check that the key's allowed operations include it.",
    ],
  }),
  'compound-identity-required': (f) => ({
    summary: `Access policy denial: the access policy of ${where(f)} names this application only inside a compound identity (a user or group together with the application), which applies only when the application calls on behalf of a signed-in user (the OBO flow). This call came with an app-only token, so that entry does not apply; no single permission is missing.`,
    nextSteps: [
      `If the application should read the vault on its own, add an access policy entry for its service principal${f.objectId ? ` (object id ${f.objectId})` : ''} with no application id (in the portal: no "Authorized application"), with the permissions it needs.`,
      'If the entry is meant for users through that application, call the vault with an on-behalf-of token for the signed-in user instead of an app-only token.',
      'The permission check lists the compound entries and whom they apply to.',
    ],
  }),
  'purge-protection': (f) => ({
    summary: `Not a permission problem: purge protection is enabled on ${where(f)}, so deleted objects (and a deleted vault) cannot be purged by anyone until their retention period ends; Key Vault purges them then.`,
    nextSteps: [
      'To use the name again now, recover the deleted object (or vault) instead of purging it, or choose another name.',
      'Terraform: set `purge_soft_delete_on_destroy = false` (and `recover_soft_deleted_*` = true) in the azurerm `features { key_vault { … } }` block, so destroy stops trying to purge.',
      'Purge protection cannot be turned off once enabled; for test vaults that are recreated often, create them without it (if your policy allows).',
    ],
  }),
  'soft-delete-in-progress': (f) => ({
    summary: `Not an access problem: the ${thing(f)} is being deleted or recovered right now (soft-delete), so the name cannot be used until that operation finishes.`,
    nextSteps: [
      'Wait a little (seconds to a few minutes) and retry; a script that deletes and then purges, recovers or re-creates should wait until the delete (or recover) operation has completed, e.g. by polling the deleted object.',
      `Once the delete has finished, the ${f.objectType ?? 'object'} is deleted but recoverable: recover it, or purge it (purge needs the purge permission and is blocked by purge protection).`,
    ],
  }),
  'client-reports-vault-denied': (f) => ({
    summary: `A client tool reports that ${where(f)} refused the operation, without saying why.`,
    nextSteps: [
      'Check which account or identity the tool signed in with: a tool that signed in as another user, or to another tenant, is refused like any caller without access.',
      "That identity needs an access policy or a role on the vault for this operation, and the vault's network rules must let the machine through.",
      'Run the same operation with `az keyvault ... --debug` (or a current SDK) as the same identity: the full error names the missing permission, the RBAC action or the blocked address.',
    ],
  }),
  'service-reports-vault-denied': (f) => ({
    summary: `A service that reads Key Vault for you reports that ${where(f)} refused its identity, without saying why.`,
    nextSteps: [
      "Give that service's identity (its managed identity, service connection or first-party app) the access it needs: an access policy with get (and list) on secrets or certificates, or a role such as Key Vault Secrets User on an RBAC vault.",
      'If the vault has a firewall or private endpoint, the service must be allowed through it ("allow trusted Microsoft services" covers only some services).',
      "The full error from the vault names the missing permission, RBAC action or blocked address: look for it in the service's activity log or a `--debug` run.",
    ],
  }),
});

/** Summary and next steps for a triaged error; `signal` picks the explanation of a known non-access condition. */
export function explainTriage(kind: TriageKind, fields: TriageFields, signal?: string): TriageExplanation {
  const notAccess = kind === 'unrecognised' && signal ? NOT_ACCESS[signal] : undefined;
  const specific = signal ? BY_SIGNAL[signal] : undefined;
  return (notAccess ?? specific ?? EXPLAIN[kind])(fields);
}
