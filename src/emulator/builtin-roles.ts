/**
 * Built-in role definitions the emulator always serves: every Key Vault role (azure-facts §3.5,
 * real GUIDs) plus Owner, Contributor, Reader and User Access Administrator.
 */
import type { ArmRoleDefinition, ArmRolePermission } from './fixture-types.js';

const KV_READ_SET = [
  'Microsoft.Authorization/*/read',
  'Microsoft.Insights/alertRules/*',
  'Microsoft.Resources/deployments/*',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  'Microsoft.Support/*',
  'Microsoft.KeyVault/checkNameAvailability/read',
  'Microsoft.KeyVault/deletedVaults/read',
  'Microsoft.KeyVault/locations/*/read',
  'Microsoft.KeyVault/vaults/*/read',
  'Microsoft.KeyVault/operations/read',
];

function role(
  guid: string,
  roleName: string,
  description: string,
  perm: Partial<ArmRolePermission>,
): ArmRoleDefinition {
  return {
    id: `/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    name: guid,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName,
      type: 'BuiltInRole',
      description,
      assignableScopes: ['/'],
      permissions: [
        {
          actions: perm.actions ?? [],
          notActions: perm.notActions ?? [],
          dataActions: perm.dataActions ?? [],
          notDataActions: perm.notDataActions ?? [],
        },
      ],
    },
  };
}

/** The built-in roles, frozen; ids are tenant-level (`/providers/Microsoft.Authorization/roleDefinitions/{guid}`). */
export const BUILTIN_ROLES: readonly ArmRoleDefinition[] = Object.freeze(
  [
    role(
      '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
      'Owner',
      'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
      { actions: ['*'] },
    ),
    role(
      'b24988ac-6180-42a0-ab88-20f7382dd24c',
      'Contributor',
      'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
      {
        actions: ['*'],
        notActions: [
          'Microsoft.Authorization/*/Delete',
          'Microsoft.Authorization/*/Write',
          'Microsoft.Authorization/elevateAccess/Action',
          'Microsoft.Blueprint/blueprintAssignments/write',
          'Microsoft.Blueprint/blueprintAssignments/delete',
          'Microsoft.Compute/galleries/share/action',
          'Microsoft.Purview/consents/write',
          'Microsoft.Purview/consents/delete',
          'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
          'Microsoft.Subscription/cancel/action',
          'Microsoft.Subscription/enable/action',
        ],
      },
    ),
    role(
      'acdd72a7-3385-48ef-bd42-f606fba81ae7',
      'Reader',
      'View all resources, but does not allow you to make any changes.',
      { actions: ['*/read'] },
    ),
    role(
      '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
      'User Access Administrator',
      'Lets you manage user access to Azure resources.',
      { actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'] },
    ),
    role(
      '00482a5a-887f-4fb3-b363-3b7fe8e74483',
      'Key Vault Administrator',
      "Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets. Cannot manage key vault resources or manage role assignments. Only works for key vaults that use the 'Azure role-based access control' permission model.",
      { actions: KV_READ_SET, dataActions: ['Microsoft.KeyVault/vaults/*'] },
    ),
    role(
      '21090545-7ca7-4776-b22c-e363652d74d2',
      'Key Vault Reader',
      "Read metadata of key vaults and its certificates, keys, and secrets. Cannot read sensitive values such as secret contents or key material. Only works for key vaults that use the 'Azure role-based access control' permission model.",
      {
        actions: KV_READ_SET,
        dataActions: ['Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
      },
    ),
    role(
      'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
      'Key Vault Secrets Officer',
      "Perform any action on the secrets of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
      { actions: KV_READ_SET, dataActions: ['Microsoft.KeyVault/vaults/secrets/*'] },
    ),
    role(
      '4633458b-17de-408a-b874-0445c86b69e6',
      'Key Vault Secrets User',
      "Read secret contents. Only works for key vaults that use the 'Azure role-based access control' permission model.",
      {
        dataActions: [
          'Microsoft.KeyVault/vaults/secrets/getSecret/action',
          'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
        ],
      },
    ),
    role(
      'a4417e6f-fecd-4de8-b567-7b0420556985',
      'Key Vault Certificates Officer',
      "Perform any action on the certificates of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
      {
        actions: KV_READ_SET,
        dataActions: [
          'Microsoft.KeyVault/vaults/certificatecas/*',
          'Microsoft.KeyVault/vaults/certificates/*',
          'Microsoft.KeyVault/vaults/certificatecontacts/write',
        ],
      },
    ),
    role(
      'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba',
      'Key Vault Certificate User',
      "Read entire certificate contents including secret and key portion. Only works for key vaults that use the 'Azure role-based access control' permission model.",
      {
        dataActions: [
          'Microsoft.KeyVault/vaults/certificates/read',
          'Microsoft.KeyVault/vaults/secrets/getSecret/action',
          'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
          'Microsoft.KeyVault/vaults/keys/read',
        ],
      },
    ),
    role(
      '14b46e9e-c2b7-41b4-b07b-48a6ebf60603',
      'Key Vault Crypto Officer',
      "Perform any action on the keys of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
      {
        actions: KV_READ_SET,
        dataActions: ['Microsoft.KeyVault/vaults/keys/*', 'Microsoft.KeyVault/vaults/keyrotationpolicies/*'],
      },
    ),
    role(
      '12338af0-0e69-4776-bea7-57ae8d297424',
      'Key Vault Crypto User',
      "Perform cryptographic operations using keys. Only works for key vaults that use the 'Azure role-based access control' permission model.",
      {
        // Spelled out as Azure publishes the role definition (the bot's own table builds them).
        dataActions: [
          'Microsoft.KeyVault/vaults/keys/read',
          'Microsoft.KeyVault/vaults/keys/update/action',
          'Microsoft.KeyVault/vaults/keys/backup/action',
          'Microsoft.KeyVault/vaults/keys/encrypt/action',
          'Microsoft.KeyVault/vaults/keys/decrypt/action',
          'Microsoft.KeyVault/vaults/keys/wrap/action',
          'Microsoft.KeyVault/vaults/keys/unwrap/action',
          'Microsoft.KeyVault/vaults/keys/sign/action',
          'Microsoft.KeyVault/vaults/keys/verify/action',
        ],
      },
    ),
    role(
      'e147488a-f6f5-4113-8e2d-b22465e65bf6',
      'Key Vault Crypto Service Encryption User',
      "Read metadata of keys and perform wrap/unwrap operations. Only works for key vaults that use the 'Azure role-based access control' permission model.",
      {
        actions: [
          'Microsoft.EventGrid/eventSubscriptions/write',
          'Microsoft.EventGrid/eventSubscriptions/read',
          'Microsoft.EventGrid/eventSubscriptions/delete',
        ],
        dataActions: [
          'Microsoft.KeyVault/vaults/keys/read',
          'Microsoft.KeyVault/vaults/keys/wrap/action',
          'Microsoft.KeyVault/vaults/keys/unwrap/action',
        ],
      },
    ),
    role(
      '08bbd89e-9f13-488c-ac41-acfcb10c90ab',
      'Key Vault Crypto Service Release User',
      "Release keys. Only works for key vaults that use the 'Azure role-based access control' permission model.",
      { dataActions: ['Microsoft.KeyVault/vaults/keys/release/action'] },
    ),
    role(
      'f25e0fa2-a7c8-4377-a976-54943a77a395',
      'Key Vault Contributor',
      'Lets you manage key vaults, but not access to them.',
      {
        actions: [
          'Microsoft.Authorization/*/read',
          'Microsoft.Insights/alertRules/*',
          'Microsoft.KeyVault/*',
          'Microsoft.Resources/deployments/*',
          'Microsoft.Resources/subscriptions/resourceGroups/read',
          'Microsoft.Support/*',
        ],
        notActions: [
          'Microsoft.KeyVault/locations/deletedVaults/purge/action',
          'Microsoft.KeyVault/hsmPools/*',
          'Microsoft.KeyVault/managedHsms/*',
        ],
      },
    ),
    role(
      '8b54135c-b56d-4d72-a534-26097cfdc8d8',
      'Key Vault Data Access Administrator',
      'Manage access to Azure Key Vault by adding or removing role assignments for the Key Vault Administrator, Key Vault Certificates Officer, Key Vault Crypto Officer, Key Vault Crypto Service Encryption User, Key Vault Crypto User, Key Vault Reader, Key Vault Secrets Officer, or Key Vault Secrets User roles. Includes an ABAC condition to constrain role assignments.',
      {
        actions: [
          'Microsoft.Authorization/roleAssignments/write',
          'Microsoft.Authorization/roleAssignments/delete',
          'Microsoft.Authorization/*/read',
          'Microsoft.Resources/deployments/*',
          'Microsoft.Resources/subscriptions/resourceGroups/read',
          'Microsoft.Resources/subscriptions/read',
          'Microsoft.Management/managementGroups/read',
          'Microsoft.Support/*',
          'Microsoft.KeyVault/vaults/*/read',
        ],
      },
    ),
  ].map((r) => Object.freeze(r)),
);
