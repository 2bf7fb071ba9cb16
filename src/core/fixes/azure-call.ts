/**
 * The exact ARM request each fix effect sends (azure-facts.md §2.2, §3.4, §5.1), for the plan
 * card and the audit record. The adapter sends the same request through the SDK clients, whose
 * api-versions these are.
 */
import type { DiagnosticSetting, PolicyPermissions } from '../probes/azure-model.js';
import type { AzureCall, FixEffect } from './fix-plan.js';

/** api-versions the SDK clients the adapter uses send (arm-keyvault 5, arm-authorization 9, arm-monitor 7). */
export const API_VERSIONS = Object.freeze({
  keyVault: '2026-02-01',
  authorization: '2022-04-01',
  diagnosticSettings: '2017-05-01-preview',
});

/** The ARM request for an effect on the vault with this id. */
export function azureCallFor(vaultId: string, effect: FixEffect): AzureCall {
  switch (effect.kind) {
    case 'access-policy-add':
    case 'access-policy-remove': {
      const kind = effect.kind === 'access-policy-add' ? 'add' : 'remove';
      const entry: Record<string, unknown> = { tenantId: effect.tenantId, objectId: effect.objectId };
      if (effect.applicationId !== undefined) entry.applicationId = effect.applicationId;
      entry.permissions = nonEmpty(effect.permissions);
      return {
        method: 'PUT',
        path: `${vaultId}/accessPolicies/${kind}?api-version=${API_VERSIONS.keyVault}`,
        body: { properties: { accessPolicies: [entry] } },
      };
    }
    case 'role-assignment-create':
      return {
        method: 'PUT',
        path: `${effect.scope}/providers/Microsoft.Authorization/roleAssignments/${effect.name}?api-version=${API_VERSIONS.authorization}`,
        body: {
          properties: {
            roleDefinitionId: effect.roleDefinitionId,
            principalId: effect.principalId,
            principalType: effect.principalType,
          },
        },
      };
    case 'role-assignment-delete':
      return {
        method: 'DELETE',
        path: `${effect.scope}/providers/Microsoft.Authorization/roleAssignments/${effect.name}?api-version=${API_VERSIONS.authorization}`,
        body: null,
      };
    case 'diagnostic-setting-put':
      return {
        method: 'PUT',
        path: `${vaultId}/providers/Microsoft.Insights/diagnosticSettings/${encodeURIComponent(effect.setting.name)}?api-version=${API_VERSIONS.diagnosticSettings}`,
        body: diagnosticBody(effect.setting),
      };
    case 'diagnostic-setting-delete':
      return {
        method: 'DELETE',
        path: `${vaultId}/providers/Microsoft.Insights/diagnosticSettings/${encodeURIComponent(effect.name)}?api-version=${API_VERSIONS.diagnosticSettings}`,
        body: null,
      };
  }
}

/** The full ARM id of a role assignment created by an effect. */
export function roleAssignmentId(scope: string, name: string): string {
  return `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
}

function nonEmpty(p: PolicyPermissions): PolicyPermissions {
  // The SDK omits empty categories from the body it sends (azure-facts.md §2.2).
  return Object.fromEntries(Object.entries(p).filter(([, list]) => Array.isArray(list) && list.length > 0));
}

function diagnosticBody(s: DiagnosticSetting): unknown {
  const properties: Record<string, unknown> = {};
  if (s.workspaceId) properties.workspaceId = s.workspaceId;
  if (s.storageAccountId) properties.storageAccountId = s.storageAccountId;
  if (s.eventHubAuthorizationRuleId) properties.eventHubAuthorizationRuleId = s.eventHubAuthorizationRuleId;
  properties.logs = s.logs.map((c) => ({ ...c, retentionPolicy: { enabled: false, days: 0 } }));
  properties.metrics = s.metrics.map((c) => ({ ...c, retentionPolicy: { enabled: false, days: 0 } }));
  return { properties };
}
