/**
 * The one error boundary for turns: logs the failure with a correlation id and the stack of the
 * error that caused it (botbuilder-dialogs wraps it in a DialogContextError), tells the user
 * (with the same id, so support can find the log line), and clears the conversation's dialog
 * state so the next message starts fresh instead of failing the same way. When the store cannot
 * take writes, the user hears what cannot be done right now, and the state is left alone.
 */
import { randomUUID } from 'node:crypto';
import { ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import { isStoreUnavailableError } from '../health/store-health.js';
import type { Logger } from './logger.js';

/** What the user hears when a turn needed a write the store could not take. */
export const STORE_UNAVAILABLE_REPLY =
  "I couldn't save that: my storage is not taking writes right now. Until it is fixed I can still answer questions, " +
  'but I cannot record feedback, run live checks (they need a stored consent), handle approvals or fixes, or open and update cases.';

/** The innermost error of a chain (`cause`, or DialogContextError's `error`), at most 5 deep. */
export function rootCause(error: unknown): unknown {
  let cur = error;
  for (let depth = 0; depth < 5; depth++) {
    const next =
      (cur as { cause?: unknown; error?: unknown } | undefined)?.cause ??
      ((cur as { error?: unknown } | undefined)?.error instanceof Error ? (cur as { error: Error }).error : undefined);
    if (!next) break;
    cur = next;
  }
  return cur;
}

/** Builds `adapter.onTurnError`. */
export function createTurnErrorHandler(
  conversationState: ConversationState,
  logger: Logger,
  newRef: () => string = () => randomUUID().slice(0, 8),
) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const ref = newRef();
    const a = context.activity;
    const cause = rootCause(error) as Error | undefined;
    const storeDown = isStoreUnavailableError(error);
    logger[storeDown ? 'warn' : 'error'](storeDown ? 'turn needed a write the store could not take' : 'turn failed', {
      ref,
      error: cause?.message ?? String(cause),
      errorName: cause?.name,
      stack: cause?.stack,
      ...(cause !== error ? { wrapper: error?.name } : {}),
      activityType: a?.type,
      channelId: a?.channelId,
      conversationId: a?.conversation?.id,
    });
    try {
      if (a?.type === ActivityTypes.Message || a?.type === ActivityTypes.Invoke) {
        await context.sendActivity(
          storeDown
            ? `${STORE_UNAVAILABLE_REPLY} (ref ${ref})`
            : `Something went wrong on my side (ref ${ref}). Please try again; if it keeps happening, tell the support team this reference.`,
        );
      }
    } catch (sendError) {
      logger.error('could not tell the user about a failed turn', { ref, error: (sendError as Error)?.message });
    }
    // A store that takes no writes cannot clear the state either, and the state is not to blame.
    if (storeDown) return;
    try {
      await conversationState.delete(context);
    } catch (stateError) {
      logger.error('could not clear conversation state after a failed turn', {
        ref,
        error: (stateError as Error)?.message,
      });
    }
  };
}
