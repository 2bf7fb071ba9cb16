/**
 * Pasted error text → classification, extracted fields, KB answer and prefilled probe
 * (DESIGN.md §3 triage contract). Pure: the KB is reached only through the optional heading lookup.
 */
import { explainTriage } from './explain-triage.js';
import { extractCaller } from './extract-caller.js';
import { extractClientAddress } from './extract-client-address.js';
import { extractHost } from './extract-host.js';
import { extractMissingObject } from './extract-missing-object.js';
import { extractDeniedOperation } from './extract-operation.js';
import { canonicalPermission, extractPermission } from './extract-permission.js';
import { extractUnregisteredProvider } from './extract-provider.js';
import { extractRbac } from './extract-rbac.js';
import { extractSignIn } from './extract-sign-in.js';
import { extractStatus } from './extract-status.js';
import { extractThrottleReason } from './extract-throttle-reason.js';
import { extractTokenClaims } from './extract-token-claims.js';
import { extractVault } from './extract-vault.js';
import { normaliseErrorText } from './normalise-error-text.js';
import { operationForDeniedOperation, operationForRbacAction } from './rbac-action-operation.js';
import { SEED_HEADINGS } from './seed-headings.js';
import { answerIdFor } from './triage-answer.js';
import { probeFor } from './triage-probe.js';
import { firstMatchingSignal, type TriageSignal } from './triage-signals.js';
import type { TriageAnswer, TriageFields, TriageOptions, TriageResult } from './triage-types.js';

/**
 * Longest input read. Triage runs on every message, so its cost must stay bounded whatever is
 * pasted; an error body is a few KB, and 64 KB holds the longest real stack traces with room to spare.
 */
export const MAX_TRIAGE_INPUT_LENGTH = 64_000;

/** Of a longer paste, the head (where exceptions start) and the tail (where a build log's error ends) are read. */
const TAIL_LENGTH = 16_000;

function boundedInput(text: unknown): string {
  if (typeof text !== 'string') return '';
  if (text.length <= MAX_TRIAGE_INPUT_LENGTH) return text;
  return `${text.slice(0, MAX_TRIAGE_INPUT_LENGTH - TAIL_LENGTH)}\n${text.slice(-TAIL_LENGTH)}`;
}

function extractFields(text: string): TriageFields {
  const fields: TriageFields = {
    // Sign-in facts first: a `Caller: appid=` the vault printed is more reliable than a sign-in log's app id.
    ...extractSignIn(text),
    ...extractStatus(text),
    ...extractVault(text),
    ...extractCaller(text),
    ...extractPermission(text),
    ...extractRbac(text),
    ...extractClientAddress(text),
    ...extractThrottleReason(text),
    ...extractHost(text),
    ...extractMissingObject(text),
    ...extractUnregisteredProvider(text),
  };
  // AKV10032 states both tenants: the caller's (found) wins over a challenge header's vault tenant.
  Object.assign(fields, extractTokenClaims(text));

  const denied = extractDeniedOperation(text);
  const deniedOperation = denied ? operationForDeniedOperation(denied.name, denied.objectType) : undefined;
  const operation =
    fields.category && fields.permission
      ? `${fields.category}/${fields.permission}`
      : ((fields.action ? operationForRbacAction(fields.action) : undefined) ?? deniedOperation);
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

type Classified = Readonly<{ fields: Readonly<TriageFields>; signal: TriageSignal | undefined }>;

// The texts classified last and what was found in them. In one bot turn the triage route and the
// FAQ matcher's triage hint read the same message; the second reading costs a lookup. Several
// entries, not one: between the two readings other conversations' turns run (each awaits its
// state), and with one entry they evicted it and the message was classified twice.
const RECENT = new Map<string, Classified>();
const RECENT_LIMIT = 32;

/** The fields and the first matching signal of a text (the expensive part of triage), kept for recent texts. */
function classify(text: string): Classified {
  const known = RECENT.get(text);
  if (known) return known;
  const normalised = normaliseErrorText(boundedInput(text));
  const fields = Object.freeze(extractFields(normalised));
  const found: Classified = Object.freeze({ fields, signal: firstMatchingSignal(normalised, fields) });
  // Oldest first in a Map's order: drop the oldest when full.
  if (RECENT.size >= RECENT_LIMIT) RECENT.delete(RECENT.keys().next().value as string);
  RECENT.set(text, found);
  return found;
}

/**
 * Triages pasted Key Vault error text in any wrapper (raw JSON, Azure CLI, .NET, JS, Go autorest,
 * Java, Terraform/Pulumi, PowerShell; escaped, HTML-encoded, coloured or collapsed). Never throws:
 * text it cannot place comes back as `unrecognised` with whatever fields it did find.
 */
export function triageError(text: string, options: TriageOptions = {}): TriageResult {
  const { fields: found, signal } = classify(text);
  // A copy: the cached fields are shared with the other reading of the same text.
  const fields = { ...found };
  const kind = signal?.kind ?? 'unrecognised';
  const { summary, nextSteps } = explainTriage(kind, fields, signal?.id);
  const result: TriageResult = {
    kind,
    fields,
    answer: resolveAnswer(answerIdFor(kind, fields, signal?.id), options),
    probe: probeFor(kind, fields, signal?.id),
    summary,
    nextSteps,
    confidence: signal?.confidence ?? 'none',
  };
  if (signal) result.signal = signal.id;
  return result;
}
