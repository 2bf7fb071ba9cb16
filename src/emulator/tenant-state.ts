/**
 * The emulator's live tenant: a private copy of the fixture that routes read and change, with the
 * lookups they share (vaults by id, transitive group membership, role definitions in scope).
 * Tests read it back through `RunningEmulator.state` or `GET /_emulator/state`.
 */
import { BUILTIN_ROLES } from './builtin-roles.js';
import type {
  ArmDiagnosticSetting,
  ArmRoleAssignment,
  ArmRoleDefinition,
  ArmVault,
  FixtureResourceMetrics,
  FixtureSubscription,
  GraphObject,
  TenantFixture,
} from './fixture-types.js';
import { isAtOrAbove, scopeKey, subscriptionOf } from './scope.js';

/** Graph entity kinds the directory holds. */
export type DirectoryKind = 'user' | 'group' | 'servicePrincipal' | 'application';

/** A directory object with its kind. */
export interface DirectoryEntry {
  kind: DirectoryKind;
  object: GraphObject;
}

const KIND_LISTS: [DirectoryKind, keyof TenantFixture['directory']][] = [
  ['user', 'users'],
  ['group', 'groups'],
  ['servicePrincipal', 'servicePrincipals'],
  ['application', 'applications'],
];

/** The id segment after the last `/` (role definition GUID from a full id). */
export function lastSegment(id: string): string {
  return id.replace(/\/+$/, '').split('/').pop()!.toLowerCase();
}

/** Mutable tenant state behind a running emulator. */
export class TenantState {
  /** The live fixture; routes mutate it (access policies, role assignments, diagnostic settings). */
  readonly fixture: TenantFixture;

  constructor(fixture: TenantFixture) {
    this.fixture = structuredClone(fixture);
    for (const sub of this.fixture.subscriptions) {
      sub.roleAssignments ??= [];
      sub.diagnosticSettings ??= [];
      sub.metrics ??= [];
      for (const ra of sub.roleAssignments) this.completeAssignment(ra);
      for (const ds of sub.diagnosticSettings) this.completeDiagnosticSetting(ds);
    }
    this.fixture.roleDefinitions ??= [];
    for (const rd of this.fixture.roleDefinitions) {
      rd.type ??= 'Microsoft.Authorization/roleDefinitions';
      rd.id ??= `/providers/Microsoft.Authorization/roleDefinitions/${rd.name}`;
    }
  }

  /** A deep copy of the current state, in fixture form. */
  snapshot(): TenantFixture {
    return structuredClone(this.fixture);
  }

  /** The subscription with this id (case-insensitive). */
  subscription(subscriptionId: string): FixtureSubscription | undefined {
    const id = subscriptionId.toLowerCase();
    return this.fixture.subscriptions.find((s) => s.subscriptionId.toLowerCase() === id);
  }

  /** Every vault of every subscription. */
  allVaults(): ArmVault[] {
    return this.fixture.subscriptions.flatMap((s) => s.vaults);
  }

  /** The vault with this ARM id. */
  vaultById(id: string): ArmVault | undefined {
    const key = scopeKey(id);
    return this.allVaults().find((v) => scopeKey(v.id) === key);
  }

  /** The first vault with this name (names are globally unique in Azure). */
  vault(name: string): ArmVault | undefined {
    const n = name.toLowerCase();
    return this.allVaults().find((v) => v.name.toLowerCase() === n);
  }

  /** Every role assignment in the tenant. */
  allRoleAssignments(): ArmRoleAssignment[] {
    return this.fixture.subscriptions.flatMap((s) => s.roleAssignments ?? []);
  }

  /** Fills `id`, `name`, `type` of an assignment the way ARM returns them. */
  completeAssignment(ra: ArmRoleAssignment): ArmRoleAssignment {
    ra.name ??= deterministicGuid(
      `${scopeKey(ra.properties.scope)}|${ra.properties.principalId}|${lastSegment(ra.properties.roleDefinitionId)}`,
    );
    ra.id ??= `${ra.properties.scope.replace(/\/$/, '')}/providers/Microsoft.Authorization/roleAssignments/${ra.name}`;
    ra.type ??= 'Microsoft.Authorization/roleAssignments';
    return ra;
  }

  /** Role definitions visible at a scope: built-ins plus custom roles assignable there. */
  roleDefinitions(scope: string): ArmRoleDefinition[] {
    const custom = (this.fixture.roleDefinitions ?? []).filter((rd) =>
      rd.properties.assignableScopes.some((s) => isAtOrAbove(s, scope) || isAtOrAbove(scope, s)),
    );
    return [...BUILTIN_ROLES, ...custom];
  }

  /** A role definition by GUID (or full id), built-in or custom. */
  roleDefinition(idOrGuid: string): ArmRoleDefinition | undefined {
    const guid = lastSegment(idOrGuid);
    return [...BUILTIN_ROLES, ...(this.fixture.roleDefinitions ?? [])].find((rd) => rd.name.toLowerCase() === guid);
  }

  /** A directory object of any kind, by id (or a user by userPrincipalName). */
  directoryObject(idOrUpn: string): DirectoryEntry | undefined {
    const key = idOrUpn.toLowerCase();
    for (const [kind, list] of KIND_LISTS) {
      const object = this.fixture.directory[list].find(
        (o) =>
          o.id.toLowerCase() === key ||
          (kind === 'user' && typeof o.userPrincipalName === 'string' && o.userPrincipalName.toLowerCase() === key),
      );
      if (object) return { kind, object };
    }
    return undefined;
  }

  /** All objects of one kind. */
  directoryList(kind: DirectoryKind): GraphObject[] {
    return this.fixture.directory[KIND_LISTS.find(([k]) => k === kind)![1]];
  }

  /** Ids (lower case) of the groups `objectId` belongs to, directly or through nested groups. */
  transitiveGroupIds(objectId: string): Set<string> {
    const result = new Set<string>();
    const queue = [objectId.toLowerCase()];
    while (queue.length > 0) {
      const member = queue.shift()!;
      for (const g of this.fixture.directory.groups) {
        const gid = g.id.toLowerCase();
        if (result.has(gid)) continue;
        if ((g.members ?? []).some((m) => m.toLowerCase() === member)) {
          result.add(gid);
          queue.push(gid);
        }
      }
    }
    return result;
  }

  /** Fills `id` and `type` of a diagnostic setting from its `resourceId`. */
  completeDiagnosticSetting(ds: ArmDiagnosticSetting): ArmDiagnosticSetting {
    if (!ds.resourceId && ds.id)
      ds.resourceId = ds.id.replace(/\/providers\/microsoft\.insights\/diagnosticsettings\/[^/]+$/i, '');
    ds.id ??= `${ds.resourceId}/providers/microsoft.insights/diagnosticSettings/${ds.name}`;
    ds.type ??= 'Microsoft.Insights/diagnosticSettings';
    return ds;
  }

  /** The subscription that holds a resource or scope. */
  subscriptionOfScope(scope: string): FixtureSubscription | undefined {
    const sub = subscriptionOf(scope);
    return sub ? this.subscription(sub) : undefined;
  }

  /** Diagnostic settings on one resource. */
  diagnosticSettings(resourceId: string): ArmDiagnosticSetting[] {
    const key = scopeKey(resourceId);
    return (this.subscriptionOfScope(resourceId)?.diagnosticSettings ?? []).filter(
      (d) => scopeKey(d.resourceId!) === key,
    );
  }

  /** Fixture metrics of one resource. */
  metrics(resourceId: string): FixtureResourceMetrics[] {
    const sub = this.subscriptionOfScope(resourceId);
    const key = scopeKey(resourceId);
    return (sub?.metrics ?? []).filter((m) => {
      const id = m.resourceId ?? sub?.vaults.find((v) => v.name.toLowerCase() === m.vault?.toLowerCase())?.id;
      return id !== undefined && scopeKey(id) === key;
    });
  }
}

/** A stable GUID-shaped id derived from text (so fixture assignments without a name keep one). */
export function deterministicGuid(text: string): string {
  // FNV-1a, four rounds with different seeds: enough spread for ids, no crypto needed.
  let hex = '';
  for (let seed = 0; seed < 4; seed++) {
    let h = 0x811c9dc5 ^ seed;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
