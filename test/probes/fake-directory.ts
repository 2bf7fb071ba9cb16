/**
 * An in-memory AzureDirectory for probe tests: a small tenant (vaults, directory objects,
 * memberships, role assignments and definitions, diagnostic settings, metrics) with ARM-like
 * semantics for `assignedTo` (transitive) and scope inheritance, plus per-method failures and
 * a log of calls with the round they started in.
 */
import type { AzureDirectory } from '../../src/core/probes/azure-directory.js';
import { AzureAccessError } from '../../src/core/probes/azure-error.js';
import type {
  DiagnosticSetting,
  DirectoryObject,
  Metric,
  RoleAssignment,
  RoleDefinition,
  Vault,
} from '../../src/core/probes/azure-model.js';

export const TENANT = '00000000-0000-0000-0000-000000000001';
export const SUB = '11111111-1111-1111-1111-111111111111';
export const RG = 'rg-payments';

/** The state the fake serves. */
export interface FakeTenant {
  vaults: Vault[];
  objects: DirectoryObject[];
  /** Direct memberships: member id → group ids. */
  memberOf: Record<string, string[]>;
  assignments: RoleAssignment[];
  definitions: RoleDefinition[];
  diagnostics?: Record<string, DiagnosticSetting[]>;
  metrics?: Metric[];
}

export function vaultId(name: string, rg = RG, sub = SUB): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${name}`;
}

export function vault(name: string, over: Partial<Vault> = {}): Vault {
  return {
    id: vaultId(name),
    name,
    subscriptionId: SUB,
    resourceGroup: RG,
    location: 'westeurope',
    tenantId: TENANT,
    enableRbacAuthorization: false,
    publicNetworkAccess: 'Enabled',
    accessPolicies: [],
    privateEndpointCount: 0,
    tags: {},
    ...over,
  };
}

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

let seq = 0;
export function assignment(
  scope: string,
  roleGuid: string,
  principalId: string,
  over: Partial<RoleAssignment> = {},
): RoleAssignment {
  const name = `ra-${++seq}`;
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    scope,
    roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
    principalId,
    ...over,
  };
}

function norm(s: string): string {
  return s.replace(/\/+$/, '').toLowerCase();
}

/** The fake port. `failures` make a method throw; `calls` records method names with their round. */
export class FakeDirectory implements AzureDirectory {
  readonly sandbox = false;
  readonly calls: { method: string; round: number }[] = [];
  readonly failures = new Map<string, AzureAccessError>();
  private inFlight = 0;
  private round = 0;

  constructor(readonly tenant: FakeTenant) {}

  private async call<T>(method: string, fn: () => T): Promise<T> {
    if (this.inFlight === 0) this.round++;
    this.inFlight++;
    this.calls.push({ method, round: this.round });
    try {
      await new Promise((r) => setImmediate(r));
      const f = this.failures.get(method);
      if (f) throw f;
      return fn();
    } finally {
      this.inFlight--;
    }
  }

  /** Number of sequential rounds of calls so far. */
  get rounds(): number {
    return this.round;
  }

  private transitiveGroups(id: string): string[] {
    const out = new Set<string>();
    const stack = [...(this.tenant.memberOf[id] ?? [])];
    while (stack.length) {
      const g = stack.pop()!;
      if (out.has(g)) continue;
      out.add(g);
      stack.push(...(this.tenant.memberOf[g] ?? []));
    }
    return [...out];
  }

  findVault(name: string) {
    return this.call('findVault', () => this.tenant.vaults.find((v) => v.name.toLowerCase() === name.toLowerCase()));
  }
  getVault(id: string) {
    return this.call('getVault', () => {
      const v = this.tenant.vaults.find((x) => norm(x.id) === norm(id));
      if (!v) throw new AzureAccessError('not-found', 'no vault', { operation: 'vaults.get', statusCode: 404 });
      return v;
    });
  }
  updateAccessPolicies(): Promise<never> {
    return this.call('updateAccessPolicies', () => {
      throw new Error('probes must not write');
    });
  }
  listRoleAssignments(scope: string, filter?: { assignedTo?: string; principalId?: string; atScope?: boolean }) {
    return this.call('listRoleAssignments', () => {
      const s = norm(scope);
      return this.tenant.assignments.filter((a) => {
        const as = norm(a.scope);
        const above = as === s || s.startsWith(`${as}/`) || as === '';
        const below = as.startsWith(`${s}/`);
        if (!(above || (below && !filter?.atScope))) return false;
        if (filter?.assignedTo) {
          const ids = [filter.assignedTo, ...this.transitiveGroups(filter.assignedTo)].map((x) => x.toLowerCase());
          return ids.includes(a.principalId.toLowerCase());
        }
        if (filter?.principalId) return a.principalId.toLowerCase() === filter.principalId.toLowerCase();
        return true;
      });
    });
  }
  getRoleDefinition(id: string) {
    return this.call('getRoleDefinition', () => {
      const guid = id.split('/').pop()!.toLowerCase();
      const d = this.tenant.definitions.find((x) => x.name.toLowerCase() === guid);
      if (!d)
        throw new AzureAccessError('not-found', 'RoleDefinitionDoesNotExist', {
          operation: 'roleDefinitions.get',
          statusCode: 404,
        });
      return d;
    });
  }
  findRoleDefinitions(_scope: string, roleName: string) {
    return this.call('findRoleDefinitions', () => this.tenant.definitions.filter((d) => d.roleName === roleName));
  }
  createRoleAssignment(): Promise<never> {
    return this.call('createRoleAssignment', () => {
      throw new Error('probes must not write');
    });
  }
  deleteRoleAssignment(): Promise<never> {
    return this.call('deleteRoleAssignment', () => {
      throw new Error('probes must not write');
    });
  }
  getDirectoryObjects(ids: string[]) {
    return this.call('getDirectoryObjects', () =>
      this.tenant.objects.filter((o) => ids.some((i) => i.toLowerCase() === o.id.toLowerCase())),
    );
  }
  getMemberGroups(id: string) {
    return this.call('getMemberGroups', () => {
      if (!this.tenant.objects.some((o) => o.id === id))
        throw new AzureAccessError('not-found', 'Request_ResourceNotFound', {
          operation: 'graph.getMemberObjects',
          statusCode: 404,
        });
      return this.transitiveGroups(id);
    });
  }
  findGroupsByName(name: string) {
    return this.call('findGroupsByName', () =>
      this.tenant.objects.filter((o) => o.type === 'group' && o.displayName === name),
    );
  }
  findServicePrincipalByAppId(appId: string) {
    return this.call('findServicePrincipalByAppId', () =>
      this.tenant.objects.find((o) => o.type === 'servicePrincipal' && o.appId === appId),
    );
  }
  listDiagnosticSettings(resourceId: string) {
    return this.call('listDiagnosticSettings', () => this.tenant.diagnostics?.[norm(resourceId)] ?? []);
  }
  putDiagnosticSetting(): Promise<never> {
    return this.call('putDiagnosticSetting', () => {
      throw new Error('probes must not write');
    });
  }
  deleteDiagnosticSetting(): Promise<never> {
    return this.call('deleteDiagnosticSetting', () => {
      throw new Error('probes must not write');
    });
  }
  getMetrics(_resourceId: string, query: { metricNames: string[] }) {
    return this.call('getMetrics', () => (this.tenant.metrics ?? []).filter((m) => query.metricNames.includes(m.name)));
  }
}
