/**
 * The one error boundary for turns: logs the failure with a correlation id, tells the user
 * (with the same id, so support can find the log line), and clears the conversation's dialog
 * state so the next message starts fresh instead of failing the same way.
 */
import { randomUUID } from 'node:crypto';
import { ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import type { Logger } from './logger.js';

/** Builds `adapter.onTurnError`. */
export function createTurnErrorHandler(conversationState: ConversationState, logger: Logger, newRef: () => string = () => randomUUID().slice(0, 8)) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const ref = newRef();
    const a = context.activity;
    logger.error('turn failed', {
      ref,
      error: error?.message ?? String(error),
      errorName: error?.name,
      stack: error?.stack,
      activityType: a?.type,
      channelId: a?.channelId,
      conversationId: a?.conversation?.id,
    });
    try {
      if (a?.type === ActivityTypes.Message || a?.type === ActivityTypes.Invoke) {
        await context.sendActivity(`Something went wrong on my side (ref ${ref}). Please try again; if it keeps happening, tell the support team this reference.`);
      }
    } catch (sendError) {
      logger.error('could not tell the user about a failed turn', { ref, error: (sendError as Error)?.message });
    }
    try {
      await conversationState.delete(context);
    } catch (stateError) {
      logger.error('could not clear conversation state after a failed turn', { ref, error: (stateError as Error)?.message });
    }
  };
}
