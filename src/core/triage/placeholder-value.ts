/**
 * Recognises redacted or template values in pasted errors (`...`, `XXX`, `<tenant>`, `{tenant 1}`,
 * `REDACTED`, `***`, `VAULT_NAME`, `KeyvaultName`, `your-key-vault`, `$vault`), which must not be
 * reported as extracted facts nor used to prefill a probe.
 */

// Words people and tools put where a value was removed.
const REDACTION_WORD =
  /redacted|\bremoved\b|\bhidden\b|\bmasked\b|\bobfuscated\b|\bsanitized\b|\bscrubbed\b|\bplaceholder\b/i;
// Redaction by x's (or z's): four or more anywhere (`0XXXXXXXX6`, `ee4XXXXXd6`; no word has them),
// or three standing as their own token (`XXX`, `xxx-keyvault-prod`, `zzz`).
const X_RUN = /x{4,}|z{4,}|(?:^|[^a-z])(?:xxx|zzz)(?:[^a-z]|$)/i;
// Template names for a vault or other value: `VAULT_NAME`, `KEYVAULT_NAME`, `KeyvaultName`, `vault-name`, `kvName`,
// and the ARM path slots of docs and templates (`SubscriptionId`, `ResourceGroupName`).
const TEMPLATE_NAME =
  /^(?:(?:azure[-_ ]?)?key[-_ ]?vault|kv|vault|secret|key|tenant|client|app|object|subscription|resource[-_ ]?group|rg)[-_ ]?(?:name|id|uri|url)$/i;
// SCREAMING_SNAKE_CASE is an environment variable or template slot, never an Azure name or id.
const SCREAMING_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
// `your-key-vault`, `YourVaultName`, `<your vault>`, `${KV}`, `$vaultName`, `%VAULT%`.
const TEMPLATE_SHAPE = /^your[-_ ]?|^\$|\$\{|^%\w+%$/i;

/** True when `value` is a redaction or template placeholder rather than a real value. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/[<>{}[\]]/.test(v) || /\.\.\.|\u2026/.test(v) || /\*{2,}|\u2022{2,}/.test(v)) return true;
  if (/^[.\u2026xX*#?_-]+$/.test(v)) return true;
  return (
    REDACTION_WORD.test(v) ||
    X_RUN.test(v) ||
    TEMPLATE_NAME.test(v) ||
    SCREAMING_SNAKE.test(v) ||
    TEMPLATE_SHAPE.test(v)
  );
}

/** `value` trimmed of trailing punctuation, or undefined when absent or a placeholder. */
export function cleanValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().replace(/[.,;:]+$/, '');
  return isPlaceholderValue(v) ? undefined : v;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

/**
 * `value` when it is a whole GUID, else undefined. Object, application and tenant ids are always
 * GUIDs; a redacted one (`6b449b85-...`, `0XXXXXXXX6`) or the all-zero template id cannot prefill a
 * probe, so it is dropped.
 */
export function cleanGuid(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && GUID.test(v) && !NIL_GUID.test(v) ? v.toLowerCase() : undefined;
}

/** `value` when it is a GUID or a tenant domain (`contoso.onmicrosoft.com`), else undefined. */
export function cleanTenant(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  return (
    cleanGuid(v) ?? (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(v) && !isPlaceholderValue(v) ? v.toLowerCase() : undefined)
  );
}

/**
 * `value` when it is an ARM resource path none of whose segments is a placeholder, else undefined.
 * A scope like `/subscriptions/SubscriptionId/.../vaults/KeyvaultName/secrets/x` or one with a
 * `***` segment cannot prefill a probe, though the path as a whole looks real.
 */
export function cleanArmPath(value: string | undefined): string | undefined {
  const v = cleanValue(value);
  if (v === undefined) return undefined;
  return v.split('/').some((segment) => segment !== '' && isPlaceholderValue(segment)) ? undefined : v;
}
