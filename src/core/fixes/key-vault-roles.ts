/**
 * The built-in Key Vault data roles (azure-facts.md §3.5) and the least-privilege choice for a
 * set of operations. Only data roles are candidates: Key Vault Contributor and Key Vault Data
 * Access Administrator grant no data access.
 */
import type { RoleDefinition } from '../probes/azure-model.js';
import { roleGrantsDataAction } from '../probes/action-match.js';
import { dataActionFor, formatOperation, type Operation } from '../probes/operation.js';

const KV = 'Microsoft.KeyVault/vaults';

function builtIn(roleName: string, guid: string, dataActions: string[]): RoleDefinition {
  return {
    id: `/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    name: guid,
    roleName,
    roleType: 'BuiltInRole',
    permissions: [{ actions: [], notActions: [], dataActions, notDataActions: [] }],
    assignableScopes: ['/'],
  };
}

/**
 * Candidate roles, least privileged first. The order is the policy: metadata-only (Reader), then
 * the read-a-value "User" roles, then the narrow crypto service roles before the broad Crypto
 * User, then the write-everything "Officer" roles, then Administrator.
 */
export const KEY_VAULT_DATA_ROLES: readonly RoleDefinition[] = Object.freeze([
  builtIn('Key Vault Reader', '21090545-7ca7-4776-b22c-e363652d74d2', [
    `${KV}/*/read`,
    `${KV}/secrets/readMetadata/action`,
  ]),
  builtIn('Key Vault Secrets User', '4633458b-17de-408a-b874-0445c86b69e6', [
    `${KV}/secrets/getSecret/action`,
    `${KV}/secrets/readMetadata/action`,
  ]),
  builtIn('Key Vault Certificate User', 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba', [
    `${KV}/certificates/read`,
    `${KV}/secrets/getSecret/action`,
    `${KV}/secrets/readMetadata/action`,
    `${KV}/keys/read`,
  ]),
  builtIn('Key Vault Crypto Service Encryption User', 'e147488a-f6f5-4113-8e2d-b22465e65bf6', [
    `${KV}/keys/read`,
    `${KV}/keys/wrap/action`,
    `${KV}/keys/unwrap/action`,
  ]),
  builtIn('Key Vault Crypto Service Release User', '08bbd89e-9f13-488c-ac41-acfcb10c90ab', [
    `${KV}/keys/release/action`,
  ]),
  builtIn(
    'Key Vault Crypto User',
    '12338af0-0e69-4776-bea7-57ae8d297424',
    [
      'read',
      'update/action',
      'backup/action',
      'encrypt/action',
      'decrypt/action',
      'wrap/action',
      'unwrap/action',
      'sign/action',
      'verify/action',
    ].map((a) => `${KV}/keys/${a}`),
  ),
  builtIn('Key Vault Secrets Officer', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', [`${KV}/secrets/*`]),
  builtIn('Key Vault Certificates Officer', 'a4417e6f-fecd-4de8-b567-7b0420556985', [
    `${KV}/certificatecas/*`,
    `${KV}/certificates/*`,
    `${KV}/certificatecontacts/write`,
  ]),
  builtIn('Key Vault Crypto Officer', '14b46e9e-c2b7-41b4-b07b-48a6ebf60603', [
    `${KV}/keys/*`,
    `${KV}/keyrotationpolicies/*`,
  ]),
  builtIn('Key Vault Administrator', '00482a5a-887f-4fb3-b363-3b7fe8e74483', [`${KV}/*`]),
]);

/**
 * The data actions a role must grant for an operation. Mostly the probe's mapping; for
 * `certificates/get` the certificate's private key is served through its backing secret, so a
 * person who asks to "get a certificate" on an RBAC vault needs `getSecret` too (Key Vault
 * Certificate User), not only the metadata Key Vault Reader shows.
 */
export function requiredDataActions(op: Operation): string[] {
  const actions = [dataActionFor(op)];
  if (op.category === 'certificates' && op.permission === 'get') actions.push(`${KV}/secrets/getSecret/action`);
  return actions;
}

/** True when a role definition grants every data action the operation needs. */
export function roleCovers(def: RoleDefinition, op: Operation): boolean {
  return requiredDataActions(op).every((a) => roleGrantsDataAction(def, a).granted);
}

/** One role of a least-privilege choice and the operations it is chosen for. */
export interface RoleChoice {
  role: RoleDefinition;
  operations: string[];
}

/**
 * The least-privilege built-in roles covering `ops`: the least role per operation, minus any
 * role whose operations the other chosen roles already cover; then, if one role no more
 * privileged than the broadest of those covers everything, that role alone. (So
 * `secrets/get` + `keys/sign` gives Secrets User + Crypto User, not Administrator.) Empty only
 * when `ops` is empty.
 */
export function chooseLeastPrivilegeRoles(ops: readonly Operation[]): RoleChoice[] {
  if (ops.length === 0) return [];
  // Administrator covers every data action, so every operation finds a role.
  let chosen = ops.map((op) => KEY_VAULT_DATA_ROLES.find((r) => roleCovers(r, op))!);
  chosen = chosen.filter((r, i) => chosen.indexOf(r) === i);
  for (const role of [...chosen]) {
    const others = chosen.filter((r) => r !== role);
    const mine = ops.filter((op) => roleCovers(role, op));
    if (others.length > 0 && mine.every((op) => others.some((r) => roleCovers(r, op)))) chosen = others;
  }
  const ceiling = Math.max(...chosen.map((r) => KEY_VAULT_DATA_ROLES.indexOf(r)));
  const single = KEY_VAULT_DATA_ROLES.slice(0, ceiling + 1).find((r) => ops.every((op) => roleCovers(r, op)));
  if (single) chosen = [single];
  return chosen.map((role) => ({
    role,
    operations: ops.filter((op) => roleCovers(role, op)).map(formatOperation),
  }));
}

/** The built-in role with this GUID, if it is one of the Key Vault data roles. */
export function keyVaultRoleByGuid(guid: string): RoleDefinition | undefined {
  return KEY_VAULT_DATA_ROLES.find((r) => r.name === guid.toLowerCase());
}
