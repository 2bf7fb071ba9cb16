/**
 * Bot middleware for the approval flow. It remembers every 1:1 conversation (so approval cards
 * and results can be sent later, even after a restart), and answers `adaptiveCard/action`
 * invokes with an `approval.*` verb (Universal Actions: decide and refresh) with the card to
 * show, so they never reach the message dialogs.
 */
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { ApprovalTurns } from '../../../dialogs/approval/approval-turns.js';
import type { Logger } from './logger.js';

/** The middleware over the approval turns. */
export function approvalMiddleware(turns: ApprovalTurns, logger?: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      try {
        await turns.remember(context);
      } catch (e) {
        // Not being able to store a reference must not cost the user their answer.
        logger?.warn('could not remember the conversation reference', { error: (e as Error)?.message });
      }
      if (!ApprovalTurns.isApprovalInvoke(context)) {
        await next();
        return;
      }
      const body = await turns.invoke(context);
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
    },
  };
}
