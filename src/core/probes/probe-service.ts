/**
 * Runs a probe by name: finds the vault, reads what the probe needs from Azure through the
 * `AzureDirectory` port in at most three sequential rounds (independent calls in parallel),
 * evaluates purely, and returns a result. Every Azure failure becomes an `undetermined` result
 * with an actionable reason. Management plane only: the port has no way to read secret values.
 */
import { similarNames } from './similar-names.js';
import type { AzureDirectory, CallOptions } from './azure-directory.js';
import { isAzureAccessError } from './azure-error.js';
import type { DirectoryObject, RoleAssignment, RoleDefinition, Vault } from './azure-model.js';
import { evaluateArmExport } from './arm-export.js';
import { evaluateAvailability } from './availability.js';
import type { Memberships } from './group-path.js';
import { evaluateLoggingStatus } from './logging-status.js';
import { evaluateModifyRights } from './modify-rights.js';
import { evaluatePermissionCheck } from './permission-check.js';
import { indexDirectory } from './principal-name.js';
import type { ProbeArgs, ValidArgs } from './probe-args.js';
import { validateProbeArgs } from './probe-args.js';
import { describeAzureFailure } from './probe-failure.js';
import type { PermissionModel, ProbeName, ProbeResult } from './probe-result.js';
import { PROBE_NAMES, isProbeName } from './probe-result.js';
import { evaluateThrottling } from './throttling.js';
import { evaluateUnknownPolicies } from './unknown-policies.js';

/** Options of a {@link ProbeService}. */
export interface ProbeServiceOptions {
  /** Clock for metric time spans (tests pin it). */
  now?: () => Date;
  /** How many of a principal's groups to read nesting for (group paths in evidence). Default 20. */
  maxGroupsForPaths?: number;
}

/** The vault could not be found in any configured subscription (turned into a result by `run`). */
class VaultNotFoundError extends Error {
  override readonly name = 'VaultNotFoundError';
  constructor(readonly vault: string) {
    super(`vault ${vault} not found`);
  }
}

const DAY_MS = 24 * 3_600_000;

/** Runs probes against Azure through the port. */
export class ProbeService {
  private readonly now: () => Date;
  private readonly maxGroupsForPaths: number;

  constructor(
    private readonly directory: AzureDirectory,
    options: ProbeServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.maxGroupsForPaths = options.maxGroupsForPaths ?? 20;
  }

  /** Runs the probe `name` with `args`; never throws for Azure failures or bad input. */
  async run(name: string, args: ProbeArgs, options: CallOptions = {}): Promise<ProbeResult> {
    const sandbox = this.directory.sandbox;
    const vaultName = typeof args?.vault === 'string' ? args.vault.trim() : '';
    if (!isProbeName(name)) {
      return this.undetermined(
        PROBE_NAMES[0],
        vaultName,
        null,
        `"${name}" is not a probe: use one of ${PROBE_NAMES.join(', ')}.`,
        sandbox,
      );
    }
    const valid = validateProbeArgs(name, args ?? { vault: '' });
    if (!valid.ok) return this.undetermined(name, vaultName, null, valid.message, sandbox);
    let model: PermissionModel | null = null;
    try {
      const vault = await this.requireVault(valid.args.vault, options, valid.args.principal);
      model = vault.vault.enableRbacAuthorization ? 'rbac' : 'access-policy';
      const body = await this.dispatch(name, valid.args, vault, options);
      return { probe: name, vault: vault.vault.name, model, sandbox, ...body } as ProbeResult;
    } catch (e) {
      if (e instanceof VaultNotFoundError) {
        const near = similarNames(e.vault, this.directory.knownVaultNames?.() ?? []);
        const didYouMean = near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : '';
        const result = this.undetermined(
          name,
          e.vault,
          null,
          `Vault ${e.vault} was not found in the subscriptions the bot is configured for.${didYouMean} Check the name, or add its subscription to the bot's configuration and grant the bot Reader on it.`,
          sandbox,
        );
        // The near names, for a button per name (the result card) rather than a retry of the typo.
        return near.length > 0 ? { ...result, similarVaults: near } : result;
      }
      if (isAzureAccessError(e)) {
        return this.undetermined(name, valid.args.vault, model, describeAzureFailure(e), sandbox, [
          {
            kind: 'azure-error',
            failure: e.kind,
            operation: e.details.operation,
            statusCode: e.details.statusCode,
            code: e.details.code,
            text: e.message,
          },
        ]);
      }
      throw e;
    }
  }

  private undetermined(
    probe: ProbeName,
    vault: string,
    model: PermissionModel | null,
    reason: string,
    sandbox: boolean,
    evidence: ProbeResult['evidence'] = [],
  ): ProbeResult {
    return { probe, vault, model, verdict: 'undetermined', reason, evidence, fixes: [], sandbox };
  }

  /**
   * Round 1: the vault, and — when a principal is named — its transitive groups and its
   * directory object, all in parallel.
   */
  private async requireVault(name: string, options: CallOptions, principal?: string): Promise<RoundOne> {
    const d = this.directory;
    const [vault, groups, objects] = await Promise.all([
      d.findVault(name, options),
      principal ? tolerateNotFound(d.getMemberGroups(principal, options), []) : Promise.resolve([]),
      principal ? d.getDirectoryObjects([principal], options) : Promise.resolve([]),
    ]);
    if (!vault) throw new VaultNotFoundError(name);
    return { vault, groups, principalObject: objects[0] };
  }

  private async dispatch(
    name: ProbeName,
    args: ValidArgs,
    r1: RoundOne,
    options: CallOptions,
  ): Promise<Record<string, unknown>> {
    const { vault } = r1;
    switch (name) {
      case 'permission-check':
        return this.permissionCheck(args, r1, options);
      case 'unknown-policies':
        return this.unknownPolicies(vault, options);
      case 'modify-rights':
        return this.modifyRights(args, r1, options);
      case 'logging-status':
        return { ...evaluateLoggingStatus(vault, await this.directory.listDiagnosticSettings(vault.id, options)) };
      case 'throttling': {
        const metrics = await this.directory.getMetrics(
          vault.id,
          {
            metricNames: ['ServiceApiResult'],
            timespan: this.lastDay(),
            interval: 'PT1M',
            aggregation: 'count',
            filter: "StatusCode eq '*'",
          },
          options,
        );
        return { ...evaluateThrottling(vault, metrics, 60) };
      }
      case 'availability': {
        const metrics = await this.directory.getMetrics(
          vault.id,
          {
            metricNames: ['Availability', 'ServiceApiLatency'],
            timespan: this.lastDay(),
            interval: 'PT1H',
            aggregation: 'average,minimum,maximum',
          },
          options,
        );
        return { ...evaluateAvailability(vault, metrics) };
      }
      case 'arm-export':
        return { ...evaluateArmExport(vault) };
    }
  }

  private lastDay(): string {
    const end = this.now();
    return `${new Date(end.getTime() - DAY_MS).toISOString()}/${end.toISOString()}`;
  }

  /** Reads the nesting of the principal's groups, for group paths in evidence (parallel, capped). */
  private async groupParents(groups: string[], options: CallOptions): Promise<Record<string, string[]> | undefined> {
    if (groups.length === 0 || groups.length > this.maxGroupsForPaths) return undefined;
    const parents = await Promise.all(
      groups.map((g) => tolerateNotFound(this.directory.getMemberGroups(g, options), [])),
    );
    return Object.fromEntries(groups.map((g, i) => [g, parents[i]!]));
  }

  private async permissionCheck(args: ValidArgs, r1: RoundOne, options: CallOptions): Promise<Record<string, unknown>> {
    const d = this.directory;
    const principal = args.principal!;
    const { vault, groups } = r1;
    const known: DirectoryObject[] = r1.principalObject ? [r1.principalObject] : [];
    let assignments: RoleAssignment[] | undefined;
    let definitions: Map<string, RoleDefinition> | undefined;
    let parentsOf: Record<string, string[]> | undefined;
    let names: DirectoryObject[];
    if (vault.enableRbacAuthorization) {
      // assignedTo() is transitive through groups but refuses a group id: groups (and unresolved ids) list everything and filter here.
      const type = r1.principalObject?.type;
      const filter = type === 'user' || type === 'servicePrincipal' ? { assignedTo: principal } : undefined;
      // Round 2: assignments, group nesting and group names in parallel.
      let groupNames: DirectoryObject[];
      [assignments, parentsOf, groupNames] = await Promise.all([
        d.listRoleAssignments(vault.id, filter, options),
        this.groupParents(groups, options),
        groups.length ? d.getDirectoryObjects(groups, options) : Promise.resolve([]),
      ]);
      // Round 3: every distinct role definition, and names of assignees not yet known.
      const ids = unique(assignments.map((a) => a.roleDefinitionId));
      const knownIds = new Set([...known, ...groupNames].map((o) => o.id.toLowerCase()));
      const unknownPrincipals = unique(assignments.map((a) => a.principalId)).filter(
        (p) => !knownIds.has(p.toLowerCase()),
      );
      const [defs, more] = await Promise.all([
        Promise.all(ids.map((id) => tolerateNotFound(d.getRoleDefinition(id, options), undefined))),
        unknownPrincipals.length ? d.getDirectoryObjects(unknownPrincipals, options) : Promise.resolve([]),
      ]);
      definitions = definitionIndex(defs);
      names = [...known, ...groupNames, ...more];
    } else {
      // Round 2: names of every policy holder and group, and group nesting, in parallel.
      const ids = unique([...vault.accessPolicies.map((p) => p.objectId), ...groups]).filter(
        (id) => id.toLowerCase() !== principal.toLowerCase(),
      );
      const [resolved, parents] = await Promise.all([
        ids.length ? d.getDirectoryObjects(ids, options) : Promise.resolve([]),
        this.groupParents(groups, options),
      ]);
      parentsOf = parents;
      names = [...known, ...resolved];
    }
    const memberships: Memberships = { principalId: principal, groups, ...(parentsOf ? { parentsOf } : {}) };
    // An id that is no object may be an application's client id: its service principal says which.
    const servicePrincipalOfAppId = r1.principalObject
      ? undefined
      : await d.findServicePrincipalByAppId(principal, options).catch(() => undefined);
    const outcome = evaluatePermissionCheck({
      vault,
      principalId: principal,
      operation: args.operation,
      memberships,
      names: indexDirectory(names),
      ...(assignments ? { assignments } : {}),
      ...(definitions ? { definitions } : {}),
      ...(args.clientIp ? { clientIp: args.clientIp } : {}),
      ...(args.applicationId ? { applicationId: args.applicationId } : {}),
      ...(servicePrincipalOfAppId ? { servicePrincipalOfAppId } : {}),
    });
    return { ...outcome };
  }

  private async unknownPolicies(vault: Vault, options: CallOptions): Promise<Record<string, unknown>> {
    const ids = unique(vault.accessPolicies.map((p) => p.objectId));
    const resolved = ids.length ? await this.directory.getDirectoryObjects(ids, options) : [];
    const apps = resolved.filter((o) => o.type === 'application');
    const sps = await Promise.all(
      apps.map((a) =>
        a.appId ? this.directory.findServicePrincipalByAppId(a.appId, options) : Promise.resolve(undefined),
      ),
    );
    const spByApp = new Map(apps.map((a, i) => [a.id.toLowerCase(), sps[i]]));
    return { ...evaluateUnknownPolicies(vault, indexDirectory(resolved), spByApp) };
  }

  private async modifyRights(args: ValidArgs, r1: RoundOne, options: CallOptions): Promise<Record<string, unknown>> {
    const d = this.directory;
    const assignments = await d.listRoleAssignments(r1.vault.id, undefined, options);
    const ids = unique(assignments.map((a) => a.roleDefinitionId));
    const principals = unique(assignments.map((a) => a.principalId));
    const [defs, names] = await Promise.all([
      Promise.all(ids.map((id) => tolerateNotFound(d.getRoleDefinition(id, options), undefined))),
      principals.length ? d.getDirectoryObjects(principals, options) : Promise.resolve([]),
    ]);
    const all = r1.principalObject ? [r1.principalObject, ...names] : names;
    return {
      ...evaluateModifyRights({
        vault: r1.vault,
        assignments,
        definitions: definitionIndex(defs),
        names: indexDirectory(all),
        ...(args.principal ? { principal: { principalId: args.principal, groups: r1.groups } } : {}),
      }),
    };
  }
}

interface RoundOne {
  vault: Vault;
  groups: string[];
  principalObject?: DirectoryObject;
}

function unique(ids: string[]): string[] {
  const seen = new Map<string, string>();
  for (const id of ids) if (!seen.has(id.toLowerCase())) seen.set(id.toLowerCase(), id);
  return [...seen.values()];
}

function definitionIndex(defs: (RoleDefinition | undefined)[]): Map<string, RoleDefinition> {
  const map = new Map<string, RoleDefinition>();
  for (const def of defs) {
    if (!def) continue;
    map.set(def.id.toLowerCase(), def);
    map.set(def.name.toLowerCase(), def);
  }
  return map;
}

/** A read that may legitimately find nothing (deleted principal, removed role) yields `fallback`. */
async function tolerateNotFound<T>(p: Promise<T>, fallback: T): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isAzureAccessError(e) && e.kind === 'not-found') return fallback;
    throw e;
  }
}
