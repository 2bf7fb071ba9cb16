/**
 * Reading the operations of a fix request (`secrets/list`, `keys/sign`, …) with the probes'
 * operation parser, so a typo becomes a message instead of an exception.
 */
import type { PolicyPermissions } from '../probes/azure-model.js';
import { formatOperation, parseOperation, type Operation } from '../probes/operation.js';
import type { PlanOutcome } from './fix-plan.js';

/** Parsed operations, or the outcome that explains what is wrong with them. */
export function parseOperations(
  inputs: readonly string[] | undefined,
): { ok: true; operations: Operation[] } | { ok: false; outcome: PlanOutcome } {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    return {
      ok: false,
      outcome: {
        kind: 'needs-input',
        field: 'operations',
        message:
          'Which operations should be allowed? Name them as category/permission, e.g. secrets/get, secrets/list, keys/sign.',
      },
    };
  }
  const operations: Operation[] = [];
  for (const input of inputs) {
    try {
      const op = parseOperation(String(input));
      if (!operations.some((o) => formatOperation(o) === formatOperation(op))) operations.push(op);
    } catch (e) {
      return {
        ok: false,
        outcome: { kind: 'refused', reason: 'invalid-request', message: e instanceof Error ? e.message : String(e) },
      };
    }
  }
  return { ok: true, operations };
}

/** The operations as access-policy permissions, e.g. `{ secrets: ['get', 'list'] }`. */
export function toPermissions(operations: readonly Operation[]): PolicyPermissions {
  const permissions: PolicyPermissions = {};
  for (const op of operations) (permissions[op.category] ??= []).push(op.permission);
  return permissions;
}
