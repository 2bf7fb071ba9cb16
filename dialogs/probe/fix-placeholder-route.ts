/**
 * Until the fix flow exists, the "Propose fix" buttons on probe results get an honest answer:
 * fixes need a second person's approval and proposing them from chat is not available yet.
 * The fix flow replaces this route by registering its own `fix.propose` handler.
 */
import type { SubmitRoute } from '../main-dialog.js';
import { FIX_ACTION } from './result-card.js';

/** The placeholder `fix.propose` handler. */
export const fixProposePlaceholderRoute: SubmitRoute = {
  action: FIX_ACTION,
  async handle(step, value) {
    const fix = typeof value.fix === 'string' ? value.fix : 'that fix';
    const vault = typeof value.vault === 'string' ? value.vault : 'the vault';
    await step.context.sendActivity(
      `Fixes such as ${fix} on ${vault} change who can access the vault, so they need the approval of a second person (an approver of ${vault}). ` +
      "Proposing them from chat is coming soon; nothing was changed. Until then, send this result to an approver of the vault, or type **talk to a person**.");
    return step.endDialog();
  },
};
