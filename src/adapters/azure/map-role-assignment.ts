/** Maps an arm-authorization 9 `RoleAssignment` (flattened properties) onto the domain type. */
import type { RoleAssignment as SdkRoleAssignment } from '@azure/arm-authorization';
import type { RoleAssignment } from '../../core/probes/azure-model.js';

/** Domain role assignment of an SDK one. */
export function mapRoleAssignment(a: SdkRoleAssignment): RoleAssignment {
  return {
    id: a.id ?? '',
    name: a.name ?? '',
    scope: a.scope ?? '',
    roleDefinitionId: a.roleDefinitionId ?? '',
    principalId: a.principalId ?? '',
    ...(a.principalType ? { principalType: a.principalType } : {}),
    ...(a.condition ? { condition: a.condition } : {}),
  };
}
