/**
 * Whether re-read Azure state shows a plan's after-state. Pure: the service reads, this
 * compares. Each check is a sentence so the dialog and the audit log can show what was seen.
 */
import type { DiagnosticSetting, DirectoryObject, RoleAssignment, Vault } from '../probes/azure-model.js';
import { relateScope } from '../probes/scope.js';
import { CATEGORY_ORDER, findPolicy, grants } from './access-policy-merge.js';
import type { FixEffect } from './fix-plan.js';
import type { VerifyCheck } from './fix-result.js';
import { normaliseSetting, roleGuid } from './vault-fingerprint.js';

/** The state verify re-read (only the parts the effect needs are set). */
export interface VerifyState {
  vault?: Vault;
  assignments?: RoleAssignment[];
  settings?: DiagnosticSetting[];
  /** The re-resolved principal, for group grants. */
  principal?: DirectoryObject;
}

/** Checks the effect's after-state against the re-read state. */
export function checkEffect(effect: FixEffect, state: VerifyState, principalType?: string): VerifyCheck[] {
  switch (effect.kind) {
    case 'access-policy-add':
    case 'access-policy-remove': {
      const vault = state.vault!;
      const checks: VerifyCheck[] = [
        { description: `${vault.name} still uses access policies`, ok: !vault.enableRbacAuthorization },
      ];
      const entry = findPolicy(vault.accessPolicies, effect.objectId, effect.applicationId);
      if (effect.kind === 'access-policy-add' && principalType === 'group') {
        checks.push({
          description: `${vault.name} has an access-policy entry for the group ${effect.objectId}`,
          ok: entry !== undefined,
        });
        checks.push({
          description: `${effect.objectId} is still a security-enabled group`,
          ok: state.principal?.type === 'group' && state.principal.securityEnabled === true,
        });
      }
      for (const category of CATEGORY_ORDER) {
        for (const permission of effect.permissions[category] ?? []) {
          if (effect.kind === 'access-policy-add') {
            checks.push({
              description: `${category} ${permission} is granted to ${effect.objectId}`,
              ok: grants(entry?.permissions[category], permission),
            });
          } else {
            const present = (entry?.permissions[category] ?? []).some(
              (p) => p.toLowerCase() === permission.toLowerCase(),
            );
            checks.push({
              description: `${category} ${permission} is no longer listed for ${effect.objectId}`,
              ok: !present,
            });
          }
        }
      }
      return checks;
    }
    case 'role-assignment-create':
    case 'role-assignment-delete': {
      const found = (state.assignments ?? []).find(
        (a) =>
          a.name.toLowerCase() === effect.name.toLowerCase() &&
          roleGuid(a.roleDefinitionId) === roleGuid(effect.roleDefinitionId) &&
          a.principalId.toLowerCase() === effect.principalId.toLowerCase() &&
          relateScope(a.scope, effect.scope) === 'vault',
      );
      const checks: VerifyCheck[] = [
        {
          description: `${state.vault?.name ?? 'the vault'} still uses Azure RBAC`,
          ok: state.vault?.enableRbacAuthorization === true,
        },
      ];
      checks.push(
        effect.kind === 'role-assignment-create'
          ? {
              description: `${effect.roleName} is assigned to ${effect.principalId} on the vault (assignment ${effect.name})`,
              ok: found !== undefined,
            }
          : { description: `the ${effect.roleName} assignment ${effect.name} is gone`, ok: found === undefined },
      );
      return checks;
    }
    case 'diagnostic-setting-put': {
      const want = normaliseSetting(effect.setting);
      const got = (state.settings ?? []).find((s) => s.name.toLowerCase() === effect.setting.name.toLowerCase());
      const have = got ? normaliseSetting(got) : undefined;
      return [
        { description: `diagnostic setting "${effect.setting.name}" exists`, ok: have !== undefined },
        {
          description: `it logs ${want.logs.join(', ') || 'nothing'} and metrics ${want.metrics.join(', ') || 'none'}`,
          ok: !!have && same(have.logs, want.logs) && same(have.metrics, want.metrics),
        },
        {
          description: `it sends them to ${want.destinations.join(', ') || 'no destination'}`,
          ok: !!have && same(have.destinations, want.destinations),
        },
      ];
    }
    case 'diagnostic-setting-delete':
      return [
        {
          description: `diagnostic setting "${effect.name}" is gone`,
          ok: !(state.settings ?? []).some((s) => s.name.toLowerCase() === effect.name.toLowerCase()),
        },
      ];
  }
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
