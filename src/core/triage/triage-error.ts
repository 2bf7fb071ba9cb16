/**
 * Pasted error text → classification, extracted fields, KB answer and prefilled probe
 * (DESIGN.md §3 triage contract). Pure: the KB is reached only through the optional heading lookup.
 */
import { explainTriage } from './explain-triage.js';
import { extractCaller } from './extract-caller.js';
import { extractClientAddress } from './extract-client-address.js';
import { extractDeniedOperation } from './extract-operation.js';
import { canonicalPermission, extractPermission } from './extract-permission.js';
import { extractRbac } from './extract-rbac.js';
import { extractStatus } from './extract-status.js';
import { extractThrottleReason } from './extract-throttle-reason.js';
import { extractTokenClaims } from './extract-token-claims.js';
import { extractVault } from './extract-vault.js';
import { normaliseErrorText } from './normalise-error-text.js';
import { operationForDeniedOperation, operationForRbacAction } from './rbac-action-operation.js';
import { SEED_HEADINGS } from './seed-headings.js';
import { answerIdFor } from './triage-answer.js';
import { probeFor } from './triage-probe.js';
import { firstMatchingSignal } from './triage-signals.js';
import type { TriageAnswer, TriageFields, TriageOptions, TriageResult } from './triage-types.js';

/** Longest input read; an error body is a few KB, so anything past this is surrounding log noise. */
export const MAX_TRIAGE_INPUT_LENGTH = 200_000;

function extractFields(text: string): TriageFields {
  const fields: TriageFields = {
    ...extractStatus(text),
    ...extractVault(text),
    ...extractCaller(text),
    ...extractPermission(text),
    ...extractRbac(text),
    ...extractClientAddress(text),
    ...extractThrottleReason(text),
  };
  // The AKV10032 expected issuer is the vault's tenant; it wins over a caller `iss=`.
  Object.assign(fields, extractTokenClaims(text));

  const denied = extractDeniedOperation(text);
  const deniedOperation = denied ? operationForDeniedOperation(denied.name, denied.objectType) : undefined;
  const operation =
    fields.category && fields.permission
      ? `${fields.category}/${fields.permission}`
      : (fields.action ? operationForRbacAction(fields.action) : undefined) ?? deniedOperation;
  if (operation) fields.operation = operation;
  // An operation-level denial names the access-policy permission it refused ("Operation decrypt
  // is not permitted", "Operation get is not allowed on a disabled secret"): report it in the
  // contract's category/permission fields too, unless the text already stated them.
  if (denied && !fields.permission && !fields.action) {
    const [category, permission] = deniedOperation?.split('/') ?? [];
    fields.permission = permission ?? canonicalPermission(denied.name);
    if (category) fields.category = category;
  }
  return fields;
}

function resolveAnswer(id: string | undefined, options: TriageOptions): TriageAnswer | null {
  if (!id) return null;
  const heading = options.headingFor?.(id) ?? SEED_HEADINGS[id];
  return heading ? { id, source: { heading } } : null;
}

/**
 * Triages pasted Key Vault error text in any wrapper (raw JSON, Azure CLI, .NET, JS, Go autorest,
 * Java, Terraform/Pulumi, PowerShell; escaped, HTML-encoded, coloured or collapsed). Never throws:
 * text it cannot place comes back as `unrecognised` with whatever fields it did find.
 */
export function triageError(text: string, options: TriageOptions = {}): TriageResult {
  const normalised = normaliseErrorText(typeof text === 'string' ? text.slice(0, MAX_TRIAGE_INPUT_LENGTH) : '');
  const fields = extractFields(normalised);
  const signal = firstMatchingSignal(normalised, fields);
  const kind = signal?.kind ?? 'unrecognised';
  const { summary, nextSteps } = explainTriage(kind, fields);
  const result: TriageResult = {
    kind,
    fields,
    answer: resolveAnswer(answerIdFor(kind, fields), options),
    probe: probeFor(kind, fields),
    summary,
    nextSteps,
    confidence: signal?.confidence ?? 'none',
  };
  if (signal) result.signal = signal.id;
  return result;
}
