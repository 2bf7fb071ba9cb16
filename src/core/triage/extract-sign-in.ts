/**
 * Extracts what a failed sign-in says: the Microsoft Entra error code (`AADSTS7000222`), the Azure
 * Identity credential that failed, the application it was for (`for app '<guid>'`,
 * `Application with identifier '<guid>'`) and the tenant whose token endpoint it called.
 */
import { cleanGuid, cleanTenant } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

const AAD_ERROR = /\b(AADSTS\d{5,7})\b/;
// The credential whose failure the text reports, most specific first: a chain (Default/Chained)
// wraps the others, and it is the chain the user constructed.
const FAILED_CREDENTIAL =
  /\b(DefaultAzureCredential|ChainedTokenCredential|ManagedIdentityCredential|WorkloadIdentityCredential|ClientSecretCredential|ClientCertificateCredential|EnvironmentCredential|AzureCliCredential|AzurePowerShellCredential|AzureDeveloperCliCredential|VisualStudioCredential|VisualStudioCodeCredential|SharedTokenCacheCredential|InteractiveBrowserCredential|DeviceCodeCredential|UsernamePasswordCredential|OnBehalfOfCredential|AzureServiceTokenProvider)\b/g;
const CHAINS = new Set(['DefaultAzureCredential', 'ChainedTokenCredential']);
/**
 * The tenant a sign-in went to, from the Microsoft Entra endpoint it called (every cloud's login host,
 * `/<tenant>/oauth2/…`: token, authorize, device code), as MSAL's and the CSI driver's logs and HTTP
 * traces print it. `common` / `organizations` are not tenants (cleanTenant drops them).
 */
const TENANT_IN_TOKEN_ENDPOINT =
  /\bhttps?:\/\/(?:login\.microsoftonline\.(?:com|us)|login\.windows\.net|login\.chinacloudapi\.cn|login\.partner\.microsoftonline\.cn)\/([^/\s'"?#,;)\\]{1,100})\/oauth2\//i;
// `app ?id` also reads AppAuthentication's connection string (`RunAs=App;AppId=<guid>`).
const APP_IN_SIGN_IN =
  /\b(?:(?:for|to) app|Application with identifier|application with (?:app |client )?id|app ?id|client[ _]id)\s*[:=]?\s*'?"?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;

const TENANT_NAMED =
  /\b(?:(?:in|for) the tenant named|was not found in the directory) '?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[\w-]{1,64}\.onmicrosoft\.com)\b/i;

/**
 * The authority a token was asked of, as Microsoft.Azure.Services.AppAuthentication prints it
 * (`Resource: https://vault.azure.net, Authority: https://login.windows.net/<tenant>.`): no `/oauth2/` path.
 */
const TENANT_IN_AUTHORITY =
  /\bAuthority\s*[:=]\s*'?"?https?:\/\/(?:login\.microsoftonline\.(?:com|us)|login\.windows\.net|login\.chinacloudapi\.cn)\/([^/\s'"?#,;)\\]{1,100}?)\.?(?=[/\s'"?#,;)\\]|$)/i;

type SignInFacts = Pick<TriageFields, 'aadError' | 'credential' | 'appId' | 'tenantId'>;

/**
 * Sign-in facts (aadError, credential, appId, and the tenant of the token endpoint) found in normalised
 * error text. A tenant the vault's own text states (a caller segment, a challenge) is read later and wins.
 */
export function extractSignIn(text: string): SignInFacts {
  const out: SignInFacts = {};
  const aad = AAD_ERROR.exec(text)?.[1];
  if (aad) out.aadError = aad;
  let first: string | undefined;
  let seen = 0;
  for (const m of text.matchAll(FAILED_CREDENTIAL)) {
    first ??= m[1];
    if (m[1] && CHAINS.has(m[1])) {
      first = m[1];
      break;
    }
    if (++seen >= 50) break;
  }
  // App Service's "MSINotEnabled" is the managed identity that is missing.
  first ??= /\bMSINotEnabled\b|Managed Service Identity not enabled/i.test(text)
    ? 'ManagedIdentityCredential'
    : undefined;
  if (first) out.credential = first;
  const app = cleanGuid(APP_IN_SIGN_IN.exec(text)?.[1]);
  if (app) out.appId = app;
  // Most texts name no token endpoint: a substring check spares them the URL pattern.
  const tenant = text.includes('/oauth2/') ? cleanTenant(TENANT_IN_TOKEN_ENDPOINT.exec(text)?.[1]) : undefined;
  // Else the tenant Entra names in its own sentence (AADSTS500011, AADSTS90002: "in the tenant named <id>";
  // AADSTS700016: "was not found in the directory '<id>'").
  const named = tenant ?? cleanTenant(TENANT_NAMED.exec(text)?.[1]) ?? cleanTenant(TENANT_IN_AUTHORITY.exec(text)?.[1]);
  if (named) out.tenantId = named;
  return out;
}
