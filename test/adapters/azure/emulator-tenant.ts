/** A small tenant fixture for the adapter tests: two subscriptions, nested groups, both permission models. */
import type { TenantFixture } from '../../../src/emulator/index.js';

export const TENANT = '00000000-0000-0000-0000-000000000001';
export const SUB_A = '11111111-1111-4111-8111-111111111111';
export const SUB_B = '22222222-2222-4222-8222-222222222222';
export const ALEX = '00000000-0000-0000-0000-000000000020';
export const MEGAN = '00000000-0000-0000-0000-000000000021';
export const G_DEVS = 'a1000000-0000-4000-8000-000000000001';
export const G_PLATFORM = 'a1000000-0000-4000-8000-000000000002';
export const SP_API = 'c1000000-0000-4000-8000-000000000001';
export const APP_OBJ = 'c2000000-0000-4000-8000-000000000001';
export const APP_ID = 'c3000000-0000-4000-8000-000000000001';
export const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
export const CUSTOM_ROLE = '99990000-0000-4000-8000-000000000001';

const kv = (sub: string, rg: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`;
export const KV_POLICY = kv(SUB_A, 'rg-app', 'kv-app');
export const KV_RBAC = kv(SUB_B, 'rg-data', 'kv-data');
export const KV_DENIED = kv(SUB_A, 'rg-locked', 'kv-locked');

const vault = (id: string, name: string, properties: Record<string, unknown>) => ({
  id,
  name,
  type: 'Microsoft.KeyVault/vaults',
  location: 'westeurope',
  tags: { env: 'test' },
  properties: { tenantId: TENANT, sku: { family: 'A', name: 'standard' }, accessPolicies: [], ...properties },
});

/** A fresh copy each call: tests may change the emulator's state. */
export function emulatorTenant(): TenantFixture {
  return {
    tenantId: TENANT,
    subscriptions: [
      {
        subscriptionId: SUB_A,
        displayName: 'A',
        resourceGroups: [
          { name: 'rg-app', location: 'westeurope' },
          { name: 'rg-locked', location: 'westeurope' },
          { name: 'rg-filler', location: 'westeurope' },
        ],
        vaults: [
          vault(kv(SUB_A, 'rg-filler', 'kv-filler1'), 'kv-filler1', {}),
          vault(kv(SUB_A, 'rg-filler', 'kv-filler2'), 'kv-filler2', {}),
          vault(KV_POLICY, 'kv-app', {
            accessPolicies: [
              { tenantId: TENANT, objectId: G_PLATFORM, permissions: { secrets: ['get', 'list'] } },
              { tenantId: TENANT, objectId: APP_OBJ, permissions: { secrets: ['get'] } },
            ],
            networkAcls: {
              bypass: 'AzureServices',
              defaultAction: 'Deny',
              ipRules: [{ value: '203.0.113.0/24' }],
              virtualNetworkRules: [],
            },
          }),
          vault(KV_DENIED, 'kv-locked', {}),
        ],
        diagnosticSettings: [
          {
            id: `${KV_POLICY}/providers/microsoft.insights/diagnosticSettings/audit-to-law`,
            name: 'audit-to-law',
            type: 'Microsoft.Insights/diagnosticSettings',
            properties: {
              workspaceId:
                '/subscriptions/x/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law',
              logs: [{ categoryGroup: 'audit', enabled: true }],
              metrics: [{ category: 'AllMetrics', enabled: true }],
            },
          },
        ] as never,
        metrics: [
          {
            vault: 'kv-app',
            anchor: '2025-01-15T12:00:00Z',
            value: [
              {
                name: { value: 'ServiceApiResult' },
                unit: 'Count',
                timeseries: [
                  {
                    metadatavalues: [{ name: { value: 'StatusCode' }, value: '200' }],
                    data: [
                      { timeStamp: '2025-01-15T10:00:00Z', count: 500 },
                      { timeStamp: '2025-01-15T11:00:00Z', count: 700 },
                    ],
                  },
                  {
                    metadatavalues: [{ name: { value: 'StatusCode' }, value: '429' }],
                    data: [{ timeStamp: '2025-01-15T11:00:00Z', count: 30 }],
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        subscriptionId: SUB_B,
        displayName: 'B',
        resourceGroups: [{ name: 'rg-data', location: 'westeurope' }],
        vaults: [vault(KV_RBAC, 'kv-data', { enableRbacAuthorization: true, publicNetworkAccess: 'Disabled' })],
        roleAssignments: [
          {
            name: 'ra000000-0000-4000-8000-000000000001',
            properties: {
              scope: `/subscriptions/${SUB_B}/resourceGroups/rg-data`,
              roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`,
              principalId: G_PLATFORM,
              principalType: 'Group',
            },
          },
          {
            name: 'ra000000-0000-4000-8000-000000000002',
            properties: {
              scope: KV_RBAC,
              roleDefinitionId: `/subscriptions/${SUB_B}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_ROLE}`,
              principalId: MEGAN,
              principalType: 'User',
            },
          },
          {
            name: 'ra000000-0000-4000-8000-000000000003',
            properties: {
              scope: `${KV_RBAC}/secrets/one`,
              roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${SECRETS_USER}`,
              principalId: MEGAN,
              principalType: 'User',
            },
          },
        ],
      },
    ],
    roleDefinitions: [
      {
        name: CUSTOM_ROLE,
        properties: {
          roleName: 'Secret Lister',
          type: 'CustomRole',
          description: 'lists secrets',
          assignableScopes: [`/subscriptions/${SUB_B}`],
          permissions: [
            {
              actions: [],
              notActions: [],
              dataActions: ['Microsoft.KeyVault/vaults/secrets/*'],
              notDataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action'],
            },
          ],
        },
      },
    ] as never,
    directory: {
      users: [
        { id: ALEX, displayName: 'Alex Wilber', userPrincipalName: 'alexw@example.com' },
        { id: MEGAN, displayName: 'Megan Bowen', userPrincipalName: 'meganb@example.com' },
      ],
      groups: [
        {
          id: G_DEVS,
          displayName: 'Payments Devs',
          securityEnabled: true,
          mailEnabled: false,
          groupTypes: [],
          members: [ALEX],
        },
        {
          id: G_PLATFORM,
          displayName: "Platform O'Neil Engineering",
          securityEnabled: true,
          mailEnabled: false,
          groupTypes: [],
          members: [G_DEVS],
        },
      ],
      servicePrincipals: [
        { id: SP_API, displayName: 'payments-api', appId: APP_ID, servicePrincipalType: 'Application' },
      ],
      applications: [{ id: APP_OBJ, displayName: 'payments-api', appId: APP_ID }],
    },
    denyBotRead: [KV_DENIED],
  };
}
