/**
 * The permission names ARM accepts in an access-policy entry (`KeyPermissions`,
 * `SecretPermissions`, `CertificatePermissions`, `StoragePermissions` of Microsoft.KeyVault),
 * compared case-insensitively as the service does. Kept separate from the bot's own list in
 * src/core so a mistake in one is caught by the other.
 */

/** Category → permission names, as ARM spells them. */
export const ACCESS_POLICY_PERMISSIONS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  keys: [
    'all',
    'encrypt',
    'decrypt',
    'wrapKey',
    'unwrapKey',
    'sign',
    'verify',
    'get',
    'list',
    'create',
    'update',
    'import',
    'delete',
    'backup',
    'restore',
    'recover',
    'purge',
    'release',
    'rotate',
    'getrotationpolicy',
    'setrotationpolicy',
  ],
  secrets: ['all', 'get', 'list', 'set', 'delete', 'backup', 'restore', 'recover', 'purge'],
  certificates: [
    'all',
    'get',
    'list',
    'delete',
    'create',
    'import',
    'update',
    'managecontacts',
    'getissuers',
    'listissuers',
    'setissuers',
    'deleteissuers',
    'manageissuers',
    'recover',
    'purge',
    'backup',
    'restore',
  ],
  storage: [
    'all',
    'get',
    'list',
    'delete',
    'set',
    'update',
    'regeneratekey',
    'recover',
    'purge',
    'backup',
    'restore',
    'setsas',
    'listsas',
    'getsas',
    'deletesas',
  ],
});

/** True when `permission` is one of the category's names, ignoring case. */
export function isAccessPolicyPermission(category: string, permission: string): boolean {
  return (ACCESS_POLICY_PERMISSIONS[category] ?? []).some((p) => p.toLowerCase() === permission.toLowerCase());
}
