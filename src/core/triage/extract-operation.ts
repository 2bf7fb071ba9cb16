/**
 * Extracts the operation named by an operation-level denial: `Operation: "decrypt"`,
 * `Operation decrypt is not permitted on this key`, `Operation get is not allowed on a disabled secret`,
 * `Operation 'get' is not allowed`.
 */

/**
 * Key Vault's oldest denial body (`"code": "Forbidden", "message": "Operation 'get' is not allowed"`):
 * an access-policy permission named in quotes. Only access-policy permission names, and no reason
 * after it, so a purge refusal ("Operation 'DeletedSecretPurge' is not allowed", "Operation "purge"
 * is not allowed because purge protection is enabled") is not read as one; the disabled-object and
 * "by vault policy" wordings have their own patterns.
 */
export const OPERATION_NAMED_NOT_ALLOWED =
  /\bOperation ["'](get|list|set|delete|backup|restore|recover|purge|import|update|create|decrypt|encrypt|sign|verify|wrapKey|unwrapKey)["'] is not allowed\b(?! on a disabled| by vault policy| because)/i;

/** The denied operation and, when the text says so, the object type it applied to. */
export interface DeniedOperation {
  name: string;
  objectType?: 'secret' | 'key' | 'certificate';
}

/** The operation an operation-level denial names, if any. */
export function extractDeniedOperation(text: string): DeniedOperation | undefined {
  const disabled = /Operation ["']?(\w+)["']? is not allowed on a disabled (secret|key|certificate)/i.exec(text);
  if (disabled?.[1] && disabled[2])
    return { name: disabled[1], objectType: disabled[2].toLowerCase() as DeniedOperation['objectType'] };
  const onKey = /Operation ["']?(\w+)["']? is not permitted on this (key|secret|certificate)/i.exec(text);
  if (onKey?.[1] && onKey[2])
    return { name: onKey[1], objectType: onKey[2].toLowerCase() as DeniedOperation['objectType'] };
  const line = /\bOperation:\s*"?(\w+)"?/i.exec(text) ?? OPERATION_NAMED_NOT_ALLOWED.exec(text);
  return line?.[1] ? { name: line[1] } : undefined;
}
