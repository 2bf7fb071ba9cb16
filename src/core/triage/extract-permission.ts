/**
 * Extracts the missing access-policy permission from the data plane's "does not have <category>
 * <permission> permission" or the portal's `The operation "List" is not enabled in this key
 * vault's access policy` (the portal names no category: the blade the user was on says it).
 */
import type { TriageFields } from './triage-types.js';

/** The data-plane wording; also defines the `access-policy-permission` signal. */
export const MISSING_PERMISSION = /does not have (keys|secrets|certificates|storage) (\w+) permission/i;

/** The portal's wording for the same denial; also an `access-policy-permission` signal. */
export const PORTAL_OPERATION_NOT_ENABLED = /operation "?\s?(\w+)\s?"? is not enabled in this key vault'?s access polic/i;

/** Older wordings of the same denial: Azure Pipelines' Key Vault task and the portal's secret blade. */
export const VAULT_POLICY_NOT_ALLOWED = /Operation "?(\w+)"? is not allowed by vault policy/i;
export const SECRET_PERMISSION_MISSING = /(?:do not|does not|don't) have (?:the )?"?(\w+)"? (secret|key|certificate) permission/i;

/** A permission in the `Known*Permissions` spelling: lower case except `wrapKey`/`unwrapKey`. */
export function canonicalPermission(permission: string): string {
  const lower = permission.toLowerCase();
  return lower === 'wrapkey' ? 'wrapKey' : lower === 'unwrapkey' ? 'unwrapKey' : lower;
}

/** Category and permission of an access-policy denial, if stated. */
export function extractPermission(text: string): Pick<TriageFields, 'category' | 'permission'> {
  const m = MISSING_PERMISSION.exec(text);
  if (m?.[1] && m[2]) return { category: m[1].toLowerCase(), permission: canonicalPermission(m[2]) };
  const named = SECRET_PERMISSION_MISSING.exec(text);
  if (named?.[1] && named[2]) return { category: `${named[2].toLowerCase()}s`, permission: canonicalPermission(named[1]) };
  const portal = PORTAL_OPERATION_NOT_ENABLED.exec(text)?.[1] ?? VAULT_POLICY_NOT_ALLOWED.exec(text)?.[1];
  return portal ? { permission: canonicalPermission(portal) } : {};
}
