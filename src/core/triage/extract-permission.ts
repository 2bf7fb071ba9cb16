/** Extracts the missing access-policy permission from "does not have <category> <permission> permission". */
import type { TriageFields } from './triage-types.js';

/** The pattern that also defines the `access-policy-permission` signal. */
export const MISSING_PERMISSION = /does not have (keys|secrets|certificates|storage) (\w+) permission/i;

/** A permission in the `Known*Permissions` spelling: lower case except `wrapKey`/`unwrapKey`. */
export function canonicalPermission(permission: string): string {
  const lower = permission.toLowerCase();
  return lower === 'wrapkey' ? 'wrapKey' : lower === 'unwrapkey' ? 'unwrapKey' : lower;
}

/** Category and permission of an access-policy denial, if stated. */
export function extractPermission(text: string): Pick<TriageFields, 'category' | 'permission'> {
  const m = MISSING_PERMISSION.exec(text);
  return m?.[1] && m[2] ? { category: m[1].toLowerCase(), permission: canonicalPermission(m[2]) } : {};
}
