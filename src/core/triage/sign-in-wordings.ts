/**
 * The wordings of a failed sign-in: no token was obtained, so Key Vault was never reached (DESIGN.md §3
 * `sign-in-failed`). One list for every client that prints them: Azure Identity in .NET, Java, Python,
 * JS, Go and Rust, MSAL and ADAL, the retired AppAuthentication library, az CLI and PowerShell logins,
 * the managed identity endpoints (IMDS, App Service, AKS pod and workload identity), and the tools that
 * wrap them (Terraform, Azure DevOps, GitHub Actions, notation, HashiCorp Vault, API Management).
 * The signal table (triage-signals.ts) places this row after every row that proves the vault answered.
 */

/** Any of these in a paste says the sign-in failed before any vault call. */
export const SIGN_IN_FAILED_WORDINGS: readonly RegExp[] = Object.freeze([
  /\bAADSTS\d{5,7}\b/,
  /failed to retrieve a token/i,
  /\b\w*Credential(?::| -)? authentication (?:unavailable|failed)/i,
  /\bCredentialUnavailable(?:Exception|Error)\b/,
  /\b(?:Adal|Msal)\w{0,40}(?:Exception|Error)\b/,
  // Azure Identity's troubleshooting links and .NET managed identity internals: only a failed credential prints them.
  /aka\.ms\/azsdk\/[\w-]+\/identity\/[\w-]+\/troubleshoot/i,
  /\bAzure\.Identity\.\w*ManagedIdentity(?:Source|Client)\b/,
  /No MSI found for specified/i,
  /Access has been blocked by Conditional Access/i,
  // Azure Identity's own failures (.NET AuthenticationFailedException, JS AuthenticationError);
  // Python's ClientAuthenticationError is left out: azure-core raises it for a vault's 401 too.
  /\bAuthenticationFailedException\b/,
  /\b(?:Aggregate)?AuthenticationError\b/,
  /\bAzureServiceTokenProviderException\b/,
  /Tried the following \d+ methods to get an access token/i,
  /Tried to get token using/i,
  /Unable to connect to the Managed Service Identity \(MSI\) endpoint/i,
  /\bIMDS endpoint\b[^\n]{0,60}?(?:did not respond|cannot be established|unavailable|not found|no response)/i,
  /No Managed Identity endpoint found/i,
  /(?:failed to|could not|unable to|cannot) (?:acquire|obtain|retrieve|get|fetch) (?:an? )?(?:key ?vault |access |aad |oauth2? )?token\b/i,
  // AKS pod identity (NMI) and the CSI driver's wording for the same: the pod got no token.
  /failed to get authorizer for keyvault client/i,
  /\bnmi response failed\b/i,
  /\binvalid_client\b/,
  /\binvalid_grant\b/,
  /\bunauthorized_client\b/,
  /\bplease run:?\s*'?az login\b/i,
  /\bRun '?Connect-AzAccount\b/i,
  /\bManagedIdentityCredential\b:? no default identity/i,
  // An expired or revoked refresh token (ADAL, az CLI, MSAL caches): the sign-in itself failed.
  /(?:failed|unable) to refresh (?:the )?(?:access )?token/i,
  /\brefresh token (?:has expired|is expired|was revoked)/i,
  // The managed identity endpoint refused the token request, in any client's words: IMDS's "Identity
  // not found" body, Java's getToken log line and HttpURLConnection wording, a logged IMDS or App
  // Service (/msi/token) request answered 4xx/5xx, Python's and .NET's Credential.get_token failures.
  /"?error_description"?\s*:\s*"Identity not found"/i,
  /\binvalid_request\b[^\n]{0,80}\bIdentity not found\b/i,
  /\bERROR in getToken\(\) call\b/i,
  /\bresponse code:?\s*[45]\d\d for URL:?\s*https?:\/\/\S{0,200}?(?:\/msi\/token|\/metadata\/identity\/oauth2\/token)/i,
  // The scan after a token URL stops at the next one, so a log repeating the URL stays linear.
  /(?:\/metadata\/identity\/oauth2\/token|\/msi\/token)\b(?:(?!\/metadata\/identity\/|\/msi\/token)[\s\S]){0,2000}?\b(?:Response status code|Status(?: code)?):?\s*[45]\d\d\b/i,
  /\b\w{0,40}Credential\.get_?token\b[^\n]{0,40}\b(?:failed|was unable)/i,
  // Python's requests failing on a token endpoint ("400 Client Error: Bad Request for url:
  // http://localhost:50342/oauth2/token", the VM extension's MSI port; Entra's /oauth2/v2.0/token), and
  // the old Azure CLI's MSI token call by name.
  /\b[45]\d\d (?:Client|Server) Error: [^\n]{0,60}? for url: https?:\/\/\S{0,200}?\/oauth2\/(?:v2\.0\/)?token\b/i,
  /\bget_msi_token\b/,
  // Entra's AADSTS500011 sentence without its code: the token was asked for a resource (the vault's URL
  // as a resource id) that the tenant does not know.
  /\bThe resource principal named\b[^\n]{0,300}?\bwas not found in the tenant\b/i,
  // A credential that could not get a token at all: Go's Azure CLI credential ("Invoking Azure CLI
  // failed"), a tool asked for OIDC with no token or request URL configured, and GitHub's OIDC token
  // request failing (Terraform and Pulumi's "githubAssertion").
  /\bInvoking Azure CLI failed\b/i,
  /\bOIDC authentication was requested\b[^\n]{0,120}?\bno token\b/i,
  /\bgithubAssertion: /,
  // A service's own sign-in for a Key Vault reference (API Management named values, Logic Apps).
  /Authentication failed for (?:Active Directory|AAD|Azure AD|Microsoft Entra(?: ID)?) Tenant/i,
  // A Logic Apps / Power Automate API connection whose sign-in is gone: it must be logged in again.
  /\bThe connection does not contain an access token\b/i,
  // aad-pod-identity's NMI could not find the pod's identity, so it handed out no token.
  /\bgetting assigned identities for pod\b/i,
  /\bno AzureAssignedIdentity found\b/i,
  // The identity the app named does not exist on the host (IMDS / App Service identity endpoint).
  /\bNo (?:User Assigned|System Assigned|Delegated)(?: or (?:User Assigned|System Assigned|Delegated))? Managed Identity (?:found|is available|configured)\b/i,
  // The stored credential itself is gone or stale: an expired client secret (AADSTS7000222's text
  // without its code), a tool's login cache that expired, a provider that could not build its token.
  /\bclient secret (?:keys? )?(?:for (?:the )?app(?:lication)?\b[^\n]{0,80}?)?(?:are|is|has) expired\b/i,
  /\bcredentials? (?:have|has) not been set up or (?:have|has) expired\b/i,
  /\b(?:error|failed(?: to)?|unable to|could not|cannot)\s+(?:getting|get|obtain(?:ing)?|acquir(?:e|ing))\s+(?:an?\s+|the\s+)?Authori[sz]ation Token\b/i,
  // A developer tool's login is missing or unusable: every Azure Identity language's Azure CLI
  // credential when `az` is not installed or not signed in, and tools that shell out to it (notation).
  /\bAzure CLI (?:not found on path|not installed|could not be found)\b/i,
  /'az' is not recognized as an internal or external command/i,
  /\bensure you have (?:logged|signed) in (?:using|with) (?:the )?'?az'?\b/i,
  /\b(?:Az(?:ure)? CLI|Az PowerShell) login failed\b/i,
  // `az account get-token` refusing the request itself: a tenant passed for a managed identity (MSI) or
  // Cloud Shell login, which az signs in to on its own. Azure Identity's CLI credential relays az's
  // stderr ("ERROR: …") as its error in Python (ClientAuthenticationError), Go and .NET: a vault's own
  // 401 reaches Python as "ClientAuthenticationError: (Unauthorized) …" instead, never with "ERROR:".
  // (Case-sensitive: az prints one spelling, and a case-insensitive scan costs more on every long log.)
  /\bTenant (?:shouldn'?t|should not) be specified for (?:managed identity|MSI|Cloud Shell) account\b/,
  /\b(?:ClientAuthenticationError|Azure(?:CLI|Cli|DeveloperCLI|DeveloperCli)Credential):\s*ERROR:/,
  // Older clients that ask a token provider first (Microsoft.Rest, Go's azidentity, JS's interactive
  // credentials, Azure DevOps' service connection).
  /\bNo (?:authentication|access|bearer) token (?:is )?available\b/i,
  /\bAuthentication(?:Failed|Required)Error\b/,
  /\bfailed to (?:obtain|get|acquire|fetch) (?:the )?(?:JSON Web Token|JWT)\b/i,
  // Workload identity federation: Entra ID found no federated credential for the pod's token.
  /\bNo matching federated identity record found\b/i,
  // The token endpoint itself was unreachable (its host name did not resolve, or the connection
  // failed): a sign-in failure, not the vault's name. Before the name-resolution row.
  // Anchored on the host (a literal the engine scans for quickly), the failure looked up behind it.
  /(?<=\b(?:ENOTFOUND|EAI_AGAIN|lookup|resolve '?|UnknownHostException:?)\s{0,3})login\.(?:microsoftonline\.(?:com|us)|windows\.net|chinacloudapi\.cn)\b/i,
  /\blogin\.(?:microsoftonline\.(?:com|us)|windows\.net|chinacloudapi\.cn)\b[^\n]{0,120}?(?:no such host|\bENOTFOUND\b|i\/o timeout|Name or service not known|Temporary failure in name resolution|server misbehaving|could not be resolved|No such host is known)/i,
]);
