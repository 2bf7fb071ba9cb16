/**
 * The card actions of the fix flow (`value.kvbot`), and their validation. Buttons carry ids only;
 * the plan lives on the server.
 */
import type { FixName } from '../../src/core/fixes/fix-plan.js';
import { isFixName } from '../../src/core/fixes/fix-plan.js';
import type { FixRequest } from '../../src/core/fixes/fix-request.js';

/** Action names of the fix flow. */
export const FIX_ACTIONS = Object.freeze({
  propose: 'fix.propose',
  confirm: 'fix.confirm',
  cancel: 'fix.cancel',
  undo: 'fix.undo',
});

/** Durations a requester can pick for a time-limited grant, in hours (0 = until removed). */
export const GRANT_HOURS: readonly number[] = Object.freeze([0, 1, 8, 24, 168]);

/** A fix button (from probe cards, candidate pickers or typed requests) turned into a FixRequest, or why not. */
export function fixRequestFromAction(
  value: Record<string, unknown>,
): { ok: true; request: FixRequest } | { ok: false; message: string } {
  const fix = typeof value.fix === 'string' ? value.fix : '';
  if (!isFixName(fix)) return { ok: false, message: `this button names no fix I know ("${fix || 'none'}")` };
  const vault = typeof value.vault === 'string' ? value.vault.trim() : '';
  if (!vault) return { ok: false, message: 'this button does not say which vault to change' };
  const principal = typeof value.principal === 'string' ? value.principal.trim() : '';
  const operations = operationsOf(value);
  const needPrincipal = (f: FixName): string | undefined =>
    f !== 'enable-audit-logging' && !principal && !(f === 'grant-group-access' && typeof value.group === 'string')
      ? 'this button does not say who the fix is for'
      : undefined;
  const missing = needPrincipal(fix);
  if (missing) return { ok: false, message: missing };
  switch (fix) {
    case 'grant-access-policy':
    case 'assign-rbac-role':
      return { ok: true, request: { fix, vault, principalId: principal, operations } };
    case 'grant-group-access':
      return {
        ok: true,
        request: { fix, vault, group: typeof value.group === 'string' ? value.group : principal, operations },
      };
    case 'remove-orphaned-policy': {
      const applicationId = typeof value.applicationId === 'string' ? value.applicationId : undefined;
      return { ok: true, request: { fix, vault, objectId: principal, ...(applicationId ? { applicationId } : {}) } };
    }
    case 'enable-audit-logging': {
      const workspaceId = typeof value.workspaceId === 'string' ? value.workspaceId : undefined;
      const storageAccountId = typeof value.storageAccountId === 'string' ? value.storageAccountId : undefined;
      return {
        ok: true,
        request: {
          fix,
          vault,
          ...(workspaceId ? { workspaceId } : {}),
          ...(storageAccountId ? { storageAccountId } : {}),
        },
      };
    }
  }
}

function operationsOf(value: Record<string, unknown>): string[] {
  if (Array.isArray(value.operations)) return value.operations.filter((o): o is string => typeof o === 'string');
  if (typeof value.operation === 'string' && value.operation.trim()) return [value.operation.trim()];
  return ['secrets/list'];
}

/** Reads the requested duration from a confirm submit (`grantHours` input, a string in Adaptive Cards). */
export function grantHoursOf(value: Record<string, unknown>): number | undefined {
  const raw = value.grantHours;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : 0;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return Math.min(Math.round(n * 60) / 60, 24 * 90);
}
