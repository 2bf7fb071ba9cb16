/** Picks the contract fields (plus `operation`) so tests compare exactly what was extracted. */
import type { TriageFields } from '../../src/core/triage/index.js';

const CONTRACT_KEYS = [
  'vault',
  'region',
  'objectId',
  'appId',
  'tenantId',
  'category',
  'permission',
  'action',
  'resource',
  'clientAddress',
  'operation',
] as const;

/** The contract subset of `fields`, omitting absent keys. */
export function contractFields(fields: TriageFields): Partial<TriageFields> {
  return Object.fromEntries(CONTRACT_KEYS.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]]));
}
