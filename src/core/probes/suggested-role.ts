/**
 * The least-privilege built-in Key Vault role for an operation on an RBAC vault
 * (azure-facts.md §3.5): the role the `assign-rbac-role` fix proposes.
 */
import { actionMatches } from './action-match.js';
import type { Operation } from './operation.js';
import { dataActionFor } from './operation.js';

/** A built-in role by name and GUID. */
export interface BuiltInRole {
  roleName: string;
  guid: string;
  dataActions: string[];
}

const KV = 'Microsoft.KeyVault/vaults';

/** Built-in data roles, narrowest first, so the first match is the least privilege. */
export const KEY_VAULT_DATA_ROLES: readonly BuiltInRole[] = Object.freeze([
  { roleName: 'Key Vault Crypto Service Release User', guid: '08bbd89e-9f13-488c-ac41-acfcb10c90ab', dataActions: [`${KV}/keys/release/action`] },
  { roleName: 'Key Vault Secrets User', guid: '4633458b-17de-408a-b874-0445c86b69e6', dataActions: [`${KV}/secrets/getSecret/action`, `${KV}/secrets/readMetadata/action`] },
  { roleName: 'Key Vault Crypto User', guid: '12338af0-0e69-4776-bea7-57ae8d297424', dataActions: ['read', 'update/action', 'backup/action', 'encrypt/action', 'decrypt/action', 'wrap/action', 'unwrap/action', 'sign/action', 'verify/action'].map((a) => `${KV}/keys/${a}`) },
  { roleName: 'Key Vault Certificate User', guid: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba', dataActions: [`${KV}/certificates/read`, `${KV}/secrets/getSecret/action`, `${KV}/secrets/readMetadata/action`, `${KV}/keys/read`] },
  { roleName: 'Key Vault Secrets Officer', guid: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', dataActions: [`${KV}/secrets/*`] },
  { roleName: 'Key Vault Crypto Officer', guid: '14b46e9e-c2b7-41b4-b07b-48a6ebf60603', dataActions: [`${KV}/keys/*`, `${KV}/keyrotationpolicies/*`] },
  { roleName: 'Key Vault Certificates Officer', guid: 'a4417e6f-fecd-4de8-b567-7b0420556985', dataActions: [`${KV}/certificatecas/*`, `${KV}/certificates/*`, `${KV}/certificatecontacts/write`] },
  { roleName: 'Key Vault Administrator', guid: '00482a5a-887f-4fb3-b363-3b7fe8e74483', dataActions: [`${KV}/*`] },
]);

/** The narrowest built-in role whose data actions include the operation's data action. */
export function suggestedRoleFor(op: Operation): BuiltInRole {
  const action = dataActionFor(op);
  return KEY_VAULT_DATA_ROLES.find((r) => r.dataActions.some((p) => actionMatches(p, action))) ?? KEY_VAULT_DATA_ROLES[KEY_VAULT_DATA_ROLES.length - 1]!;
}
