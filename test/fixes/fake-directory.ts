/**
 * An in-memory AzureDirectory for the fix tests. It keeps its own copy of ARM's behaviour
 * (access-policy add/remove merge, role assignment scopes and 409s, diagnostic settings by
 * name), written independently of the planners so the tests catch disagreements. Every read
 * returns a deep copy, as a real round trip would.
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
  RoleAssignment,
  RoleDefinition,
  Vault,
} from '../../src/core/probes/azure-model.js';
import { KEY_VAULT_DATA_ROLES } from '../../src/core/fixes/key-vault-roles.js';

export const TENANT = '00000000-0000-0000-0000-000000000001';
export const SUB = '11111111-1111-1111-1111-111111111111';

/** The mutable state of the fake tenant. */
export interface FakeState {
  vaults: Vault[];
  objects: DirectoryObject[];
  /** group id → member object ids. */
  members: Record<string, string[]>;
  assignments: RoleAssignment[];
  definitions: RoleDefinition[];
  diagnostics: Record<string, DiagnosticSetting[]>;
}

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const lower = (s: string) => s.toLowerCase();

/** Builds a vault with sensible defaults. */
export function makeVault(name: string, opts: { rbac?: boolean; policies?: AccessPolicy[] } = {}): Vault {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/${name}`,
    name,
    subscriptionId: SUB,
    resourceGroup: 'rg-app',
    location: 'westeurope',
    tenantId: TENANT,
    vaultUri: `https://${name}.vault.azure.net/`,
    enableRbacAuthorization: opts.rbac ?? false,
    publicNetworkAccess: 'Enabled',
    accessPolicies: opts.policies ?? [],
    privateEndpointCount: 0,
    tags: {},
  };
}

export class FakeDirectory implements AzureDirectory {
  readonly sandbox = true;
  /** Every call, in order, as `method arg0`. */
  readonly calls: string[] = [];
  private readonly failures: { method: string; error: AzureAccessError }[] = [];

  constructor(readonly state: FakeState) {}

  /** Makes the next call of `method` throw an AzureAccessError of `kind`. */
  failNext(
    method: keyof AzureDirectory,
    kind: AzureFailureKind,
    message = `${kind} from fake`,
    statusCode?: number,
  ): void {
    this.failures.push({
      method,
      error: new AzureAccessError(kind, message, { operation: method, ...(statusCode ? { statusCode } : {}) }),
    });
  }

  private enter(method: string, arg: unknown): void {
    this.calls.push(`${method} ${typeof arg === 'string' ? arg : JSON.stringify(arg)}`);
    const i = this.failures.findIndex((f) => f.method === method);
    if (i >= 0) {
      const [f] = this.failures.splice(i, 1);
      throw f!.error;
    }
  }

  private vaultById(id: string): Vault {
    const v = this.state.vaults.find((x) => lower(x.id) === lower(id));
    if (!v)
      throw new AzureAccessError('not-found', `The Resource '${id}' was not found.`, {
        operation: 'vaults.get',
        statusCode: 404,
        code: 'ResourceNotFound',
      });
    return v;
  }

  async findVault(name: string) {
    this.enter('findVault', name);
    const v = this.state.vaults.find((x) => lower(x.name) === lower(name));
    return v ? copy(v) : undefined;
  }

  async getVault(vaultId: string) {
    this.enter('getVault', vaultId);
    return copy(this.vaultById(vaultId));
  }

  async updateAccessPolicies(vaultId: string, kind: AccessPolicyUpdateKind, entries: AccessPolicy[]) {
    this.enter('updateAccessPolicies', `${kind} ${JSON.stringify(entries)}`);
    const vault = this.vaultById(vaultId);
    if (vault.enableRbacAuthorization)
      throw new AzureAccessError('bad-request', 'Cannot set policies on an RBAC vault', {
        operation: 'vaults.updateAccessPolicy',
        statusCode: 400,
      });
    for (const e of entries) {
      const same = (p: AccessPolicy) =>
        lower(p.objectId) === lower(e.objectId) && lower(p.applicationId ?? '') === lower(e.applicationId ?? '');
      const existing = vault.accessPolicies.find(same);
      if (kind === 'add') {
        if (!existing) {
          vault.accessPolicies.push(copy(e));
          continue;
        }
        for (const [cat, names] of Object.entries(e.permissions) as [keyof AccessPolicy['permissions'], string[]][]) {
          const list = existing.permissions[cat] ?? (existing.permissions[cat] = []);
          for (const n of names) if (!list.some((x) => lower(x) === lower(n))) list.push(n);
        }
      } else if (kind === 'remove') {
        if (!existing) continue;
        for (const [cat, names] of Object.entries(e.permissions) as [keyof AccessPolicy['permissions'], string[]][]) {
          const left = (existing.permissions[cat] ?? []).filter((x) => !names.some((n) => lower(n) === lower(x)));
          if (left.length === 0) delete existing.permissions[cat];
          else existing.permissions[cat] = left;
        }
        if (Object.values(existing.permissions).every((l) => !l || l.length === 0))
          vault.accessPolicies.splice(vault.accessPolicies.indexOf(existing), 1);
      } else {
        if (existing) existing.permissions = copy(e.permissions);
        else vault.accessPolicies.push(copy(e));
      }
    }
    return copy(vault.accessPolicies);
  }

  async listRoleAssignments(scope: string, filter: RoleAssignmentFilter = {}) {
    this.enter('listRoleAssignments', `${scope} ${JSON.stringify(filter)}`);
    const s = lower(scope);
    const groupsOf = (id: string) =>
      Object.entries(this.state.members)
        .filter(([, m]) => m.includes(id))
        .map(([g]) => g);
    return copy(
      this.state.assignments.filter((a) => {
        const as = lower(a.scope);
        const above = s === as || s.startsWith(`${as}/`);
        const below = as.startsWith(`${s}/`);
        if (!(above || (!filter.atScope && below))) return false;
        if (filter.principalId && lower(a.principalId) !== lower(filter.principalId)) return false;
        if (filter.assignedTo) {
          const ids = [filter.assignedTo, ...groupsOf(filter.assignedTo)].map(lower);
          if (!ids.includes(lower(a.principalId))) return false;
        }
        return true;
      }),
    );
  }

  async getRoleDefinition(roleDefinitionId: string) {
    this.enter('getRoleDefinition', roleDefinitionId);
    const guid = lower(roleDefinitionId.split('/').pop() ?? '');
    const def = this.state.definitions.find((d) => d.name === guid);
    if (!def)
      throw new AzureAccessError('not-found', 'RoleDefinitionDoesNotExist', {
        operation: 'roleDefinitions.get',
        statusCode: 404,
      });
    return copy(def);
  }

  async findRoleDefinitions(_scope: string, roleName: string) {
    this.enter('findRoleDefinitions', roleName);
    return copy(this.state.definitions.filter((d) => d.roleName === roleName));
  }

  async createRoleAssignment(
    scope: string,
    name: string,
    a: { roleDefinitionId: string; principalId: string; principalType?: string },
  ) {
    this.enter('createRoleAssignment', `${scope} ${name}`);
    const guid = (id: string) => lower(id.split('/').pop() ?? '');
    if (
      this.state.assignments.some(
        (x) =>
          lower(x.scope) === lower(scope) &&
          guid(x.roleDefinitionId) === guid(a.roleDefinitionId) &&
          lower(x.principalId) === lower(a.principalId),
      )
    ) {
      throw new AzureAccessError('conflict', 'The role assignment already exists.', {
        operation: 'roleAssignments.create',
        statusCode: 409,
        code: 'RoleAssignmentExists',
      });
    }
    const created: RoleAssignment = {
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      scope,
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      ...(a.principalType ? { principalType: a.principalType } : {}),
    };
    this.state.assignments.push(created);
    return copy(created);
  }

  async deleteRoleAssignment(roleAssignmentId: string) {
    this.enter('deleteRoleAssignment', roleAssignmentId);
    this.state.assignments = this.state.assignments.filter((a) => lower(a.id) !== lower(roleAssignmentId));
  }

  async getDirectoryObjects(ids: string[]) {
    this.enter('getDirectoryObjects', ids.join(','));
    return copy(this.state.objects.filter((o) => ids.some((id) => lower(id) === lower(o.id))));
  }

  async getMemberGroups(objectId: string) {
    this.enter('getMemberGroups', objectId);
    return Object.entries(this.state.members)
      .filter(([, m]) => m.includes(objectId))
      .map(([g]) => g);
  }

  async findGroupsByName(displayName: string) {
    this.enter('findGroupsByName', displayName);
    return copy(
      this.state.objects.filter((o) => o.type === 'group' && lower(o.displayName ?? '') === lower(displayName)),
    );
  }

  async findServicePrincipalByAppId(appId: string) {
    this.enter('findServicePrincipalByAppId', appId);
    const sp = this.state.objects.find((o) => o.type === 'servicePrincipal' && o.appId === appId);
    return sp ? copy(sp) : undefined;
  }

  async listDiagnosticSettings(resourceId: string) {
    this.enter('listDiagnosticSettings', resourceId);
    this.vaultById(resourceId);
    return copy(this.state.diagnostics[lower(resourceId)] ?? []);
  }

  async putDiagnosticSetting(resourceId: string, setting: DiagnosticSetting) {
    this.enter('putDiagnosticSetting', `${resourceId} ${setting.name}`);
    const list = (this.state.diagnostics[lower(resourceId)] ??= []);
    const stored = {
      ...copy(setting),
      id: `${resourceId}/providers/microsoft.insights/diagnosticSettings/${setting.name}`,
    };
    const i = list.findIndex((s) => lower(s.name) === lower(setting.name));
    if (i >= 0) list[i] = stored;
    else list.push(stored);
    return copy(stored);
  }

  async deleteDiagnosticSetting(resourceId: string, name: string) {
    this.enter('deleteDiagnosticSetting', `${resourceId} ${name}`);
    const list = this.state.diagnostics[lower(resourceId)] ?? [];
    const left = list.filter((s) => lower(s.name) !== lower(name));
    // A resource without settings has no entry, as before the first put.
    if (left.length > 0) this.state.diagnostics[lower(resourceId)] = left;
    else delete this.state.diagnostics[lower(resourceId)];
  }

  async getMetrics(): Promise<Metric[]> {
    this.enter('getMetrics', '');
    return [];
  }
}

/** A deterministic GUID generator: aaaaaaaa-0000-4000-8000-00000000000N. */
export function sequentialGuids(): () => string {
  let n = 0;
  return () => `aaaaaaaa-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

/** Built-in Key Vault data roles as role definitions the fake can serve. */
export const BUILT_IN_DEFINITIONS: RoleDefinition[] = copy([...KEY_VAULT_DATA_ROLES]);
