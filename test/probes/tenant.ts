/** A realistic small tenant for the probe tests (ids follow the Agents Playground users). */
import type { FakeTenant } from '../helpers/fake-directory.js';
import { RG, SUB, TENANT, assignment, role, vault, vaultId } from '../helpers/fake-directory.js';
import { ADELE, ALEX, ISAIAH, LYNNE, MEGAN, PATTI } from '../helpers/demo-tenant.js';

export { ADELE, ALEX, ISAIAH, LYNNE, MEGAN, PATTI };
export const G_DEVS = 'aaaaaaaa-0000-0000-0000-00000000000d';
export const G_PLATFORM = 'aaaaaaaa-0000-0000-0000-00000000000f';
export const G_READERS = 'aaaaaaaa-0000-0000-0000-00000000000e';
export const SP_API = 'bbbbbbbb-0000-0000-0000-000000000001';
export const APP_OBJ = 'cccccccc-0000-0000-0000-000000000001';
export const APP_ID = 'dddddddd-0000-0000-0000-000000000001';
export const MI = 'bbbbbbbb-0000-0000-0000-000000000002';
export const DELETED = 'eeeeeeee-0000-0000-0000-000000000009';

export const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
export const SECRETS_OFFICER = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7';
export const KV_CONTRIBUTOR = 'f25e0fa2-a7c8-4377-a976-54943a77a395';
export const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
export const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
export const CUSTOM_ALL_BUT_VALUES = '99999999-0000-0000-0000-000000000001';

export function tenant(): FakeTenant {
  const rbacId = vaultId('kv-rbac');
  return {
    vaults: [
      vault('kv-payments', {
        skuName: 'premium',
        accessPolicies: [
          { tenantId: TENANT, objectId: G_PLATFORM, permissions: { secrets: ['Get', 'List'] } },
          { tenantId: TENANT, objectId: MEGAN, permissions: { keys: ['get'] } },
          { tenantId: TENANT, objectId: ADELE, applicationId: APP_ID, permissions: { secrets: ['list'] } },
          { tenantId: TENANT, objectId: DELETED, permissions: { secrets: ['all'] } },
          { tenantId: TENANT, objectId: APP_OBJ, permissions: { secrets: ['get'] } },
        ],
      }),
      vault('kv-rbac', { enableRbacAuthorization: true }),
      vault('kv-firewall', {
        accessPolicies: [{ tenantId: TENANT, objectId: ALEX, permissions: { secrets: ['all'] } }],
        networkAcls: {
          defaultAction: 'Deny',
          bypass: 'AzureServices',
          ipRules: ['203.0.113.0/24', '198.51.100.7'],
          virtualNetworkRules: [],
        },
      }),
      vault('kv-private', {
        publicNetworkAccess: 'Disabled',
        accessPolicies: [{ tenantId: TENANT, objectId: ALEX, permissions: { secrets: ['list'] } }],
      }),
      vault('kv-private-pe', {
        publicNetworkAccess: 'Disabled',
        privateEndpointCount: 1,
        accessPolicies: [{ tenantId: TENANT, objectId: ALEX, permissions: { secrets: ['list'] } }],
      }),
    ],
    objects: [
      { id: ALEX, type: 'user', displayName: 'Alex Wilber', userPrincipalName: 'alexw@contoso.example' },
      { id: MEGAN, type: 'user', displayName: 'Megan Bowen' },
      { id: ADELE, type: 'user', displayName: 'Adele Vance' },
      { id: ISAIAH, type: 'user', displayName: 'Isaiah Langer' },
      { id: PATTI, type: 'user', displayName: 'Patti Fernandez' },
      { id: LYNNE, type: 'user', displayName: 'Lynne Robbins' },
      { id: G_DEVS, type: 'group', displayName: 'Payments Devs', securityEnabled: true },
      { id: G_PLATFORM, type: 'group', displayName: 'Platform Engineering', securityEnabled: true },
      { id: G_READERS, type: 'group', displayName: 'KV Readers', securityEnabled: true },
      {
        id: SP_API,
        type: 'servicePrincipal',
        displayName: 'payments-api',
        appId: APP_ID,
        servicePrincipalType: 'Application',
      },
      { id: APP_OBJ, type: 'application', displayName: 'payments-api', appId: APP_ID },
      {
        id: MI,
        type: 'servicePrincipal',
        displayName: 'id-batch',
        appId: 'ffff0000-0000-0000-0000-000000000001',
        servicePrincipalType: 'ManagedIdentity',
      },
    ],
    memberOf: { [ALEX]: [G_DEVS], [G_DEVS]: [G_PLATFORM], [ADELE]: [G_READERS], [MI]: [G_PLATFORM] },
    definitions: [
      role(SECRETS_USER, 'Key Vault Secrets User', {
        dataActions: [
          'Microsoft.KeyVault/vaults/secrets/getSecret/action',
          'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
        ],
      }),
      role(SECRETS_OFFICER, 'Key Vault Secrets Officer', {
        actions: ['Microsoft.Authorization/*/read'],
        dataActions: ['microsoft.keyvault/VAULTS/secrets/*'],
      }),
      role(KV_CONTRIBUTOR, 'Key Vault Contributor', {
        actions: ['Microsoft.Authorization/*/read', 'Microsoft.KeyVault/*', 'Microsoft.Resources/deployments/*'],
        notActions: ['Microsoft.KeyVault/locations/deletedVaults/purge/action'],
      }),
      role(OWNER, 'Owner', { actions: ['*'] }),
      role(CONTRIBUTOR, 'Contributor', {
        actions: ['*'],
        notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write'],
      }),
      {
        ...role(CUSTOM_ALL_BUT_VALUES, 'Vault Browser (custom)', {
          dataActions: ['Microsoft.KeyVault/vaults/*'],
          notDataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action'],
        }),
        roleType: 'CustomRole',
      },
    ],
    assignments: [
      assignment(`/subscriptions/${SUB}/resourceGroups/${RG}`, SECRETS_USER, G_PLATFORM, { principalType: 'Group' }),
      assignment(rbacId, KV_CONTRIBUTOR, MEGAN, { principalType: 'User' }),
      assignment(`/subscriptions/${SUB}`, CUSTOM_ALL_BUT_VALUES, PATTI, { principalType: 'User' }),
      assignment(`${rbacId}/secrets/db-password`, SECRETS_USER, ISAIAH, { principalType: 'User' }),
      assignment(rbacId, SECRETS_OFFICER, LYNNE, {
        principalType: 'User',
        condition: "@Resource[Microsoft.KeyVault/vaults/secrets:name] StringStartsWith 'app-'",
      }),
      assignment(rbacId, SECRETS_OFFICER, SP_API, { principalType: 'ServicePrincipal' }),
      assignment(`/subscriptions/${SUB}`, OWNER, ADELE, { principalType: 'User' }),
      assignment(`/subscriptions/${SUB}/resourceGroups/${RG}`, CONTRIBUTOR, G_DEVS, { principalType: 'Group' }),
      // Elsewhere: another resource group's vault; must never count.
      assignment(`/subscriptions/${SUB}/resourceGroups/rg-other`, SECRETS_OFFICER, MEGAN, { principalType: 'User' }),
    ],
    diagnostics: {},
    metrics: [],
  };
}
