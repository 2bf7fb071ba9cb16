/**
 * Domain model of the Azure state the probes and fixes reason about. These are the bot's own
 * types: SDK models stop at `src/adapters/azure`, which maps them onto these (DESIGN.md §8).
 */

/** Access-policy permission categories of a vault (ARM `Permissions`). */
export type PermissionCategory = 'keys' | 'secrets' | 'certificates' | 'storage';

/** Permissions of one access-policy entry, per category, as ARM stores them (e.g. `["get","list"]`). */
export type PolicyPermissions = Partial<Record<PermissionCategory, string[]>>;

/** One access-policy entry of a vault (ARM `AccessPolicyEntry`). */
export interface AccessPolicy {
  tenantId: string;
  objectId: string;
  /** Compound identity: the application acting on behalf of `objectId` (rare). */
  applicationId?: string;
  permissions: PolicyPermissions;
}

/** Network rules of a vault (ARM `NetworkRuleSet`). */
export interface NetworkRules {
  defaultAction: 'Allow' | 'Deny';
  bypass: 'AzureServices' | 'None';
  /** IPv4 addresses or CIDR ranges. */
  ipRules: string[];
  /** Subnet resource ids. */
  virtualNetworkRules: string[];
}

/** A key vault as the bot sees it. */
export interface Vault {
  /** ARM resource id, `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}`. */
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tenantId: string;
  vaultUri?: string;
  /** true: Azure RBAC permission model; false: access policies. */
  enableRbacAuthorization: boolean;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  networkAcls?: NetworkRules;
  accessPolicies: AccessPolicy[];
  /** Number of approved private endpoint connections. */
  privateEndpointCount: number;
  tags: Record<string, string>;
  /** SKU name (`standard` or `premium`), for exports; absent when unknown. */
  skuName?: string;
}

/** Kinds of Entra (Microsoft Graph) directory object. */
export type DirectoryObjectType = 'user' | 'group' | 'servicePrincipal' | 'application' | 'device' | 'other';

/** A Microsoft Graph directory object, reduced to what the bot uses. */
export interface DirectoryObject {
  id: string;
  type: DirectoryObjectType;
  displayName?: string;
  userPrincipalName?: string;
  /** For service principals and applications. */
  appId?: string;
  /** For service principals: `Application`, `ManagedIdentity`, `Legacy`. */
  servicePrincipalType?: string;
  /** For groups. */
  securityEnabled?: boolean;
}

/** An Azure RBAC role assignment (arm-authorization, flattened). */
export interface RoleAssignment {
  /** Full ARM id of the assignment. */
  id: string;
  /** The assignment's GUID name. */
  name: string;
  /** Scope it was made at: subscription, resource group, vault, or a vault object. */
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
  condition?: string;
}

/** One permission block of a role definition. */
export interface RolePermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/** An Azure RBAC role definition. */
export interface RoleDefinition {
  /** Full ARM id. */
  id: string;
  /** The definition's GUID. */
  name: string;
  roleName: string;
  roleType: 'BuiltInRole' | 'CustomRole' | string;
  permissions: RolePermission[];
  assignableScopes: string[];
}

/** One log or metric category switch of a diagnostic setting. */
export interface DiagnosticCategory {
  category?: string;
  categoryGroup?: string;
  enabled: boolean;
}

/** A `Microsoft.Insights/diagnosticSettings` resource on a vault. */
export interface DiagnosticSetting {
  id?: string;
  name: string;
  logs: DiagnosticCategory[];
  metrics: DiagnosticCategory[];
  workspaceId?: string;
  storageAccountId?: string;
  eventHubAuthorizationRuleId?: string;
}

/** One data point of a metric time series; only the requested aggregations are present. */
export interface MetricPoint {
  timeStamp: string;
  average?: number;
  minimum?: number;
  maximum?: number;
  total?: number;
  count?: number;
}

/** One metric (e.g. `ServiceApiResult`) with its series split by dimension values. */
export interface Metric {
  name: string;
  unit: string;
  series: { dimensions: Record<string, string>; points: MetricPoint[] }[];
  /**
   * Set when Azure Monitor could not answer for this metric: the per-metric `errorCode` (anything
   * but `Success`) and `errorMessage` of a 200 response (`InvalidSamplingType`, …); `series` is then empty.
   */
  error?: { code: string; message?: string };
}

/** What a metrics query asks for. */
export interface MetricsQuery {
  metricNames: string[];
  /** ISO 8601 interval `start/end`. */
  timespan: string;
  /** ISO 8601 duration, e.g. `PT1H`. */
  interval: string;
  /** e.g. `count`, `average`. */
  aggregation: string;
  /** OData filter on dimensions, e.g. `StatusCode eq '*'`. */
  filter?: string;
}
