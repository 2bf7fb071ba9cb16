/**
 * The one in-memory `AzureDirectory` for tests: a small tenant (vaults, directory objects, nested
 * group memberships, role assignments and definitions, diagnostic settings, metrics) that can be
 * read and written with ARM-like semantics — `assignedTo` through nested groups, scope inheritance,
 * the access-policy add/remove merge, 409 on a duplicate role assignment, diagnostic settings by
 * name. It is written independently of the probes and planners, so the tests catch disagreements.
 *
 * Every read returns a deep copy, as a real round trip would. Every call is logged with the round
 * it started in (calls that overlap share a round), and a call can be made to fail. Probe tests
 * use `{ readOnly: true }`: a write is still logged, then throws.
 *
 * The builders (`vault`, `role`, `assignment`, `sequentialGuids`) and constants live here too.
 */
import type {
  AccessPolicyUpdateKind,
  AzureDirectory,
  RoleAssignmentFilter,
} from '../../src/core/probes/azure-directory.js';
import { AzureAccessError, type AzureFailureKind } from '../../src/core/probes/azure-error.js';
import type {
  AccessPolicy,
  DiagnosticSetting,
  DirectoryObject,
  Metric,
  MetricsQuery,
  RoleAssignment,
  RoleDefinition,
  Vault,
} from '../../src/core/probes/azure-model.js';
import { KEY_VAULT_DATA_ROLES } from '../../src/core/fixes/key-vault-roles.js';

export const TENANT = '00000000-0000-0000-0000-000000000001';
export const SUB = '11111111-1111-1111-1111-111111111111';
/** The resource group `vault()` puts a vault in unless told otherwise. */
export const RG = 'rg-payments';

/** The state the fake serves and changes; tests may change it between calls. */
export interface FakeTenant {
  vaults: Vault[];
  objects: DirectoryObject[];
  /** Direct memberships: member object id → ids of the groups it is a direct member of (groups nest). */
  memberOf: Record<string, string[]>;
  assignments: RoleAssignment[];
  definitions: RoleDefinition[];
  /** Diagnostic settings by lower-case resource id; a resource without settings has no entry. */
  diagnostics: Record<string, DiagnosticSetting[]>;
  /** Metrics served for any resource, filtered by the metric names asked for. */
  metrics: Metric[];
}

/** The port's methods (everything but `sandbox`), as names for the call log and failures. */
export type DirectoryMethod = Exclude<keyof AzureDirectory, 'sandbox'>;

/** One logged call: the method, its main arguments as text, and the round it started in. */
export interface DirectoryCall {
  method: DirectoryMethod;
  arg: string;
  round: number;
}

/** How an injected failure looks, and whether it hits only the next call (default) or every one. */
export interface FailureOptions {
  message?: string;
  /** The operation the error names; defaults to the method name. */
  operation?: string;
  statusCode?: number;
  code?: string;
  retryAfterInMs?: number;
  always?: boolean;
}

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const lower = (s: string) => s.toLowerCase();
/** ARM ids compare case-insensitively and ignore a trailing slash; the root scope `/` becomes ''. */
const norm = (s: string) => s.replace(/\/+$/, '').toLowerCase();
const lastSegment = (id: string) => lower(id.split('/').pop() ?? '');

/** The in-memory AzureDirectory. `sandbox` is false: results must not say "sandbox". */
export class FakeDirectory implements AzureDirectory {
  readonly sandbox = false;
  /** Every call, in order. */
  readonly calls: DirectoryCall[] = [];
  private readonly failures: { method: DirectoryMethod; error: AzureAccessError; always: boolean }[] = [];
  private readonly readOnly: boolean;
  private inFlight = 0;
  private round = 0;

  constructor(
    readonly tenant: FakeTenant,
    options: { readOnly?: boolean } = {},
  ) {
    this.readOnly = options.readOnly ?? false;
  }

  /** Makes the next call of `method` (or every call, with `always`) throw an AzureAccessError of `kind`. */
  fail(method: DirectoryMethod, kind: AzureFailureKind, options: FailureOptions = {}): void {
    const { message = `${kind} from fake`, operation = method, always = false, ...details } = options;
    const error = new AzureAccessError(kind, message, { operation, ...details });
    this.failures.push({ method, error, always });
  }

  /** Number of sequential rounds of calls so far. */
  get rounds(): number {
    return this.round;
  }

  /**
   * Logs the call, yields once so that calls started together share a round, then throws an
   * injected failure (or, for a write in read-only mode, a plain Error) or runs `fn`.
   */
  private async call<T>(method: DirectoryMethod, arg: string, fn: () => T, write = false): Promise<T> {
    if (this.inFlight === 0) this.round++;
    this.inFlight++;
    this.calls.push({ method, arg, round: this.round });
    try {
      await new Promise((r) => setImmediate(r));
      const i = this.failures.findIndex((f) => f.method === method);
      if (i >= 0) {
        const f = this.failures[i]!;
        if (!f.always) this.failures.splice(i, 1);
        throw f.error;
      }
      if (write && this.readOnly)
        throw new Error(`read-only FakeDirectory: ${method} must not be called (probes must not write)`);
      return fn();
    } finally {
      this.inFlight--;
    }
  }

  private vaultById(id: string): Vault {
    const v = this.tenant.vaults.find((x) => norm(x.id) === norm(id));
    if (!v)
      throw new AzureAccessError('not-found', `The Resource '${id}' was not found.`, {
        operation: 'vaults.get',
        statusCode: 404,
        code: 'ResourceNotFound',
      });
    return v;
  }

  /** The groups `id` is a member of, directly or through nested groups. */
  private transitiveGroups(id: string): string[] {
    const direct = (member: string) =>
      Object.entries(this.tenant.memberOf)
        .filter(([m]) => lower(m) === lower(member))
        .flatMap(([, groups]) => groups);
    const out = new Set<string>();
    const stack = direct(id);
    while (stack.length) {
      const g = stack.pop()!;
      if (out.has(g)) continue;
      out.add(g);
      stack.push(...direct(g));
    }
    return [...out];
  }

  findVault(name: string) {
    return this.call('findVault', name, () => {
      const v = this.tenant.vaults.find((x) => lower(x.name) === lower(name));
      return v ? copy(v) : undefined;
    });
  }

  getVault(vaultId: string) {
    return this.call('getVault', vaultId, () => copy(this.vaultById(vaultId)));
  }

  updateAccessPolicies(vaultId: string, kind: AccessPolicyUpdateKind, entries: AccessPolicy[]) {
    return this.call(
      'updateAccessPolicies',
      `${kind} ${JSON.stringify(entries)}`,
      () => {
        const vault = this.vaultById(vaultId);
        if (vault.enableRbacAuthorization)
          throw new AzureAccessError('bad-request', 'Cannot set policies on an RBAC vault', {
            operation: 'vaults.updateAccessPolicy',
            statusCode: 400,
          });
        for (const e of entries) mergePolicy(vault, kind, e);
        return copy(vault.accessPolicies);
      },
      true,
    );
  }

  listRoleAssignments(scope: string, filter: RoleAssignmentFilter = {}) {
    return this.call('listRoleAssignments', `${scope} ${JSON.stringify(filter)}`, () => {
      const s = norm(scope);
      return copy(
        this.tenant.assignments.filter((a) => {
          const as = norm(a.scope);
          const above = as === s || s.startsWith(`${as}/`) || as === '';
          const below = as.startsWith(`${s}/`);
          if (!(above || (below && !filter.atScope))) return false;
          if (filter.principalId && lower(a.principalId) !== lower(filter.principalId)) return false;
          if (filter.assignedTo) {
            const ids = [filter.assignedTo, ...this.transitiveGroups(filter.assignedTo)].map(lower);
            if (!ids.includes(lower(a.principalId))) return false;
          }
          return true;
        }),
      );
    });
  }

  getRoleDefinition(roleDefinitionId: string) {
    return this.call('getRoleDefinition', roleDefinitionId, () => {
      const guid = lastSegment(roleDefinitionId);
      const def = this.tenant.definitions.find((d) => lower(d.name) === guid);
      if (!def)
        throw new AzureAccessError('not-found', 'RoleDefinitionDoesNotExist', {
          operation: 'roleDefinitions.get',
          statusCode: 404,
        });
      return copy(def);
    });
  }

  findRoleDefinitions(_scope: string, roleName: string) {
    return this.call('findRoleDefinitions', roleName, () =>
      copy(this.tenant.definitions.filter((d) => d.roleName === roleName)),
    );
  }

  createRoleAssignment(
    scope: string,
    name: string,
    a: { roleDefinitionId: string; principalId: string; principalType?: string },
  ) {
    return this.call(
      'createRoleAssignment',
      `${scope} ${name}`,
      () => {
        const exists = this.tenant.assignments.some(
          (x) =>
            norm(x.scope) === norm(scope) &&
            lastSegment(x.roleDefinitionId) === lastSegment(a.roleDefinitionId) &&
            lower(x.principalId) === lower(a.principalId),
        );
        if (exists)
          throw new AzureAccessError('conflict', 'The role assignment already exists.', {
            operation: 'roleAssignments.create',
            statusCode: 409,
            code: 'RoleAssignmentExists',
          });
        const created: RoleAssignment = {
          id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
          name,
          scope,
          roleDefinitionId: a.roleDefinitionId,
          principalId: a.principalId,
          ...(a.principalType ? { principalType: a.principalType } : {}),
        };
        this.tenant.assignments.push(created);
        return copy(created);
      },
      true,
    );
  }

  deleteRoleAssignment(roleAssignmentId: string) {
    return this.call(
      'deleteRoleAssignment',
      roleAssignmentId,
      () => {
        this.tenant.assignments = this.tenant.assignments.filter((a) => norm(a.id) !== norm(roleAssignmentId));
      },
      true,
    );
  }

  getDirectoryObjects(ids: string[]) {
    return this.call('getDirectoryObjects', ids.join(','), () =>
      copy(this.tenant.objects.filter((o) => ids.some((id) => lower(id) === lower(o.id)))),
    );
  }

  getMemberGroups(objectId: string) {
    return this.call('getMemberGroups', objectId, () => {
      // Graph answers 404 for an object that does not exist (e.g. a deleted user).
      if (!this.tenant.objects.some((o) => lower(o.id) === lower(objectId)))
        throw new AzureAccessError('not-found', 'Request_ResourceNotFound', {
          operation: 'graph.getMemberObjects',
          statusCode: 404,
        });
      return this.transitiveGroups(objectId);
    });
  }

  findUserByPrincipalName(upn: string) {
    return this.call('findUserByPrincipalName', upn, () => {
      const user = this.tenant.objects.find(
        (o) => o.type === 'user' && lower((o as { userPrincipalName?: string }).userPrincipalName ?? '') === lower(upn),
      );
      return user ? copy(user) : undefined;
    });
  }

  findGroupsByName(displayName: string) {
    // Graph's `displayName eq '…'` ignores case.
    return this.call('findGroupsByName', displayName, () =>
      copy(this.tenant.objects.filter((o) => o.type === 'group' && lower(o.displayName ?? '') === lower(displayName))),
    );
  }

  findServicePrincipalByAppId(appId: string) {
    return this.call('findServicePrincipalByAppId', appId, () => {
      const sp = this.tenant.objects.find((o) => o.type === 'servicePrincipal' && o.appId === appId);
      return sp ? copy(sp) : undefined;
    });
  }

  listDiagnosticSettings(resourceId: string) {
    return this.call('listDiagnosticSettings', resourceId, () => {
      this.vaultById(resourceId);
      return copy(this.tenant.diagnostics[norm(resourceId)] ?? []);
    });
  }

  putDiagnosticSetting(resourceId: string, setting: DiagnosticSetting) {
    return this.call(
      'putDiagnosticSetting',
      `${resourceId} ${setting.name}`,
      () => {
        const list = (this.tenant.diagnostics[norm(resourceId)] ??= []);
        const stored = {
          ...copy(setting),
          id: `${resourceId}/providers/microsoft.insights/diagnosticSettings/${setting.name}`,
        };
        const i = list.findIndex((s) => lower(s.name) === lower(setting.name));
        if (i >= 0) list[i] = stored;
        else list.push(stored);
        return copy(stored);
      },
      true,
    );
  }

  deleteDiagnosticSetting(resourceId: string, name: string) {
    return this.call(
      'deleteDiagnosticSetting',
      `${resourceId} ${name}`,
      () => {
        const key = norm(resourceId);
        const left = (this.tenant.diagnostics[key] ?? []).filter((s) => lower(s.name) !== lower(name));
        // A resource without settings has no entry, as before the first put.
        if (left.length > 0) this.tenant.diagnostics[key] = left;
        else delete this.tenant.diagnostics[key];
      },
      true,
    );
  }

  getMetrics(resourceId: string, query: MetricsQuery) {
    return this.call('getMetrics', `${resourceId} ${query.metricNames.join(',')}`, () =>
      copy(this.tenant.metrics.filter((m) => query.metricNames.includes(m.name))),
    );
  }
}

/** ARM's incremental access-policy update of one entry (same object id and application id). */
function mergePolicy(vault: Vault, kind: AccessPolicyUpdateKind, e: AccessPolicy): void {
  const same = (p: AccessPolicy) =>
    lower(p.objectId) === lower(e.objectId) && lower(p.applicationId ?? '') === lower(e.applicationId ?? '');
  const existing = vault.accessPolicies.find(same);
  const categories = Object.entries(e.permissions) as [keyof AccessPolicy['permissions'], string[]][];
  if (kind === 'add') {
    if (!existing) {
      vault.accessPolicies.push(copy(e));
      return;
    }
    for (const [cat, names] of categories) {
      const list = existing.permissions[cat] ?? (existing.permissions[cat] = []);
      for (const n of names) if (!list.some((x) => lower(x) === lower(n))) list.push(n);
    }
  } else if (kind === 'remove') {
    if (!existing) return;
    for (const [cat, names] of categories) {
      const left = (existing.permissions[cat] ?? []).filter((x) => !names.some((n) => lower(n) === lower(x)));
      if (left.length === 0) delete existing.permissions[cat];
      else existing.permissions[cat] = left;
    }
    if (Object.values(existing.permissions).every((l) => !l || l.length === 0))
      vault.accessPolicies.splice(vault.accessPolicies.indexOf(existing), 1);
  } else if (existing) {
    existing.permissions = copy(e.permissions);
  } else {
    vault.accessPolicies.push(copy(e));
  }
}

/** The ARM id of a vault. */
export function vaultId(name: string, rg = RG, sub = SUB): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`;
}

/**
 * A vault with sensible defaults (access-policy model, public access, no entries); `over` replaces
 * any field. The id follows `over.resourceGroup` and `over.subscriptionId`.
 */
export function vault(name: string, over: Partial<Vault> = {}): Vault {
  const resourceGroup = over.resourceGroup ?? RG;
  const subscriptionId = over.subscriptionId ?? SUB;
  return {
    id: vaultId(name, resourceGroup, subscriptionId),
    name,
    subscriptionId,
    resourceGroup,
    location: 'westeurope',
    tenantId: TENANT,
    vaultUri: `https://${name}.vault.azure.net/`,
    enableRbacAuthorization: false,
    publicNetworkAccess: 'Enabled',
    accessPolicies: [],
    privateEndpointCount: 0,
    tags: {},
    ...over,
  };
}

/** A built-in role definition with one permission block. */
export function role(
  guid: string,
  roleName: string,
  p: { actions?: string[]; notActions?: string[]; dataActions?: string[]; notDataActions?: string[] },
): RoleDefinition {
  return {
    id: `/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    name: guid,
    roleName,
    roleType: 'BuiltInRole',
    assignableScopes: ['/'],
    permissions: [
      {
        actions: p.actions ?? [],
        notActions: p.notActions ?? [],
        dataActions: p.dataActions ?? [],
        notDataActions: p.notDataActions ?? [],
      },
    ],
  };
}

let assignments = 0;
/**
 * A role assignment of the role `roleGuid` (subscription-qualified definition id) to `principalId`
 * at `scope`, named `ra-N` unless `over.name` says otherwise; `over` replaces any other field.
 */
export function assignment(
  scope: string,
  roleGuid: string,
  principalId: string,
  over: Partial<RoleAssignment> = {},
): RoleAssignment {
  const name = over.name ?? `ra-${++assignments}`;
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    scope,
    roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
    principalId,
    ...over,
  };
}

/** A deterministic GUID generator: aaaaaaaa-0000-4000-8000-00000000000N. */
export function sequentialGuids(): () => string {
  let n = 0;
  return () => `aaaaaaaa-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

/** Built-in Key Vault data roles as role definitions the fake can serve. */
export const BUILT_IN_DEFINITIONS: RoleDefinition[] = copy([...KEY_VAULT_DATA_ROLES]);
