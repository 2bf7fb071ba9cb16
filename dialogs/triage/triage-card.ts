/**
 * The card for a triaged error: the classification in one line, the extracted facts, the next
 * steps, the matching KB answer and the prefilled probe as a "Check my access" button.
 */
import type { Attachment } from 'botbuilder';
import type { TriageKind, TriageResult } from '../../src/core/triage/index.js';
import { buttons, card, facts, submit, text, type SubmitAction } from '../cards/adaptive-card.js';
import {
  parseProbeRequest,
  startActionData,
  InvalidProbeRequestError,
  type ProbeRequest,
} from '../probe/probe-request.js';

/** One-line names of the classifications. */
export const KIND_LABELS: Readonly<Record<TriageKind, string>> = Object.freeze({
  'access-policy-permission': 'Access-policy denial: a permission is missing',
  'access-policy-no-entry': 'Access-policy denial: the caller has no access policy',
  'rbac-denied': 'Azure RBAC denial: no role grants the action',
  firewall: 'Network denial: blocked by the vault firewall',
  'public-access-disabled': 'Network denial: public network access is disabled',
  'wrong-audience': 'Authentication: token for the wrong audience',
  'wrong-tenant': 'Authentication: token from the wrong tenant',
  'token-expired': 'Authentication: the token has expired',
  'token-missing': 'Authentication: no usable token',
  throttled: 'Throttled: too many requests (429)',
  'operation-not-permitted': 'Operation not permitted',
  'forbidden-unspecified': 'Forbidden (403): the error does not say why',
  'sign-in-failed': 'Sign-in failed: Key Vault was never reached',
  'not-found': 'Not found: not an access problem',
  'name-resolution': 'Vault host name does not resolve: not an access problem',
  unrecognised: 'A Key Vault error, cause not recognised',
});

/** Headings for known conditions that are not Key Vault access errors (an `unrecognised` kind with a signal). */
const NOT_ACCESS_LABELS: Readonly<Record<string, string>> = Object.freeze({
  'provider-not-registered': 'Resource provider not registered: not an access problem',
});

/** The card's one-line heading for a triage result. */
export function triageHeading(result: TriageResult): string {
  return (
    (result.kind === 'unrecognised' && result.signal ? NOT_ACCESS_LABELS[result.signal] : undefined) ??
    KIND_LABELS[result.kind]
  );
}

/** The probe the triage prefilled, as a validated request (undefined when it has none or it is unusable). */
export function triageProbeRequest(result: TriageResult): ProbeRequest | undefined {
  if (!result.probe) return undefined;
  try {
    return parseProbeRequest({ probe: result.probe.name, ...result.probe.args });
  } catch (e) {
    // Placeholder ids such as "oid=..." in pasted text are not worth a button that would fail.
    if (e instanceof InvalidProbeRequestError) return undefined;
    throw e;
  }
}

function probeButtonTitle(request: ProbeRequest, askerObjectId: string | undefined): string {
  switch (request.probe) {
    case 'permission-check':
      return !request.principal || request.principal.toLowerCase() === askerObjectId?.toLowerCase()
        ? 'Check my access'
        : "Check this identity's access";
    case 'throttling':
      return 'Check throttling';
    case 'modify-rights':
      return 'Check who can change access';
    default:
      return `Run ${request.probe}`;
  }
}

/** What the card shows about the matching KB entry. */
export interface TriageAnswerView {
  id: string;
  /** The entry's question, as the button title. */
  title: string;
}

/** The triage card. */
export function triageCard(
  result: TriageResult,
  answer: TriageAnswerView | undefined,
  askerObjectId: string | undefined,
  query: string,
): Attachment {
  const f = result.fields;
  const permission = f.category && f.permission ? `${f.category} ${f.permission}` : f.operation;
  const request = triageProbeRequest(result);
  const actions: SubmitAction[] = [];
  if (request)
    actions.push(submit(probeButtonTitle(request, askerObjectId), startActionData(request), { style: 'positive' }));
  if (answer) actions.push(submit(`Read: ${answer.title}`, { kvbot: 'faq.open', id: answer.id }));
  actions.push(submit('Talk to a person', { kvbot: 'human', query: query.slice(0, 500) }));
  return card([
    text(`🔎 ${triageHeading(result)}`, { style: 'heading', size: 'Medium', weight: 'Bolder' }),
    text(result.summary),
    facts([
      ['Vault', f.vault],
      ['Region', f.region],
      ['Object id', f.objectId],
      ['App id', f.appId],
      ['Permission', permission],
      ['Action', f.action],
      ['Client address', f.clientAddress],
      ['Tenant', f.tenantId],
      ['Credential', f.credential],
      ['Sign-in error', f.aadError],
      ['Host', f.host],
      [
        'Not found',
        f.objectType
          ? `${f.objectType}${f.objectName ? ` ${f.objectName}` : ''}${f.softDeleted ? ' (soft-deleted)' : ''}`
          : undefined,
      ],
      ['Status', [f.statusCode, f.errorCode, f.innerCode].filter((x) => x !== undefined).join(' ') || undefined],
    ]),
    result.nextSteps.length ? text('Next steps', { weight: 'Bolder', spacing: 'Medium' }) : undefined,
    result.nextSteps.length ? text(result.nextSteps.map((s) => `- ${s}`).join('\n')) : undefined,
    buttons(actions),
  ]);
}
