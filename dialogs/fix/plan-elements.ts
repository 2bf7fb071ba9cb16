/**
 * The parts of a fix plan every card shows, as Adaptive Card elements: the vault and principal,
 * the before → after diff per principal and category (a FactSet, which Teams and the terminal
 * chat both render), the exact Azure call, the warnings and what undo would do.
 */
import type { FixPlan } from '../../src/core/fixes/fix-plan.js';
import { facts, text, type CardElement } from '../cards/adaptive-card.js';

function list(values: readonly string[]): string {
  return values.length > 0 ? values.join(', ') : '(none)';
}

/** Vault, model and principal. */
export function planFacts(plan: FixPlan): CardElement | undefined {
  const model = plan.vault.model === 'rbac' ? 'Azure RBAC' : 'access policies';
  const who =
    plan.principal.type === 'vault'
      ? plan.vault.name
      : `${plan.principal.displayName} (${plan.principal.type}, ${plan.principal.id})`;
  return facts([
    ['Vault', `${plan.vault.name} (${model})`],
    ['For', who],
  ]);
}

/** The before → after table, one fact per principal and category. */
export function diffElements(plan: FixPlan): Array<CardElement | undefined> {
  if (plan.diff.length === 0) return [];
  return [
    text('**Before → after**', { spacing: 'Medium' }),
    facts(plan.diff.map((row) => [`${row.principal} · ${row.category}`, `${list(row.before)} → ${list(row.after)}`])),
  ];
}

/** The exact ARM request. */
export function callElements(plan: FixPlan): CardElement[] {
  const body =
    plan.call.body === null || plan.call.body === undefined ? '' : `\n${JSON.stringify(plan.call.body, null, 2)}`;
  return [
    text('**Azure call**', { spacing: 'Medium' }),
    text(`${plan.call.method} ${plan.call.path}${body}`, { fontType: 'Monospace', size: 'Small' }),
  ];
}

/** The warnings, if any. */
export function warningElements(plan: FixPlan): CardElement[] {
  return plan.warnings.map((w) => text(`⚠️ ${w}`, { color: 'Warning', spacing: 'Small' }));
}

/** An inverse plan's summary without its own "Undo: " label, so no card says "Undo: Undo: …". */
export function withoutUndoPrefix(summary: string): string {
  return summary.replace(/^undo:\s*/i, '');
}

/** The title of an undo: `Undo: <what it does>`, whatever the inverse summary starts with. */
export function undoTitle(summary: string): string {
  return `Undo: ${withoutUndoPrefix(summary)}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** What undo would do. */
export function undoElements(plan: FixPlan): CardElement[] {
  return plan.inverse
    ? [
        text(`If needed later, undo would ${lowerFirst(withoutUndoPrefix(plan.inverse.summary))}.`, {
          isSubtle: true,
          size: 'Small',
        }),
      ]
    : [];
}

/** Everything above, in card order. */
export function planDetails(plan: FixPlan): Array<CardElement | undefined> {
  return [
    planFacts(plan),
    ...diffElements(plan),
    ...warningElements(plan),
    ...callElements(plan),
    ...undoElements(plan),
  ];
}
