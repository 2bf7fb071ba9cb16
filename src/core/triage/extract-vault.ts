/**
 * Extracts the vault name and region. Sources, most reliable first: the access-policy wording
 * `key vault '<name>;location=<region>'`, the `Vault: <name>;location=<region>` line, an ARM
 * resource id, the vault's URL, a `Vault name:` line (App Service Key Vault reference status), the
 * command the user pasted along (`--vault-name`, `-VaultName`), and (region only) the
 * `x-ms-keyvault-region` response header.
 */
import { cleanValue } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

// Path segments after `Microsoft.KeyVault/vaults/` that are action or child-type names, not vaults.
const NOT_A_VAULT = new Set(['secrets', 'keys', 'certificates', 'storageaccounts', 'accesspolicies', 'read', 'write', 'delete', 'deploy', 'providers', 'privateendpointconnections', 'eventgridfilters']);

const VAULT_SOURCES: readonly RegExp[] = [
  /key vault '([^;'\s]+)(?:;location=([A-Za-z0-9]+))?'/i,
  /\bVault:\s*([^;\s'"]+);location=([A-Za-z0-9]+)/i,
  /\bVault:\s*([A-Za-z0-9][A-Za-z0-9_-]{1,62})(?=[\s"'\\]|$)/i,
  /\/providers\/microsoft\.keyvault\/vaults\/([A-Za-z0-9-]{3,24})(?![A-Za-z0-9-])/i,
  /https?:\/\/([A-Za-z0-9-]{3,24})\.vault\.(?:azure\.net|azure\.cn|usgovcloudapi\.net|microsoftazure\.de)/i,
  /(?<!providers\/)Microsoft\.KeyVault\/vaults\/([A-Za-z0-9-]{3,24})(?![\w/-])/i,
  /\bVault ?name:[ \t]*([A-Za-z0-9][A-Za-z0-9-]{2,23})(?![\w-])/i,
  // A shell variable (`-VaultName $vault`) does not match: names start with a letter or digit.
  /(?:--vault-name|-VaultName)[ \t=]+['"]?([A-Za-z0-9][A-Za-z0-9-]{2,23})(?![\w$-])/i,
];

/** Vault name and region found in normalised error text. */
export function extractVault(text: string): Pick<TriageFields, 'vault' | 'region'> {
  const out: Pick<TriageFields, 'vault' | 'region'> = {};
  for (const pattern of VAULT_SOURCES) {
    const m = pattern.exec(text);
    const vault = cleanValue(m?.[1]);
    if (!m || !vault || NOT_A_VAULT.has(vault.toLowerCase())) continue;
    out.vault = vault;
    const region = cleanValue(m[2]);
    if (region) out.region = region.toLowerCase();
    break;
  }
  if (!out.region) {
    const region = cleanValue(/;location=([A-Za-z0-9]+)/i.exec(text)?.[1] ?? /x-ms-keyvault-region\s*[:=]\s*"?([A-Za-z0-9]+)/i.exec(text)?.[1]);
    if (region) out.region = region.toLowerCase();
  }
  return out;
}
