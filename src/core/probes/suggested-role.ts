/**
 * The least-privilege built-in Key Vault role for an operation on an RBAC vault
 * (azure-facts.md §3.5): the role the `assign-rbac-role` fix proposes. It is the fix planner's
 * own choice, so the probe's evidence ("the least-privilege role is …") never names a different
 * role than the plan that follows it (e.g. `secrets/list` → Key Vault Reader, not Secrets User).
 */
import { chooseLeastPrivilegeRoles } from '../fixes/key-vault-roles.js';
import type { Operation } from './operation.js';

/** A built-in role by name and GUID. */
export interface BuiltInRole {
  roleName: string;
  guid: string;
  dataActions: string[];
}

/** The narrowest built-in role that grants everything the operation needs. */
export function suggestedRoleFor(op: Operation): BuiltInRole {
  // One operation always yields exactly one role (Key Vault Administrator covers every data action).
  const { role } = chooseLeastPrivilegeRoles([op])[0]!;
  return { roleName: role.roleName, guid: role.name, dataActions: role.permissions.flatMap((p) => p.dataActions) };
}
