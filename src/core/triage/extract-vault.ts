/**
 * Extracts the vault name and region. Sources, most reliable first: the access-policy wording
 * `key vault '<name>;location=<region>'`, the `Vault: <name>;location=<region>` line, an ARM
 * resource id, the vault's URL, a `Vault name:` line (App Service Key Vault reference status), the
 * command the user pasted along (`--vault-name`, `-VaultName`), a bare `<name>.vault.azure.net` host
 * (DNS errors), and (region only) the `x-ms-keyvault-region` response header. Redacted and template
 * values (`XXXXX.vault.azure.net`, `<name>`) are skipped for the next candidate.
 */
import { cleanValue, isPlaceholderValue } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

// Path segments after `Microsoft.KeyVault/vaults/` that are action or child-type names, not vaults.
const NOT_A_VAULT = new Set([
  'secrets',
  'keys',
  'certificates',
  'storageaccounts',
  'accesspolicies',
  'read',
  'write',
  'delete',
  'deploy',
  'providers',
  'privateendpointconnections',
  'eventgridfilters',
]);

const HOST_SUFFIX = String.raw`\.(?:vault\.azure\.net|vault\.azure\.cn|vault\.usgovcloudapi\.net|vault\.microsoftazure\.de|privatelink\.vaultcore\.azure\.net)`;

const VAULT_SOURCES: readonly RegExp[] = [
  // Quotes may come doubled (YAML `''kv;location=x''`, CSV `""kv""`) or shell-escaped.
  // A console may wrap the pair after its `;` or `=` (PowerShell, Databricks), hence the optional blank.
  /key\s{1,3}vault\s{1,3}['"]+([A-Za-z0-9][A-Za-z0-9-]{1,62})(?:;\s?location=\s?([A-Za-z0-9]+))?['"]/gi,
  /\bVault:\s*([^;\s'"]+);\s?location=\s?([A-Za-z0-9]+)/gi,
  /\bVault:\s*([A-Za-z0-9][A-Za-z0-9_-]{1,62})(?=[\s"'\\]|$)/gi,
  // Names longer than Azure's 24 are kept: a "not found" error is often about exactly such a name.
  // A name running into a redaction (`vaults/kv-**/keys`) is not a name.
  /\/providers\/microsoft\.keyvault\/vaults\/([A-Za-z0-9-]{3,63})(?![\w*<>{}-])/gi,
  new RegExp(String.raw`https?:\/\/([A-Za-z0-9-]{3,63})${HOST_SUFFIX}`, 'gi'),
  /(?<!providers\/)Microsoft\.KeyVault\/vaults\/([A-Za-z0-9-]{3,63})(?![\w*<>{}/-])/gi,
  // Terraform azurerm: `Key Vault (Subscription: "..."\nResource Group Name: "..."\nKey Vault Name: "kv")`,
  // `Vault: (Name "kv" / Resource Group "rg")`, `Key Vault "kv" (Resource Group "rg")`.
  // Packer: `-> Key Vault Name        : 'pkrkv…'`.
  /\bKey Vault Name\s*:\s*["']([A-Za-z0-9][A-Za-z0-9-]{1,62})["']/gi,
  /\bVault:?\s*\(Name "([A-Za-z0-9][A-Za-z0-9-]{1,62})"/gi,
  /\bKey ?Vault "([A-Za-z0-9][A-Za-z0-9-]{1,62})" \(Resource Group/gi,
  // ARM's "The Vault '<name>' not found within subscription": whatever the user typed, however short.
  /\bThe Vault '([A-Za-z0-9][A-Za-z0-9-]{0,62})' (?:was )?not found/gi,
  /\bVault ?name:[ \t]*([A-Za-z0-9][A-Za-z0-9-]{2,23})(?![\w-])/gi,
  // A shell variable (`-VaultName $vault`) does not match: names start with a letter or digit.
  /(?:--vault-name|-VaultName)[ \t=]+['"]?([A-Za-z0-9][A-Za-z0-9-]{2,23})(?![\w$-])/gi,
  // A bare host name, as DNS errors print it: `getaddrinfo ENOTFOUND kv-app.vault.azure.net`.
  new RegExp(String.raw`(?<![\w.-])([A-Za-z0-9][A-Za-z0-9-]{2,62})${HOST_SUFFIX}(?![\w-])`, 'gi'),
  // Az PowerShell's lookup before an access-policy change: "Cannot find vault 'kv' in resource group ''".
  /\b(?:Cannot|Can't|Could not|Couldn't|Unable to) find (?:the )?vault '([A-Za-z0-9][A-Za-z0-9-]{0,62})'/gi,
  // ARM's ParentResourceNotFound for a nested resource (a secret, an access policy): pasted to a Key Vault
  // assistant, the parent is the vault the deployment expected. Last: only when nothing else names one.
  /\bParent resource '([A-Za-z0-9][A-Za-z0-9-]{2,23})' not found/gi,
  // Azure Policy refusing a deployment ("Resource 'kv' was disallowed by policy"), only when the text
  // goes on to speak of a Key Vault: the resource could be anything else.
  /\bResource '([A-Za-z0-9][A-Za-z0-9-]{2,23})' was disallowed by policy\b(?=[^]{0,400}?\b(?:key ?vaults?|Microsoft\.KeyVault)\b)/gi,
];

/** Matches of one source looked at before giving up on it (a log can repeat a placeholder). */
const MAX_MATCHES_PER_SOURCE = 20;

/**
 * The `<name>;location=<region>` pair redacted as one run that kept only the region (`Vault:
 * ###########=westeurope`, `key vault '****=eastus2'`): the region, when what stands before its `=` is a
 * placeholder. A real value there (`Vault: name=kv1`) is some other key, not this pair.
 */
const REDACTED_PAIR =
  /(?:\bVault:\s*|\bkey\s{1,3}vault\s{1,3}')([^\s'"=;]{1,80})=([A-Za-z][A-Za-z0-9]{2,30})(?=['"\s\\.,]|$)/gi;

function redactedPairRegion(text: string): string | undefined {
  let seen = 0;
  for (const m of text.matchAll(REDACTED_PAIR)) {
    if (++seen > MAX_MATCHES_PER_SOURCE) break;
    if (m[1] && isPlaceholderValue(m[1])) return m[2];
  }
  return undefined;
}

/** Vault name and region found in normalised error text. */
export function extractVault(text: string): Pick<TriageFields, 'vault' | 'region'> {
  const out: Pick<TriageFields, 'vault' | 'region'> = {};
  search: for (const pattern of VAULT_SOURCES) {
    let seen = 0;
    for (const m of text.matchAll(pattern)) {
      if (++seen > MAX_MATCHES_PER_SOURCE) break;
      const vault = cleanValue(m[1]);
      if (!vault || NOT_A_VAULT.has(vault.toLowerCase())) continue;
      out.vault = vault;
      const region = cleanValue(m[2]);
      if (region) out.region = region.toLowerCase();
      break search;
    }
  }
  if (!out.region) {
    const region = cleanValue(
      /;\s?location=\s?([A-Za-z0-9]+)/i.exec(text)?.[1] ??
        redactedPairRegion(text) ??
        /x-ms-keyvault-region['"]?\s*[:=]\s*['"]?([A-Za-z0-9]+)/i.exec(text)?.[1],
    );
    if (region) out.region = region.toLowerCase();
  }
  return out;
}
