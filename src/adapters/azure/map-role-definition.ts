/** Maps an arm-authorization 9 `RoleDefinition` onto the domain type. */
import type { RoleDefinition as SdkRoleDefinition } from '@azure/arm-authorization';
import type { RoleDefinition } from '../../core/probes/azure-model.js';

/** Domain role definition of an SDK one. */
export function mapRoleDefinition(d: SdkRoleDefinition): RoleDefinition {
  return {
    id: d.id ?? '',
    name: d.name ?? (d.id ?? '').split('/').pop() ?? '',
    roleName: d.roleName ?? '',
    roleType: d.roleType ?? 'CustomRole',
    permissions: (d.permissions ?? []).map((p) => ({
      actions: p.actions ?? [],
      notActions: p.notActions ?? [],
      dataActions: p.dataActions ?? [],
      notDataActions: p.notDataActions ?? [],
    })),
    assignableScopes: d.assignableScopes ?? [],
  };
}
