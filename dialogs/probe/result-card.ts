/**
 * The probe result card: the verdict in one line, the reason, the evidence as facts, the
 * suggested fixes as buttons, and a visible sandbox mark when the answers came from the emulator.
 */
import type { Attachment } from 'botbuilder';
import type { EvidenceItem, FixName, ProbeResult, Verdict } from '../../src/core/probes/probe-result.js';
import { buttons, card, facts, submit, text, type CardElement, type SubmitButton } from './card-json.js';
import { startActionData, type ProbeRequest } from './probe-request.js';

/** Action of the fix buttons (the fix flow owns it). */
export const FIX_ACTION = 'fix.propose';

/** The sandbox mark (tests and people look for it). */
export const SANDBOX_MARK = '🧪 Sandbox — emulated tenant';

const VERDICT: Readonly<Record<Verdict, string>> = { allowed: '✅ allowed', denied: '⛔ denied', undetermined: '❔ undetermined' };

const FIX_TITLES: Readonly<Record<FixName, string>> = {
  'grant-access-policy': 'Propose fix: grant the missing access-policy permission',
  'grant-group-access': 'Propose fix: give the group access',
  'assign-rbac-role': 'Propose fix: assign the least-privilege role',
  'remove-orphaned-policy': 'Propose fix: remove the orphaned policy',
  'enable-audit-logging': 'Propose fix: enable audit logging',
};

const EVIDENCE_TITLES: Readonly<Record<string, string>> = {
  vault: 'Vault', operation: 'Operation', 'access-policy': 'Access policy', 'access-policy-summary': 'Access policies',
  'application-object-policy': 'Mis-typed policy', 'orphaned-policy': 'Orphaned policy', 'role-assignment': 'Role assignment',
  network: 'Network', principal: 'Principal', 'diagnostic-setting': 'Diagnostic setting', metric: 'Metric', peak: 'Peak',
  export: 'Export', suggestion: 'Suggestion', note: 'Note', 'azure-error': 'Azure error',
};

/** The title of an evidence item: a known label, else its kind in words. */
function evidenceTitle(e: EvidenceItem): string {
  return EVIDENCE_TITLES[e.kind] ?? e.kind.replace(/-/g, ' ');
}

/** The one-line verdict, e.g. "⛔ denied — secrets/list on kv-payments". */
export function verdictLine(result: ProbeResult): string {
  const op = typeof result.operation === 'string' ? `${result.operation} on ` : '';
  return `${VERDICT[result.verdict]} — ${result.probe}: ${op}${result.vault || 'the vault'}`;
}

/** What the person can do about an undetermined result, beyond the reason itself. */
function undeterminedHelp(result: ProbeResult): string {
  return result.model === null
    ? 'Check the vault name and try again; if the bot lacks read rights, ask your Azure admin to grant them (the reason above says which), or talk to a person.'
    : 'Try again in a few minutes; if it keeps happening, talk to a person and quote this result.';
}

/** The result card. `request` is what was probed (for the fix and retry buttons). */
export function resultCard(result: ProbeResult, request: ProbeRequest & { vault: string }): Attachment {
  const body: Array<CardElement | undefined> = [];
  if (result.sandbox) {
    body.push({ type: 'Container', style: 'warning', items: [text(SANDBOX_MARK, { weight: 'Bolder' })] });
  }
  body.push(text(verdictLine(result), { style: 'heading', size: 'Medium', weight: 'Bolder' }));
  body.push(text(result.reason));
  body.push(facts(result.evidence.map((e, i) => [`${i + 1}. ${evidenceTitle(e)}`, e.text] as const)));
  if (typeof result.bicep === 'string') body.push(text(result.bicep, { fontType: 'Monospace', spacing: 'Small' }));
  const actions: SubmitButton[] = result.fixes.map((fix) =>
    submit(FIX_TITLES[fix] ?? `Propose fix: ${fix}`, { kvbot: FIX_ACTION, fix, vault: result.vault, principal: request.principal, operation: request.operation ?? result.operation }));
  if (result.verdict === 'undetermined') {
    body.push(text(undeterminedHelp(result), { weight: 'Bolder', spacing: 'Medium' }));
    actions.push(submit('Try again', startActionData(request)));
    actions.push(submit('Talk to a person', { kvbot: 'human', query: `${result.probe} on ${result.vault}: ${result.reason}`.slice(0, 500) }));
  }
  body.push(buttons(actions));
  return card(body);
}
