/**
 * The emulator's tenant fixture: what one Azure tenant looks like, in ARM's and Microsoft Graph's
 * own JSON wherever those exist, plus a few emulator-only fields (`members`, `denyBotRead`,
 * `faults`, metric `anchor`). Documented with an example in docs/emulator.md.
 */

/** Permissions of one access-policy entry (ARM `Permissions`). */
export interface ArmPermissions {
  keys?: string[];
  secrets?: string[];
  certificates?: string[];
  storage?: string[];
}

/** ARM `AccessPolicyEntry`. */
export interface ArmAccessPolicyEntry {
  tenantId: string;
  objectId: string;
  applicationId?: string;
  permissions: ArmPermissions;
}

/** ARM `Microsoft.KeyVault/vaults` resource (only the fields the emulator reads are typed). */
export interface ArmVault {
  id: string;
  name: string;
  type?: string;
  location?: string;
  tags?: Record<string, string>;
  properties: {
    tenantId: string;
    sku: { family: string; name: string };
    accessPolicies?: ArmAccessPolicyEntry[];
    enableRbacAuthorization?: boolean;
    publicNetworkAccess?: string;
    networkAcls?: {
      bypass?: string;
      defaultAction?: string;
      ipRules?: { value: string }[];
      virtualNetworkRules?: { id: string; ignoreMissingVnetServiceEndpoint?: boolean }[];
    };
    vaultUri?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** ARM `Microsoft.Authorization/roleAssignments` resource. */
export interface ArmRoleAssignment {
  id?: string;
  name?: string;
  type?: string;
  properties: {
    scope: string;
    roleDefinitionId: string;
    principalId: string;
    principalType?: string;
    description?: string;
    condition?: string | null;
    conditionVersion?: string | null;
    [key: string]: unknown;
  };
}

/** One `permissions` block of a role definition. */
export interface ArmRolePermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/** ARM `Microsoft.Authorization/roleDefinitions` resource (custom roles in the fixture). */
export interface ArmRoleDefinition {
  id?: string;
  name: string;
  type?: string;
  properties: {
    roleName: string;
    type: string;
    description?: string;
    assignableScopes: string[];
    permissions: ArmRolePermission[];
  };
}

/** ARM `Microsoft.Insights/diagnosticSettings` resource; `resourceId` names the vault when `id` is absent. */
export interface ArmDiagnosticSetting {
  id?: string;
  resourceId?: string;
  name: string;
  type?: string;
  properties: {
    logs?: {
      category?: string;
      categoryGroup?: string;
      enabled: boolean;
      retentionPolicy?: { enabled: boolean; days: number };
    }[];
    metrics?: { category?: string; enabled: boolean; retentionPolicy?: { enabled: boolean; days: number } }[];
    workspaceId?: string;
    storageAccountId?: string;
    eventHubAuthorizationRuleId?: string;
    eventHubName?: string;
    [key: string]: unknown;
  };
}

/** One data point, ARM `MetricValue`. */
export type ArmMetricValue = { timeStamp: string } & Partial<
  Record<'average' | 'minimum' | 'maximum' | 'total' | 'count', number>
>;

/** One metric with its time series, ARM `Metric` (the `id` is filled in by the emulator). */
export interface ArmMetric {
  name: { value: string; localizedValue?: string };
  unit: string;
  displayDescription?: string;
  /**
   * Azure Monitor's per-metric failure: anything but `Success` makes the emulator answer this
   * metric with this code, `errorMessage` and empty `timeseries`, inside a 200 response
   * (monitor-2018-01-01-GetMetricError.json).
   */
  errorCode?: string;
  errorMessage?: string;
  timeseries: {
    metadatavalues?: { name: { value: string; localizedValue?: string }; value: string }[];
    data: ArmMetricValue[];
  }[];
}

/**
 * Metrics of one resource. Timestamps are written relative to `anchor`: the emulator shifts every
 * point by (start time floored to the hour − anchor), so "the last 24 hours" always has data.
 */
export interface FixtureResourceMetrics {
  /** ARM id of the vault; or `vault`, a vault name in the same subscription. */
  resourceId?: string;
  vault?: string;
  /** ISO time that stands for "now" in the data below; default: the latest timestamp in it. */
  anchor?: string;
  value: ArmMetric[];
}

/** A resource group (ARM JSON, name and location). */
export interface FixtureResourceGroup {
  name: string;
  location: string;
}

/** One subscription and everything in it. */
export interface FixtureSubscription {
  subscriptionId: string;
  displayName: string;
  resourceGroups: FixtureResourceGroup[];
  vaults: ArmVault[];
  roleAssignments?: ArmRoleAssignment[];
  diagnosticSettings?: ArmDiagnosticSetting[];
  metrics?: FixtureResourceMetrics[];
}

/** A Graph directory object (user, group, servicePrincipal, application); other Graph fields pass through. */
export interface GraphObject {
  id: string;
  displayName: string;
  [key: string]: unknown;
}

/** A Graph group plus its direct `members` (object ids; nested groups allowed). */
export interface GraphGroup extends GraphObject {
  members?: string[];
}

/** The directory (Microsoft Graph). */
export interface FixtureDirectory {
  users: GraphObject[];
  groups: GraphGroup[];
  servicePrincipals: GraphObject[];
  applications: GraphObject[];
}

/** Which fault to inject on requests matching `method` + `path`. */
export interface FaultSpec {
  /** HTTP method to match (any when absent). */
  method?: string;
  /**
   * Glob over the request path (case-insensitive; `*` = one path segment's worth of characters,
   * `**` = anything). Exactly one of `path` or `pathRegex`.
   */
  path?: string;
  /** JavaScript regular expression source, matched case-insensitively against the path. */
  pathRegex?: string;
  /** Delay before the response (or before the drop). */
  latencyInMs?: number;
  /** Respond with this status instead of the real answer (429, 500, 503, ...). */
  status?: number;
  /** `Retry-After` header, in seconds. */
  retryAfterSeconds?: number;
  /** `retry-after-ms` header. */
  retryAfterMs?: number;
  /** Response body for `status`; default: an ARM (or Graph) error envelope for that status. */
  body?: unknown;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /**
   * Only this page of a paged list: 1 = a request without `$skiptoken`, 2 = the one its
   * `nextLink` leads to, and so on. Any request when absent.
   */
  page?: number;
  /** Only the next N matching requests; unlimited when absent. */
  times?: number;
}

/** The bot's own identity, named in 403 `AuthorizationFailed` messages. */
export interface FixtureBotIdentity {
  appId: string;
  objectId: string;
}

/** A whole tenant. */
export interface TenantFixture {
  tenantId: string;
  subscriptions: FixtureSubscription[];
  /** Custom role definitions; the built-in ones are always present. */
  roleDefinitions?: ArmRoleDefinition[];
  directory: FixtureDirectory;
  /** ARM scopes the bot's identity may not read or change (403 `AuthorizationFailed`). */
  denyBotRead?: string[];
  botIdentity?: FixtureBotIdentity;
  faults?: FaultSpec[];
}
