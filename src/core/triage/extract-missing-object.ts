/**
 * Extracts what a "not found" error is about: the object type (secret, key, certificate, vault), its
 * name when stated, and whether it only exists soft-deleted ("deleted but recoverable state"). An
 * object being deleted or recovered right now is named the same way; it is not marked soft-deleted.
 */
import { cleanValue } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

const TYPE = '(secret|key|certificate|vault)';
const NAMED_SOURCES: readonly RegExp[] = [
  new RegExp(String.raw`\bA ${TYPE} with \(name\/id\) (\S{1,127}) was not found`, 'i'),
  new RegExp(String.raw`\b${TYPE} (\S{1,127}) is currently in a deleted but recoverable state`, 'i'),
  // A soft-delete operation still running: "Secret db-pw is currently being recovered and cannot be re-created".
  // Found by its literal, type and name read behind it (a leading alternation would be tried everywhere).
  new RegExp(
    String.raw` is currently being (?:deleted|recovered)\b(?<=\b${TYPE} (\S{1,127}) is currently being (?:deleted|recovered))`,
    'i',
  ),
  new RegExp(String.raw`\bThe ${TYPE} '?([^'\s]{1,127})'? (?:was )?not found`, 'i'),
  /\bThe Resource 'Microsoft\.KeyVault\/(vault)s\/([A-Za-z0-9-]{3,24})' under resource group/i,
  // "Cannot find key vault 'kv' from secret id", ARM's "The specified KeyVault '/subscriptions/.../vaults/kv' could not be found".
  /\b(?:Cannot|Can't|Could not|Couldn't|Unable to) find (?:the |a )?(?:Azure )?(?:key ?)?(vault) '([A-Za-z0-9-]{1,127})'/i,
  /\bkey ?(vault) '(?:[^'\n]{0,300}\/vaults\/)?([A-Za-z0-9-]{1,127})' (?:could not be found|was not found|does not exist)/i,
];
const TYPE_ONLY = new RegExp(
  String.raw`\b${TYPE}(?:NotFound|s? (?:was|were|is) not found|s? not found|\w* (?:already exists )?in (?:a )?deleted (?:but recoverable )?state| is currently being (?:deleted|recovered)\b)`,
  'i',
);
const SOFT_DELETED = /deleted but recoverable state|in deleted state|\bObjectIsDeletedButRecoverable\b/i;
// "A vault with the same name already exists in deleted state": a vault, though the name is not given.
const DELETED_VAULT = /\bA vault with the same name already exists in deleted state/i;

/**
 * A tool that looks the vault up first and fails: "Could not find the Azure Key Vault kv in subscription
 * ...", Az PowerShell's "Cannot find vault 'kv' in resource group" (a bare "vault" only with a quoted name:
 * "I cannot find vault settings" is a person's question). Also a not-found signal (triage-signals.ts).
 */
export const VAULT_LOOKUP_FAILED =
  /\b(?:Cannot|Can't|Could not|Couldn't|Unable to) find (?:the |a )?(?:Azure )?(?:key ?vault\b|vault '[^'\n]{1,127}')/i;

/** Facts about a missing or soft-deleted object found in normalised error text. */
export function extractMissingObject(text: string): Pick<TriageFields, 'objectType' | 'objectName' | 'softDeleted'> {
  const out: Pick<TriageFields, 'objectType' | 'objectName' | 'softDeleted'> = {};
  for (const pattern of NAMED_SOURCES) {
    const m = pattern.exec(text);
    if (!m?.[1]) continue;
    out.objectType = m[1].toLowerCase();
    const name = cleanValue(m[2]?.replace(/^["']|["']$/g, ''));
    if (name) out.objectName = name;
    break;
  }
  if (!out.objectType && (DELETED_VAULT.test(text) || VAULT_LOOKUP_FAILED.test(text))) out.objectType = 'vault';
  if (!out.objectType) {
    const type = TYPE_ONLY.exec(text)?.[1];
    if (type) out.objectType = type.toLowerCase();
  }
  if (SOFT_DELETED.test(text)) out.softDeleted = true;
  return out;
}
