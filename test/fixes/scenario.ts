/**
 * The demo tenant the fix tests run against: an access-policy vault (kv-payments) with a user,
 * an orphaned entry and an application-object entry, and an RBAC vault (kv-orders) with direct
 * and inherited role assignments.
 */
import type { FixPlan, PlanOutcome } from '../../src/core/fixes/fix-plan.js';
import { FixService } from '../../src/core/fixes/fix-service.js';
import type { AccessPolicy, DirectoryObject } from '../../src/core/probes/azure-model.js';
import { ADELE, ALEX, ISAIAH, MEGAN } from '../helpers/demo-tenant.js';
import {
  assignment,
  BUILT_IN_DEFINITIONS,
  FakeDirectory,
  sequentialGuids,
  SUB,
  TENANT,
  vault,
  type FakeTenant,
} from '../helpers/fake-directory.js';

export { ADELE, ALEX, ISAIAH, MEGAN };
export const API_SP = 'c0ffee00-0000-4000-8000-000000000001';
export const API_APP_OBJECT = 'c0ffee00-0000-4000-8000-000000000002';
export const API_APP_ID = 'c0ffee00-0000-4000-8000-0000000000a1';
export const ORDERS_MI = 'c0ffee00-0000-4000-8000-000000000003';
export const DELETED_USER = 'deadbeef-0000-4000-8000-000000000001';
export const READERS_GROUP = '9a000000-0000-4000-8000-000000000001';
export const DEVS_GROUP_1 = '9a000000-0000-4000-8000-000000000002';
export const DEVS_GROUP_2 = '9a000000-0000-4000-8000-000000000003';
export const ALL_COMPANY = '9a000000-0000-4000-8000-000000000004';
export const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops`;
export const STORAGE = `/subscriptions/${SUB}/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stlogs`;
// Written out rather than taken from vault(), so a wrong vault id in the fake shows up in the tests.
export const PAYMENTS_ID = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-payments`;
export const ORDERS_ID = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-orders`;

const role = (name: string) => BUILT_IN_DEFINITIONS.find((d) => d.roleName === name)!;
const policy = (objectId: string, permissions: AccessPolicy['permissions']): AccessPolicy => ({
  tenantId: TENANT,
  objectId,
  permissions,
});

/** A fresh copy of the demo tenant. */
export function scenario(): { state: FakeTenant; directory: FakeDirectory } {
  const payments = vault('kv-payments', {
    resourceGroup: 'rg-app',
    accessPolicies: [
      policy(ALEX, { secrets: ['get'] }),
      policy(DELETED_USER, { secrets: ['get', 'list'], keys: ['get'] }),
      policy(MEGAN, { keys: ['all'] }),
      policy(API_APP_OBJECT, { secrets: ['get'] }),
    ],
  });
  const orders = vault('kv-orders', { resourceGroup: 'rg-app', enableRbacAuthorization: true });
  const objects: DirectoryObject[] = [
    { id: ALEX, type: 'user', displayName: 'Alex Wilber', userPrincipalName: 'alexw@contoso.example' },
    { id: MEGAN, type: 'user', displayName: 'Megan Bowen' },
    { id: ADELE, type: 'user', displayName: 'Adele Vance' },
    { id: ISAIAH, type: 'user', displayName: 'Isaiah Langer' },
    {
      id: API_SP,
      type: 'servicePrincipal',
      displayName: 'payments-api',
      appId: API_APP_ID,
      servicePrincipalType: 'Application',
    },
    { id: API_APP_OBJECT, type: 'application', displayName: 'payments-api', appId: API_APP_ID },
    { id: ORDERS_MI, type: 'servicePrincipal', displayName: 'mi-orders', servicePrincipalType: 'ManagedIdentity' },
    { id: READERS_GROUP, type: 'group', displayName: 'Team KV Readers', securityEnabled: true },
    { id: DEVS_GROUP_1, type: 'group', displayName: 'Payments Devs', securityEnabled: true },
    { id: DEVS_GROUP_2, type: 'group', displayName: 'Payments Devs', securityEnabled: false },
    { id: ALL_COMPANY, type: 'group', displayName: 'All Company', securityEnabled: false },
  ];
  const rgScope = `/subscriptions/${SUB}/resourceGroups/rg-app`;
  const state: FakeTenant = {
    vaults: [payments, orders],
    objects,
    memberOf: { [ISAIAH]: [READERS_GROUP] },
    assignments: [
      assignment(orders.id, role('Key Vault Secrets User').name, MEGAN, {
        name: '11111111-0000-4000-8000-000000000001',
        principalType: 'User',
      }),
      // A tenant-level definition id (no subscription prefix): ARM returns both forms.
      assignment(rgScope, role('Key Vault Reader').name, ADELE, {
        name: '11111111-0000-4000-8000-000000000002',
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${role('Key Vault Reader').name}`,
        principalType: 'User',
      }),
    ],
    definitions: BUILT_IN_DEFINITIONS,
    diagnostics: {},
    metrics: [],
  };
  return { state, directory: new FakeDirectory(state) };
}

/** A fresh demo tenant and the real FixService over it, with predictable GUIDs for new role assignments. */
export function withFixService(): { state: FakeTenant; directory: FakeDirectory; service: FixService } {
  const { state, directory } = scenario();
  return { state, directory, service: new FixService(directory, { newGuid: sequentialGuids() }) };
}

/** The plan of a `planned` outcome; throws with the outcome otherwise. */
export function planned(outcome: PlanOutcome): FixPlan {
  if (outcome.kind !== 'planned') throw new Error(`expected a plan, got ${outcome.kind}: ${JSON.stringify(outcome)}`);
  return outcome.plan;
}
