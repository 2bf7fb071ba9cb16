/**
 * Prefills the read-only probe that can confirm a triaged error against the live vault: a
 * `permission-check` for denials (it also evaluates network rules), `modify-rights` for a denied
 * change to the vault's access, `throttling` for 429s, nothing for token problems, failed sign-ins,
 * missing objects or unresolved host names (no probe of the vault can tell more about those).
 */
import { isAccessManagementAction } from './triage-answer.js';
import { isKeyVaultDataAction } from './rbac-action-operation.js';
import type { TriageFields, TriageKind, TriageProbe } from './triage-types.js';

/** Operation checked when the error does not name one: listing secrets, the most common first step. */
export const DEFAULT_PROBE_OPERATION = 'secrets/list';

function args(entries: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
}

function permissionCheck(fields: TriageFields): TriageProbe {
  return {
    name: 'permission-check',
    args: args({
      vault: fields.vault,
      principal: fields.objectId,
      operation: fields.operation ?? DEFAULT_PROBE_OPERATION,
    }),
  };
}

/**
 * The probe for a triaged error, or null when a probe cannot tell the user more. Arguments the
 * text did not contain are omitted (the dialog asks for them, e.g. the vault name).
 */
export function probeFor(kind: TriageKind, fields: TriageFields, signal?: string): TriageProbe | null {
  switch (kind) {
    case 'access-policy-permission':
    case 'access-policy-no-entry':
    case 'firewall':
    case 'public-access-disabled':
    case 'forbidden-unspecified': // a bare 403: the check tells whether permissions or network rules refuse the caller
      return permissionCheck(fields);
    case 'rbac-denied':
      if (
        isAccessManagementAction(fields.action) ||
        (fields.action !== undefined &&
          /^Microsoft\.KeyVault\/vaults(\/|$)/i.test(fields.action) &&
          !isKeyVaultDataAction(fields.action))
      ) {
        return { name: 'modify-rights', args: args({ vault: fields.vault, principal: fields.objectId }) };
      }
      // An ARM denial on another resource provider is not a Key Vault access question.
      if (fields.action !== undefined && !/^Microsoft\.KeyVault\//i.test(fields.action)) return null;
      return permissionCheck(fields);
    case 'operation-not-permitted':
      // A policy-level refusal can be checked; a key's allowed operations or a disabled object cannot.
      return fields.innerCode === 'ForbiddenByPolicy' || signal === 'operation-not-allowed-by-policy'
        ? permissionCheck(fields)
        : null;
    case 'throttled':
      return { name: 'throttling', args: args({ vault: fields.vault }) };
    default:
      return null;
  }
}
