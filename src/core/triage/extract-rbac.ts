/**
 * Extracts the denied RBAC action and the scope it was evaluated at: Key Vault's
 * `Action: '...'` / `Resource: '...'` lines and ARM's `perform action '...' over scope '...'`.
 */
import { cleanArmPath, cleanValue } from './placeholder-value.js';
import type { TriageFields } from './triage-types.js';

/** RBAC action and resource scope found in normalised error text. */
export function extractRbac(text: string): Pick<TriageFields, 'action' | 'resource'> {
  const out: Pick<TriageFields, 'action' | 'resource'> = {};
  const action = cleanValue(
    /\bAction:\s*'([^'\n]+)'/i.exec(text)?.[1] ??
      /\bAction:\s*(Microsoft\.[\w./-]+)/i.exec(text)?.[1] ??
      /perform action '([^']+)'/i.exec(text)?.[1],
  );
  const resource = cleanArmPath(
    /\bResource:\s*'([^'\n]+)'/i.exec(text)?.[1] ??
      /\bResource:\s*(\/subscriptions\/[^\s'"]+)/i.exec(text)?.[1] ??
      /over scope '([^']+)'/i.exec(text)?.[1],
  );
  if (action) out.action = action;
  if (resource) out.resource = resource;
  return out;
}
