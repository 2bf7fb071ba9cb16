/** Public surface of the error triage: `triageError` and its types. */
export { triageError, MAX_TRIAGE_INPUT_LENGTH } from './triage-error.js';
export { normaliseErrorText } from './normalise-error-text.js';
export { operationForRbacAction } from './rbac-action-operation.js';
export { TRIAGE_SIGNALS } from './triage-signals.js';
export { SEED_HEADINGS } from './seed-headings.js';
export { TRIAGE_KINDS } from './triage-types.js';
export type {
  TriageKind,
  TriageFields,
  TriageAnswer,
  TriageProbe,
  TriageResult,
  TriageOptions,
  TriageConfidence,
  HeadingLookup,
} from './triage-types.js';
