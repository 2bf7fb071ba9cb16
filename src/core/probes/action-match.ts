/**
 * Azure RBAC action matching: `*` wildcards, case-insensitive, and `not*` lists subtracting
 * within the same permission block (how ARM evaluates role definitions).
 */
import type { RoleDefinition, RolePermission } from './azure-model.js';

/** True when an action pattern such as `Microsoft.KeyVault/vaults/*` matches `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(action);
}

/** The pattern of a permission block that grants `action`, if it is not excluded by the block's `not` list. */
function blockGrants(allow: string[], deny: string[], action: string): string | undefined {
  const hit = allow.find((p) => actionMatches(p, action));
  if (hit === undefined) return undefined;
  return deny.some((p) => actionMatches(p, action)) ? undefined : hit;
}

/** How a role definition treats an action: granted by a pattern, excluded by a `not` pattern, or absent. */
export interface ActionGrant {
  granted: boolean;
  /** The pattern that grants it (when granted). */
  matchedBy?: string;
  /** The `not*` pattern that removed it (when an allow pattern matched but was excluded). */
  excludedBy?: string;
}

function evaluate(def: RoleDefinition, action: string, pick: (p: RolePermission) => [string[], string[]]): ActionGrant {
  let excludedBy: string | undefined;
  for (const block of def.permissions) {
    const [allow, deny] = pick(block);
    const granted = blockGrants(allow, deny, action);
    if (granted !== undefined) return { granted: true, matchedBy: granted };
    if (allow.some((p) => actionMatches(p, action))) excludedBy ??= deny.find((p) => actionMatches(p, action));
  }
  return excludedBy === undefined ? { granted: false } : { granted: false, excludedBy };
}

/** Whether a role definition grants a data action (`dataActions` minus `notDataActions`). */
export function roleGrantsDataAction(def: RoleDefinition, action: string): ActionGrant {
  return evaluate(def, action, (p) => [p.dataActions, p.notDataActions]);
}

/** Whether a role definition grants a management-plane action (`actions` minus `notActions`). */
export function roleGrantsAction(def: RoleDefinition, action: string): ActionGrant {
  return evaluate(def, action, (p) => [p.actions, p.notActions]);
}
