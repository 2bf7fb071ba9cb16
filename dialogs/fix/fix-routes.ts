/**
 * The fix flow's entry points in the main dialog: the `fix.*` card actions and the typed
 * "give group <name> access to <vault>".
 */
import type { DialogTurnResult } from 'botbuilder-dialogs';
import type { RouteStep, SubmitRoute, TextRoute } from '../main-dialog.js';
import { FIX_ACTIONS, fixRequestFromAction, grantHoursOf } from './fix-actions.js';
import type { FixFlow } from './fix-flow.js';
import { parseGroupAccessText } from './fix-text.js';

/** The `fix.*` submit routes. */
export function fixSubmitRoutes(flow: FixFlow): SubmitRoute[] {
  const route = (
    action: string,
    run: (step: RouteStep, value: Record<string, unknown>) => Promise<void>,
  ): SubmitRoute => ({
    action,
    async handle(step, value): Promise<DialogTurnResult> {
      await run(step, value);
      return step.endDialog();
    },
  });
  return [
    route(FIX_ACTIONS.propose, async (step, value) => {
      const parsed = fixRequestFromAction(value);
      if (!parsed.ok) {
        await step.context.sendActivity(
          `Sorry, I couldn't plan that fix: ${parsed.message}. Run the check again to get a fresh button.`,
        );
        return;
      }
      await flow.propose(step.context, parsed.request, { grantHours: grantHoursOf(value) });
    }),
    route(FIX_ACTIONS.confirm, (step, value) => flow.confirm(step.context, value, grantHoursOf(value))),
    route(FIX_ACTIONS.cancel, (step, value) => flow.cancel(step.context, value)),
    route(FIX_ACTIONS.undo, (step, value) => flow.requestUndo(step.context, value)),
  ];
}

/** "give group <name> access to <vault> [for N hours]". */
export function fixTextRoute(flow: FixFlow): TextRoute {
  return {
    name: 'fix.group-access',
    async handle(step, text): Promise<DialogTurnResult | undefined> {
      const parsed = parseGroupAccessText(text);
      if (!parsed) return undefined;
      if (parsed.defaulted)
        await step.context.sendActivity(
          `You did not say which access, so I planned read access to secrets (get, list). Say e.g. "give group ${parsed.request.group} access to ${parsed.request.vault} to list secrets" for something else.`,
        );
      await flow.propose(step.context, parsed.request, { grantHours: parsed.grantHours });
      return step.endDialog();
    },
  };
}
