/**
 * The probe result card: the verdict in one line, the reason, the evidence item by item, the
 * suggested fixes as buttons, and a visible sandbox mark when the answers came from the emulator.
 */
import type { Attachment } from 'botbuilder';
import type { EvidenceItem, FixName, ProbeResult, Verdict } from '../../src/core/probes/probe-result.js';
import { similarVaultsOf } from '../../src/core/probes/similar-names.js';
import { buttons, card, submit, text, type CardElement, type SubmitAction } from '../cards/adaptive-card.js';
import { startActionData, type ProbeRequest } from './probe-request.js';

/** Action of the fix buttons (the fix flow owns it). */
export const FIX_ACTION = 'fix.propose';

/** The sandbox mark (tests and people look for it). */
export const SANDBOX_MARK = '🧪 Sandbox — emulated tenant';

const VERDICT: Readonly<Record<Verdict, string>> = {
  allowed: '✅ allowed',
  denied: '⛔ denied',
  undetermined: '❔ undetermined',
};

/** What each fix does, in the card's text (wraps). */
const FIX_DESCRIPTIONS: Readonly<Record<FixName, string>> = {
  'grant-access-policy': 'grant the missing access-policy permission',
  'grant-group-access': 'give the group access',
  'assign-rbac-role': 'assign the least-privilege role',
  'remove-orphaned-policy': 'remove the orphaned policy',
  'enable-audit-logging': 'enable audit logging',
};

/** The fix buttons: short, because a button title does not wrap (the Agents Playground cut long ones off). */
const FIX_TITLES: Readonly<Record<FixName, string>> = {
  'grant-access-policy': 'Fix: grant permission',
  'grant-group-access': 'Fix: give group access',
  'assign-rbac-role': 'Fix: assign role',
  'remove-orphaned-policy': 'Fix: remove policy',
  'enable-audit-logging': 'Fix: enable logging',
};

const EVIDENCE_TITLES: Readonly<Record<string, string>> = {
  vault: 'Vault',
  operation: 'Operation',
  'access-policy': 'Access policy',
  'access-policy-summary': 'Access policies',
  'application-object-policy': 'Mis-typed policy',
  'orphaned-policy': 'Orphaned policy',
  'role-assignment': 'Role assignment',
  network: 'Network',
  principal: 'Principal',
  'diagnostic-setting': 'Diagnostic setting',
  metric: 'Metric',
  peak: 'Peak',
  export: 'Export',
  suggestion: 'Suggestion',
  note: 'Note',
  'azure-error': 'Azure error',
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
  // One wrapping block per item, not a FactSet: evidence lines are long, and a FactSet's value
  // column was cut off at the right edge in the Agents Playground.
  body.push(...result.evidence.map((e, i) => text(`${i + 1}. ${evidenceTitle(e)}: ${e.text}`, { spacing: 'Small' })));
  if (typeof result.bicep === 'string') body.push(text(result.bicep, { fontType: 'Monospace', spacing: 'Small' }));
  if (result.fixes.length > 0) {
    const what = result.fixes.map((fix) => FIX_DESCRIPTIONS[fix] ?? fix).join('; or ');
    body.push(
      text(`I can propose a fix: ${what}. Nothing changes until someone entitled to approve it (not you) approves.`, {
        spacing: 'Medium',
      }),
    );
  }
  const actions: SubmitAction[] = result.fixes.map((fix) =>
    submit(FIX_TITLES[fix] ?? `Fix: ${fix}`, {
      kvbot: FIX_ACTION,
      fix,
      vault: result.vault,
      principal: request.principal,
      operation: request.operation ?? result.operation,
    }),
  );
  if (result.verdict === 'undetermined') {
    const near = similarVaultsOf(result);
    if (near.length > 0) {
      // A mistyped name: the check of each near name, not a retry of the typo.
      for (const vault of near) actions.push(submit(`Check ${vault}`, startActionData({ ...request, vault })));
    } else {
      body.push(text(undeterminedHelp(result), { weight: 'Bolder', spacing: 'Medium' }));
      actions.push(submit('Try again', startActionData(request)));
    }
    actions.push(
      submit('Talk to a person', {
        kvbot: 'human',
        query: `${result.probe} on ${result.vault}: ${result.reason}`.slice(0, 500),
      }),
    );
  }
  body.push(buttons(actions));
  return card(body);
}
