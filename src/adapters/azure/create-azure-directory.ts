/**
 * The `AzureDirectory` port over the real SDK clients: `@azure/arm-keyvault` 5 (one client per
 * subscription: it binds its subscription at construction), `@azure/arm-authorization` 9,
 * `@azure/arm-monitor` 7 and Microsoft Graph through `@azure-rest/core-client`. The same code
 * talks to Azure and to the emulator; only endpoints, credential and trusted CA differ.
 * Management plane only: there is no data-plane client, so no secret value can ever be read.
 */
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { MonitorClient } from '@azure/arm-monitor';
import type { TokenCredential } from '@azure/core-auth';
import type {
  AccessPolicy,
  AccessPolicyUpdateKind,
  AzureDirectory,
  CallOptions,
  DiagnosticSetting,
  DirectoryObject,
  Metric,
  MetricsQuery,
  RoleAssignment,
  RoleAssignmentFilter,
  RoleDefinition,
  Vault,
} from '../../core/probes/azure-directory.js';
import { AzureAccessError } from '../../core/probes/azure-error.js';
import { parseVaultId, subscriptionOf } from './arm-id.js';
import { diagnosticSettingsApiVersionPolicy } from './api-version-policy.js';
import { deadlineSignal, raceAbort } from './call-deadline.js';
import { callSignalPolicy, withCallSignal } from './call-signal-policy.js';
import { GraphDirectory } from './graph-directory.js';
import { mapAccessPolicy, toSdkAccessPolicy } from './map-access-policy.js';
import { toAzureAccessError } from './map-azure-error.js';
import { mapDiagnosticSetting, toSdkDiagnosticSetting } from './map-diagnostic-setting.js';
import { mapMetric } from './map-metric.js';
import { mapRoleAssignment } from './map-role-assignment.js';
import { mapRoleDefinition } from './map-role-definition.js';
import { mapVault } from './map-vault.js';

/** ARM token scope, pinned so a real credential never asks for `{emulator}/.default`. */
export const ARM_SCOPE = 'https://management.azure.com/.default';

/** Options of {@link createAzureDirectory} (Azure SDK style: an options bag, durations in ms). */
export interface AzureDirectoryOptions {
  credential: TokenCredential;
  /** Subscriptions the bot looks for vaults in. */
  subscriptionIds: string[];
  /** Default `https://management.azure.com`. */
  armEndpoint?: string;
  /** Default `https://graph.microsoft.com`. */
  graphEndpoint?: string;
  /** Extra trust for the clients only (the emulator's CA); never a process-wide TLS change. */
  tlsOptions?: { ca?: string | Buffer };
  /** SDK retry policy (tests use a few short retries). */
  retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  /** Deadline of each call (including its retries); default 15 s. */
  callTimeoutInMs?: number;
  /** True when the endpoints are the emulator's, so results say "sandbox". */
  sandbox?: boolean;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Builds a role-assignment `$filter` in ARM syntax (azure-facts.md §3.3); undefined for no filter. */
export function roleAssignmentFilter(f: RoleAssignmentFilter | undefined): string | undefined {
  if (!f) return undefined;
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const parts = [
    f.atScope ? 'atScope()' : '',
    f.assignedTo ? `assignedTo(${q(f.assignedTo)})` : '',
    f.principalId ? `principalId eq ${q(f.principalId)}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' and ') : undefined;
}

class SdkAzureDirectory implements AzureDirectory {
  readonly sandbox: boolean;
  private readonly timeoutInMs: number;
  private readonly common: Record<string, unknown>;
  private readonly keyVault = new Map<string, KeyVaultManagementClient>();
  private readonly authorization = new Map<string, AuthorizationManagementClient>();
  private readonly monitor = new Map<string, MonitorClient>();
  private readonly graph: GraphDirectory;
  /** Where each vault lives (name → sub/rg), learnt from listings; contents are always read fresh. */
  private readonly vaultIndex = new Map<string, { subscriptionId: string; resourceGroup: string; name: string }>();

  constructor(private readonly options: AzureDirectoryOptions) {
    this.sandbox = options.sandbox === true;
    this.timeoutInMs = options.callTimeoutInMs ?? DEFAULT_TIMEOUT_MS;
    this.common = {
      endpoint: (options.armEndpoint ?? 'https://management.azure.com').replace(/\/+$/, ''),
      ...(options.tlsOptions ? { tlsOptions: options.tlsOptions } : {}),
      ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
      userAgentOptions: { userAgentPrefix: 'kv-access-assistant' },
      additionalPolicies: [{ policy: callSignalPolicy, position: 'perCall' as const }],
    };
    this.graph = new GraphDirectory(options.graphEndpoint ?? 'https://graph.microsoft.com', options.credential, {
      ...(options.tlsOptions ? { tlsOptions: options.tlsOptions } : {}),
      ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
      userAgentOptions: { userAgentPrefix: 'kv-access-assistant' },
      additionalPolicies: [{ policy: callSignalPolicy, position: 'perCall' }],
    });
  }

  private kv(sub: string): KeyVaultManagementClient {
    let c = this.keyVault.get(sub);
    if (!c)
      this.keyVault.set(
        sub,
        (c = new KeyVaultManagementClient(this.options.credential, sub, {
          ...this.common,
          credentials: { scopes: [ARM_SCOPE] },
        })),
      );
    return c;
  }

  private authz(scope?: string): AuthorizationManagementClient {
    const sub =
      (scope && subscriptionOf(scope)) ?? this.options.subscriptionIds[0] ?? '00000000-0000-0000-0000-000000000000';
    let c = this.authorization.get(sub);
    if (!c)
      this.authorization.set(
        sub,
        (c = new AuthorizationManagementClient(this.options.credential, sub, {
          ...this.common,
          credentialScopes: [ARM_SCOPE],
        })),
      );
    return c;
  }

  private mon(resourceId: string): MonitorClient {
    const sub = subscriptionOf(resourceId) ?? this.options.subscriptionIds[0] ?? '00000000-0000-0000-0000-000000000000';
    let c = this.monitor.get(sub);
    if (!c)
      this.monitor.set(
        sub,
        (c = new MonitorClient(this.options.credential, sub, {
          ...this.common,
          credentialScopes: [ARM_SCOPE],
          additionalPolicies: [
            { policy: callSignalPolicy, position: 'perCall' },
            { policy: diagnosticSettingsApiVersionPolicy, position: 'perCall' },
          ],
        })),
      );
    return c;
  }

  /**
   * Runs one port call under a deadline and maps every failure to an AzureAccessError. The
   * deadline covers the whole call, every page of a list included: the signal reaches requests
   * the SDK sends without one (callSignalPolicy), and the race ends the call even if one ignores it.
   */
  private async call<T>(
    operation: string,
    options: CallOptions | undefined,
    fn: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const abortSignal = deadlineSignal(this.timeoutInMs, options?.abortSignal);
    try {
      return await raceAbort(
        withCallSignal(abortSignal, () => fn(abortSignal)),
        abortSignal,
      );
    } catch (e) {
      throw toAzureAccessError(e, operation);
    }
  }

  async findVault(name: string, options?: CallOptions): Promise<Vault | undefined> {
    const key = name.toLowerCase();
    const known = this.vaultIndex.get(key);
    if (known) {
      try {
        return await this.call('vaults.get', options, async (abortSignal) =>
          mapVault(await this.kv(known.subscriptionId).vaults.get(known.resourceGroup, known.name, { abortSignal })),
        );
      } catch (e) {
        if (!(e instanceof AzureAccessError && e.kind === 'not-found')) throw e;
        this.vaultIndex.delete(key); // moved or deleted: fall back to a fresh listing
      }
    }
    const listed = await Promise.allSettled(
      this.options.subscriptionIds.map((sub) =>
        this.call('vaults.listBySubscription', options, async (abortSignal) => {
          let match: Vault | undefined;
          for await (const v of this.kv(sub).vaults.listBySubscription({ abortSignal })) {
            const vault = mapVault(v);
            this.vaultIndex.set(vault.name.toLowerCase(), {
              subscriptionId: vault.subscriptionId,
              resourceGroup: vault.resourceGroup,
              name: vault.name,
            });
            // Found: stop paging (a slow or failing later page must not hide it).
            if (vault.name.toLowerCase() === key) {
              match = vault;
              break;
            }
          }
          return match;
        }),
      ),
    );
    // One unreadable subscription (no Reader there, throttled) must not hide a vault found in
    // another; only when the vault is nowhere readable does that failure explain the miss.
    for (const r of listed) if (r.status === 'fulfilled' && r.value) return r.value;
    const failed = listed.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return undefined;
  }

  knownVaultNames(): string[] {
    return [...this.vaultIndex.values()].map((v) => v.name);
  }

  getVault(vaultId: string, options?: CallOptions): Promise<Vault> {
    return this.call('vaults.get', options, async (abortSignal) => {
      const { subscriptionId, resourceGroup, name } = parseVaultId(vaultId, 'vaults.get');
      return mapVault(await this.kv(subscriptionId).vaults.get(resourceGroup, name, { abortSignal }));
    });
  }

  updateAccessPolicies(
    vaultId: string,
    kind: AccessPolicyUpdateKind,
    entries: AccessPolicy[],
    options?: CallOptions,
  ): Promise<AccessPolicy[]> {
    return this.call(`vaults.updateAccessPolicy.${kind}`, options, async (abortSignal) => {
      const { subscriptionId, resourceGroup, name } = parseVaultId(vaultId, 'vaults.updateAccessPolicy');
      const res = await this.kv(subscriptionId).vaults.updateAccessPolicy(
        resourceGroup,
        name,
        kind,
        { properties: { accessPolicies: entries.map(toSdkAccessPolicy) } },
        { abortSignal },
      );
      return res.properties.accessPolicies.map(mapAccessPolicy);
    });
  }

  listRoleAssignments(scope: string, filter?: RoleAssignmentFilter, options?: CallOptions): Promise<RoleAssignment[]> {
    return this.call('roleAssignments.listForScope', options, async (abortSignal) => {
      const out: RoleAssignment[] = [];
      const f = roleAssignmentFilter(filter);
      for await (const a of this.authz(scope).roleAssignments.listForScope(scope, {
        abortSignal,
        ...(f ? { filter: f } : {}),
      }))
        out.push(mapRoleAssignment(a));
      return out;
    });
  }

  getRoleDefinition(roleDefinitionId: string, options?: CallOptions): Promise<RoleDefinition> {
    return this.call('roleDefinitions.get', options, async (abortSignal) => {
      // Built-in ids come as `/providers/...` or subscription-prefixed; `get` at the subscription works for both.
      const guid = roleDefinitionId.split('/').filter(Boolean).pop() ?? roleDefinitionId;
      const sub = subscriptionOf(roleDefinitionId) ?? this.options.subscriptionIds[0];
      const scope = sub ? `/subscriptions/${sub}` : '/';
      return mapRoleDefinition(await this.authz(scope).roleDefinitions.get(scope, guid, { abortSignal }));
    });
  }

  findRoleDefinitions(scope: string, roleName: string, options?: CallOptions): Promise<RoleDefinition[]> {
    return this.call('roleDefinitions.list', options, async (abortSignal) => {
      const out: RoleDefinition[] = [];
      for await (const d of this.authz(scope).roleDefinitions.list(scope, {
        abortSignal,
        filter: `roleName eq '${roleName.replace(/'/g, "''")}'`,
      }))
        out.push(mapRoleDefinition(d));
      return out;
    });
  }

  createRoleAssignment(
    scope: string,
    name: string,
    assignment: { roleDefinitionId: string; principalId: string; principalType?: string },
    options?: CallOptions,
  ): Promise<RoleAssignment> {
    return this.call('roleAssignments.create', options, async (abortSignal) =>
      mapRoleAssignment(await this.authz(scope).roleAssignments.create(scope, name, assignment, { abortSignal })),
    );
  }

  deleteRoleAssignment(roleAssignmentId: string, options?: CallOptions): Promise<void> {
    return this.call('roleAssignments.deleteById', options, async (abortSignal) => {
      await this.authz(roleAssignmentId).roleAssignments.deleteById(roleAssignmentId, { abortSignal });
    });
  }

  getDirectoryObjects(ids: string[], options?: CallOptions): Promise<DirectoryObject[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.call('graph.getByIds', options, (abortSignal) => this.graph.getByIds(ids, abortSignal));
  }

  getMemberGroups(objectId: string, options?: CallOptions): Promise<string[]> {
    return this.call('graph.getMemberGroups', options, (abortSignal) => this.graph.memberGroups(objectId, abortSignal));
  }

  findUserByPrincipalName(upn: string, options?: CallOptions): Promise<DirectoryObject | undefined> {
    return this.call('graph.getUser', options, (abortSignal) => this.graph.userByPrincipalName(upn, abortSignal));
  }

  findGroupsByName(displayName: string, options?: CallOptions): Promise<DirectoryObject[]> {
    return this.call('graph.listGroups', options, (abortSignal) => this.graph.groupsByName(displayName, abortSignal));
  }

  findServicePrincipalByAppId(appId: string, options?: CallOptions): Promise<DirectoryObject | undefined> {
    return this.call('graph.listServicePrincipals', options, (abortSignal) =>
      this.graph.servicePrincipalByAppId(appId, abortSignal),
    );
  }

  listDiagnosticSettings(resourceId: string, options?: CallOptions): Promise<DiagnosticSetting[]> {
    return this.call('diagnosticSettings.list', options, async (abortSignal) => {
      let raw: unknown;
      // The raw body keeps `categoryGroup`, which arm-monitor 7's model drops.
      await this.mon(resourceId).diagnosticSettings.list(resourceId, {
        abortSignal,
        onResponse: (r) => {
          raw = r.parsedBody;
        },
      });
      const value = (raw as { value?: unknown } | undefined)?.value;
      if (!Array.isArray(value)) throw new TypeError('diagnostic settings list without a value array');
      return value.map(mapDiagnosticSetting).filter((s): s is DiagnosticSetting => s !== undefined);
    });
  }

  putDiagnosticSetting(
    resourceId: string,
    setting: DiagnosticSetting,
    options?: CallOptions,
  ): Promise<DiagnosticSetting> {
    return this.call('diagnosticSettings.createOrUpdate', options, async (abortSignal) => {
      let raw: unknown;
      await this.mon(resourceId).diagnosticSettings.createOrUpdate(
        resourceId,
        setting.name,
        toSdkDiagnosticSetting(setting),
        {
          abortSignal,
          onResponse: (r) => {
            raw = r.parsedBody;
          },
        },
      );
      const mapped = mapDiagnosticSetting(raw);
      if (!mapped) throw new TypeError('diagnostic setting response without a name');
      return mapped;
    });
  }

  deleteDiagnosticSetting(resourceId: string, name: string, options?: CallOptions): Promise<void> {
    return this.call('diagnosticSettings.delete', options, (abortSignal) =>
      this.mon(resourceId).diagnosticSettings.delete(resourceId, name, { abortSignal }),
    );
  }

  getMetrics(resourceId: string, query: MetricsQuery, options?: CallOptions): Promise<Metric[]> {
    return this.call('metrics.list', options, async (abortSignal) => {
      const res = await this.mon(resourceId).metrics.list(resourceId, {
        abortSignal,
        metricnames: query.metricNames.join(','),
        timespan: query.timespan,
        interval: query.interval,
        aggregation: query.aggregation,
        ...(query.filter ? { filter: query.filter } : {}),
      });
      return res.value.map(mapMetric);
    });
  }
}

/** Creates the AzureDirectory adapter. */
export function createAzureDirectory(options: AzureDirectoryOptions): AzureDirectory {
  return new SdkAzureDirectory(options);
}
