/**
 * The FixService: plans fixes from live Azure state, applies an approved plan only if the vault
 * has not changed in a way that changes it, verifies by re-reading Azure, and undoes by applying
 * the plan's inverse. Every method returns a value (see fix-result.ts); Azure failures become
 * `failed` results with a message a person can act on.
 */
import type { AzureDirectory, CallOptions } from '../probes/azure-directory.js';
import type { DirectoryObject, RoleAssignment, Vault } from '../probes/azure-model.js';
import { isAzureAccessError } from '../probes/azure-error.js';
import { relateScope } from '../probes/scope.js';
import { planAssignRbacRole } from './assign-rbac-role.js';
import { DEFAULT_AUDIT_SETTING_NAME, planEnableAuditLogging } from './enable-audit-logging.js';
import { describeFailure } from './fix-failure.js';
import type { FixEffect, FixPlan, PlanOutcome } from './fix-plan.js';
import { isFixName } from './fix-plan.js';
import type { FixRequest } from './fix-request.js';
import type { ApplyResult, UndoResult, VerifyResult } from './fix-result.js';
import { checkEffect, type VerifyState } from './fix-verification.js';
import { planGrantAccessPolicy } from './grant-access-policy.js';
import { planGrantGroupAccess } from './grant-group-access.js';
import { APPLICATION_IAM_WARNING, groupWarnings } from './group-warnings.js';
import { parseOperations } from './operation-list.js';
import type { AssignedRole, PlanningContext } from './planning-context.js';
import { planRemoveOrphanedPolicy } from './remove-orphaned-policy.js';
import { accessPolicyFingerprint, diagnosticFingerprint, roleAssignmentFingerprint } from './vault-fingerprint.js';

/** How the FixService is built. */
export interface FixServiceOptions {
  /** Makes GUIDs for new role assignment names (e.g. `crypto.randomUUID`, injected so core stays pure and tests deterministic). */
  newGuid: () => string;
  /** Name of the diagnostic setting `enable-audit-logging` creates; default `kvbot-audit-logs`. */
  auditSettingName?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/i;

/** Raised inside the service only, to turn a bad input into a `refused` outcome. */
class InvalidFixRequestError extends Error {
  override readonly name = 'InvalidFixRequestError';
}

/** Plans, applies, verifies and undoes fixes through the AzureDirectory port. */
export class FixService {
  private readonly newGuid: () => string;
  private readonly auditSettingName: string;

  constructor(
    private readonly directory: AzureDirectory,
    options: FixServiceOptions,
  ) {
    this.newGuid = options.newGuid;
    this.auditSettingName = options.auditSettingName ?? DEFAULT_AUDIT_SETTING_NAME;
  }

  /** Plans a fix from the current Azure state. Never throws. */
  async plan(request: FixRequest, options: CallOptions = {}): Promise<PlanOutcome> {
    return this.planWith(request, this.newGuid, options);
  }

  /**
   * Applies an approved plan: re-reads the part of the vault the plan depends on; if it changed,
   * re-plans, and applies only if the change to make is still the same (else `stale` with the
   * fresh plan for a new approval). Never throws.
   */
  async apply(plan: FixPlan, options: CallOptions = {}): Promise<ApplyResult> {
    const shapeError = planShapeError(plan);
    if (shapeError)
      return { status: 'failed', failure: { kind: 'invalid-plan', operation: 'apply' }, message: shapeError };
    let current: string;
    try {
      current = await this.fingerprint(plan, options);
    } catch (e) {
      return { status: 'failed', ...describeFailure(e, 'applying') };
    }
    let toApply = plan;
    let replanned = false;
    if (current !== plan.basedOn) {
      if (!plan.request) {
        return {
          status: 'stale',
          message: `${plan.vault.name} changed since the fix was applied, so the undo was not run: the access now differs from what the undo would restore. Plan a new change instead.`,
        };
      }
      const keepName = plan.effect.kind === 'role-assignment-create' ? plan.effect.name : undefined;
      const fresh = await this.planWith(
        plan.request,
        keepName ? onceThen(keepName, this.newGuid) : this.newGuid,
        options,
      );
      if (fresh.kind !== 'planned' || !sameEffect(fresh.plan.effect, plan.effect)) {
        return {
          status: 'stale',
          message: `${plan.vault.name} changed since this fix was planned, and the change to make is no longer the same. Review the new plan; it needs a new approval.`,
          fresh,
        };
      }
      toApply = fresh.plan;
      replanned = true;
    }
    try {
      await this.execute(toApply, options);
    } catch (e) {
      return { status: 'failed', ...describeFailure(e, 'applying', toApply.effect) };
    }
    return { status: 'applied', plan: toApply, replanned, message: `Applied: ${toApply.summary}.` };
  }

  /** Re-reads Azure and checks the plan's after-state holds. Never throws. */
  async verify(plan: FixPlan, options: CallOptions = {}): Promise<VerifyResult> {
    const shapeError = planShapeError(plan);
    if (shapeError)
      return { status: 'failed', failure: { kind: 'invalid-plan', operation: 'verify' }, message: shapeError };
    let state: VerifyState;
    try {
      state = await this.readForVerify(plan, options);
    } catch (e) {
      return { status: 'failed', ...describeFailure(e, 'verifying') };
    }
    const checks = checkEffect(plan.effect, state, plan.principal.type);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length === 0)
      return { status: 'verified', checks, message: `Verified on ${plan.vault.name}: ${plan.summary}.` };
    const propagation = plan.effect.kind.startsWith('role-assignment')
      ? ' Role assignments can take a few minutes to show; verify again shortly.'
      : '';
    return {
      status: 'not-verified',
      checks,
      message: `Azure does not show the expected result yet: ${failed.map((c) => c.description).join('; ')} — not true.${propagation}`,
    };
  }

  /** Applies the plan's inverse and verifies it. Never throws. */
  async undo(plan: FixPlan, options: CallOptions = {}): Promise<UndoResult> {
    if (!plan || typeof plan !== 'object' || !plan.inverse) {
      return {
        apply: {
          status: 'failed',
          failure: { kind: 'invalid-plan', operation: 'undo' },
          message: 'This plan has no undo (it is itself an undo, or it is not a plan the bot made).',
        },
      };
    }
    const applied = await this.apply(plan.inverse, options);
    if (applied.status !== 'applied') return { apply: applied };
    return { apply: applied, verify: await this.verify(applied.plan, options) };
  }

  private async planWith(request: FixRequest, newGuid: () => string, options: CallOptions): Promise<PlanOutcome> {
    try {
      return await this.planOrThrow(request, newGuid, options);
    } catch (e) {
      if (e instanceof InvalidFixRequestError)
        return { kind: 'refused', reason: 'invalid-request', message: e.message };
      return { kind: 'failed', ...describeFailure(e, 'planning') };
    }
  }

  private async planOrThrow(request: FixRequest, newGuid: () => string, options: CallOptions): Promise<PlanOutcome> {
    if (!request || typeof request !== 'object' || typeof request.fix !== 'string' || !isFixName(request.fix)) {
      throw new InvalidFixRequestError(
        `Unknown fix: use one of grant-access-policy, grant-group-access, assign-rbac-role, remove-orphaned-policy, enable-audit-logging.`,
      );
    }
    if (typeof request.vault !== 'string' || request.vault.trim() === '')
      throw new InvalidFixRequestError('Which vault? Give the vault name or its resource id.');
    const vault = await this.findVault(request.vault.trim(), options);
    if (!vault)
      return {
        kind: 'not-found',
        what: 'vault',
        message: `No key vault named "${request.vault}" was found in the subscriptions the bot can read.`,
      };

    switch (request.fix) {
      case 'grant-access-policy':
      case 'assign-rbac-role': {
        const ops = parseOperations(request.operations);
        if (!ops.ok) return ops.outcome;
        const principalId = requireGuid(request.principalId, 'principal object id');
        const [principal] = await this.directory.getDirectoryObjects([principalId], options);
        if (!principal)
          return {
            kind: 'not-found',
            what: 'principal',
            message: `No user, group or service principal has object id ${principalId} in this directory. Check the id (it is the object id, not the application id).`,
          };
        const context = await this.context(vault, principal.id, newGuid, options);
        const warnings =
          principal.type === 'group'
            ? groupWarnings(vault.enableRbacAuthorization ? 'rbac' : 'access-policy', undefined)
            : await this.applicationWarnings(vault, principal, options);
        const input = { context, principal, operations: ops.operations, request, warnings };
        return request.fix === 'grant-access-policy' ? planGrantAccessPolicy(input) : planAssignRbacRole(input);
      }
      case 'grant-group-access': {
        const ops = parseOperations(request.operations);
        if (!ops.ok) return ops.outcome;
        const query = typeof request.group === 'string' ? request.group.trim() : '';
        if (query === '')
          return { kind: 'needs-input', field: 'group', message: 'Which group? Give its display name or object id.' };
        const byId = GUID.test(query);
        const matches = byId
          ? await this.directory.getDirectoryObjects([query], options)
          : await this.directory.findGroupsByName(query, options);
        const group = matches.length === 1 && matches[0]!.type === 'group' ? matches[0]! : undefined;
        const context = group
          ? await this.context(vault, group.id, newGuid, options)
          : { vault, assignments: [], newGuid };
        return planGrantGroupAccess({
          context,
          query,
          byId,
          matches,
          operations: ops.operations,
          memberKinds: request.memberKinds,
          request,
        });
      }
      case 'remove-orphaned-policy': {
        const objectId = requireGuid(request.objectId, 'object id');
        const [resolved] = await this.directory.getDirectoryObjects([objectId], options);
        const servicePrincipal =
          resolved?.type === 'application' && resolved.appId
            ? await this.directory.findServicePrincipalByAppId(resolved.appId, options)
            : undefined;
        return planRemoveOrphanedPolicy({
          vault,
          objectId,
          applicationId: request.applicationId,
          resolved,
          servicePrincipal,
          request,
        });
      }
      case 'enable-audit-logging': {
        const settings = await this.directory.listDiagnosticSettings(vault.id, options);
        return planEnableAuditLogging({
          vault,
          settings,
          request,
          workspaceId: request.workspaceId,
          storageAccountId: request.storageAccountId,
          settingName: request.settingName ?? this.auditSettingName,
        });
      }
    }
  }

  private async findVault(nameOrId: string, options: CallOptions): Promise<Vault | undefined> {
    if (!nameOrId.startsWith('/')) return this.directory.findVault(nameOrId, options);
    try {
      return await this.directory.getVault(nameOrId, options);
    } catch (e) {
      if (isAzureAccessError(e) && e.kind === 'not-found') return undefined;
      throw e;
    }
  }

  /** The principal's role assignments on the vault or above it, with their definitions (RBAC vaults only). */
  private async context(
    vault: Vault,
    principalId: string,
    newGuid: () => string,
    options: CallOptions,
  ): Promise<PlanningContext> {
    if (!vault.enableRbacAuthorization) return { vault, assignments: [], newGuid };
    const assignments = (await this.directory.listRoleAssignments(vault.id, { principalId }, options)).filter((a) =>
      ['vault', 'inherited'].includes(relateScope(a.scope, vault.id)),
    );
    const withRoles: AssignedRole[] = [];
    for (const assignment of assignments) {
      try {
        withRoles.push({
          assignment,
          definition: await this.directory.getRoleDefinition(assignment.roleDefinitionId, options),
        });
      } catch (e) {
        // An unreadable definition only means we cannot count the assignment as covering.
        if (!isAzureAccessError(e)) throw e;
        withRoles.push({ assignment });
      }
    }
    return { vault, assignments: withRoles, newGuid };
  }

  /** The FAQ's "an app also needs an IAM role on the vault", for service principals on access-policy vaults that have none. */
  private async applicationWarnings(vault: Vault, principal: DirectoryObject, options: CallOptions): Promise<string[]> {
    if (vault.enableRbacAuthorization || principal.type !== 'servicePrincipal') return [];
    try {
      const roles = await this.directory.listRoleAssignments(vault.id, { assignedTo: principal.id }, options);
      const applies = roles.some((a) => ['vault', 'inherited'].includes(relateScope(a.scope, vault.id)));
      return applies ? [] : [APPLICATION_IAM_WARNING];
    } catch (e) {
      if (!isAzureAccessError(e)) throw e;
      return [APPLICATION_IAM_WARNING];
    }
  }

  private async fingerprint(plan: FixPlan, options: CallOptions): Promise<string> {
    const effect = plan.effect;
    switch (effect.kind) {
      case 'access-policy-add':
      case 'access-policy-remove': {
        const vault = await this.directory.getVault(plan.vault.id, options);
        return accessPolicyFingerprint(vault, vault.accessPolicies, effect.objectId);
      }
      case 'role-assignment-create':
      case 'role-assignment-delete': {
        const vault = await this.directory.getVault(plan.vault.id, options);
        const assignments = await this.directory.listRoleAssignments(
          vault.id,
          { principalId: effect.principalId },
          options,
        );
        return roleAssignmentFingerprint(vault, assignments, effect.principalId);
      }
      case 'diagnostic-setting-put':
      case 'diagnostic-setting-delete':
        return diagnosticFingerprint(await this.directory.listDiagnosticSettings(plan.vault.id, options));
    }
  }

  private async execute(plan: FixPlan, options: CallOptions): Promise<void> {
    const effect = plan.effect;
    switch (effect.kind) {
      case 'access-policy-add':
      case 'access-policy-remove': {
        const entry = {
          tenantId: effect.tenantId,
          objectId: effect.objectId,
          permissions: effect.permissions,
          ...(effect.applicationId !== undefined ? { applicationId: effect.applicationId } : {}),
        };
        await this.directory.updateAccessPolicies(
          plan.vault.id,
          effect.kind === 'access-policy-add' ? 'add' : 'remove',
          [entry],
          options,
        );
        return;
      }
      case 'role-assignment-create':
        await this.directory.createRoleAssignment(
          effect.scope,
          effect.name,
          {
            roleDefinitionId: effect.roleDefinitionId,
            principalId: effect.principalId,
            principalType: effect.principalType,
          },
          options,
        );
        return;
      case 'role-assignment-delete':
        await this.directory.deleteRoleAssignment(
          `${effect.scope}/providers/Microsoft.Authorization/roleAssignments/${effect.name}`,
          options,
        );
        return;
      case 'diagnostic-setting-put':
        await this.directory.putDiagnosticSetting(plan.vault.id, effect.setting, options);
        return;
      case 'diagnostic-setting-delete':
        await this.directory.deleteDiagnosticSetting(plan.vault.id, effect.name, options);
        return;
    }
  }

  private async readForVerify(plan: FixPlan, options: CallOptions): Promise<VerifyState> {
    const effect = plan.effect;
    switch (effect.kind) {
      case 'access-policy-add':
      case 'access-policy-remove': {
        const vault = await this.directory.getVault(plan.vault.id, options);
        if (effect.kind === 'access-policy-add' && plan.principal.type === 'group') {
          const [principal] = await this.directory.getDirectoryObjects([effect.objectId], options);
          return { vault, principal };
        }
        return { vault };
      }
      case 'role-assignment-create':
      case 'role-assignment-delete': {
        const vault = await this.directory.getVault(plan.vault.id, options);
        const assignments: RoleAssignment[] = await this.directory.listRoleAssignments(
          vault.id,
          { principalId: effect.principalId },
          options,
        );
        return { vault, assignments };
      }
      case 'diagnostic-setting-put':
      case 'diagnostic-setting-delete':
        return { settings: await this.directory.listDiagnosticSettings(plan.vault.id, options) };
    }
  }
}

function requireGuid(value: unknown, what: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!GUID.test(text))
    throw new InvalidFixRequestError(
      `"${String(value ?? '')}" is not a ${what}: expected a GUID such as 00000000-0000-0000-0000-000000000000.`,
    );
  return text;
}

/** A generator that returns `first` once, then defers to `rest` (re-planning keeps the approved assignment name). */
function onceThen(first: string, rest: () => string): () => string {
  let used = false;
  return () => {
    if (used) return rest();
    used = true;
    return first;
  };
}

/** True when two effects make the same change. */
function sameEffect(a: FixEffect, b: FixEffect): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Why a value is not a plan the service can run, or undefined. Plans come back from storage, so check. */
function planShapeError(plan: FixPlan): string | undefined {
  const p = plan as Partial<FixPlan> | null;
  if (
    !p ||
    typeof p !== 'object' ||
    !p.effect ||
    typeof p.effect !== 'object' ||
    !p.vault ||
    typeof p.vault.id !== 'string' ||
    typeof p.basedOn !== 'string' ||
    !p.principal
  ) {
    return 'This is not a complete fix plan (it may have been altered or stored by an older version); plan the fix again.';
  }
  const kinds: FixEffect['kind'][] = [
    'access-policy-add',
    'access-policy-remove',
    'role-assignment-create',
    'role-assignment-delete',
    'diagnostic-setting-put',
    'diagnostic-setting-delete',
  ];
  if (!kinds.includes(p.effect.kind))
    return `Unknown change "${String(p.effect.kind)}" in the plan; plan the fix again.`;
  return undefined;
}
