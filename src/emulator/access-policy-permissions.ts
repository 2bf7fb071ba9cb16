import {
  KnownCertificatePermissions,
  KnownKeyPermissions,
  KnownSecretPermissions,
  KnownStoragePermissions,
} from '@azure/arm-keyvault';

/**
 * The permission names ARM accepts in an access-policy entry (`KeyPermissions`,
 * `SecretPermissions`, `CertificatePermissions`, `StoragePermissions` of Microsoft.KeyVault),
 * compared case-insensitively as the service does. Taken from the published SDK's `Known*Permissions`
 * enums rather than from the bot's own list in src/core, so a mistake in one is caught by the other
 * (test/emulator/access-policy-permissions.test.ts compares them).
 */

/** Category → permission names, as ARM spells them. */
export const ACCESS_POLICY_PERMISSIONS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  keys: Object.values(KnownKeyPermissions),
  secrets: Object.values(KnownSecretPermissions),
  certificates: Object.values(KnownCertificatePermissions),
  storage: Object.values(KnownStoragePermissions),
});

/** True when `permission` is one of the category's names, ignoring case. */
export function isAccessPolicyPermission(category: string, permission: string): boolean {
  return (ACCESS_POLICY_PERMISSIONS[category] ?? []).some((p) => p.toLowerCase() === permission.toLowerCase());
}
