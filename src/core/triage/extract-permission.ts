/**
 * Extracts the missing access-policy permission from the data plane's "does not have <category>
 * <permission> permission" or the portal's `The operation "List" is not enabled in this key
 * vault's access policy` (the portal names no category: the blade the user was on says it).
 */
import type { TriageFields } from './triage-types.js';

/**
 * The permission part of the data-plane wording: one name, or several joined by `/`, `,`, `&`, `and`
 * or `or` ("keys encrypt/decrypt", "secrets get, list"), as services that need more than one print it.
 * Bounded repetitions keep the pattern linear on any input.
 */
const PERMISSION_NAMES = String.raw`\w{1,20}(?:\s{0,3}(?:\/|,|&|\band\b|\bor\b)\s{0,3}\w{1,20}){0,8}`;

/** A permission list with more than one name: only its category can be reported. */
const SEVERAL_PERMISSIONS = /[/,&]|\s(?:and|or)\s/i;

/** The data-plane wording; also defines the `access-policy-permission` signal. */
export const MISSING_PERMISSION = new RegExp(
  // Blanks may be line breaks: a log wraps long messages.
  String.raw`does\s{1,3}not\s{1,3}have\s{1,3}(keys|secrets|certificates|storage)\s{1,3}(${PERMISSION_NAMES})\s{1,3}permission`,
  'i',
);

/** The portal's wording for the same denial; also an `access-policy-permission` signal. */
export const PORTAL_OPERATION_NOT_ENABLED =
  /operation "?\s?(\w+)\s?"? is not enabled in this key vault'?s access polic/i;

/** Older wordings of the same denial: Azure Pipelines' Key Vault task and the portal's secret blade. */
export const VAULT_POLICY_NOT_ALLOWED = /Operation "?(\w+)"? is not allowed by vault policy/i;
// Both start with a literal \bdo so the engine can skip ahead instead of trying an alternation everywhere.
export const SECRET_PERMISSION_MISSING =
  /\bdo(?:es)?(?: not|n't) have (?:the )?"?(\w+)"? (secret|key|certificate) permission/i;

/** A service's own wording: "does not have read permissions for secrets within Key Vault ...". */
export const PERMISSION_FOR_CATEGORY =
  /\bdo(?:es)?(?: not|n't) have (?:the )?"?(get|list|set|delete|read|write|backup|restore|recover|purge|import|update|create|decrypt|encrypt|sign|verify|wrapKey|unwrapKey)"? permissions? (?:for|on|to) (secrets|keys|certificates)\b/i;

/**
 * Key Vault's older operation-level wording: `Operation is not allowed.\r\nOperation: "get"` (inner
 * ForbiddenByPolicy). Only a signal: the operation itself is read by extractDeniedOperation, which
 * also knows which key operations imply the `keys` category.
 */
export const POLICY_OPERATION_NOT_ALLOWED = /\bOperation is not allowed\.?\s+Operation:\s*"?(\w+)/i;

/** A permission in the `Known*Permissions` spelling: lower case except `wrapKey`/`unwrapKey`. */
export function canonicalPermission(permission: string): string {
  const lower = permission.toLowerCase();
  return lower === 'wrapkey' ? 'wrapKey' : lower === 'unwrapkey' ? 'unwrapKey' : lower;
}

/** Category and permission of an access-policy denial, if stated. */
export function extractPermission(text: string): Pick<TriageFields, 'category' | 'permission'> {
  const m = MISSING_PERMISSION.exec(text);
  if (m?.[1] && m[2]) {
    const category = m[1].toLowerCase();
    // Several permissions name no single one the contract's field could hold; the category still helps.
    return SEVERAL_PERMISSIONS.test(m[2]) ? { category } : { category, permission: canonicalPermission(m[2]) };
  }
  const named = SECRET_PERMISSION_MISSING.exec(text);
  if (named?.[1] && named[2])
    return { category: `${named[2].toLowerCase()}s`, permission: canonicalPermission(named[1]) };
  const forCategory = PERMISSION_FOR_CATEGORY.exec(text);
  // "read" is how people and other services say the access-policy permission "get".
  if (forCategory?.[1] && forCategory[2])
    return {
      category: forCategory[2].toLowerCase(),
      permission: forCategory[1].toLowerCase() === 'read' ? 'get' : canonicalPermission(forCategory[1]),
    };
  const portal = PORTAL_OPERATION_NOT_ENABLED.exec(text)?.[1] ?? VAULT_POLICY_NOT_ALLOWED.exec(text)?.[1];
  return portal ? { permission: canonicalPermission(portal) } : {};
}
