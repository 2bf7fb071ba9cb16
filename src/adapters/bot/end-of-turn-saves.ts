/**
 * Bot states saved once, when the turn ends, instead of at every change. The escalation activity
 * log is its own `BotState` and is appended to several times a turn (the message, then the FAQ's
 * matches); saving it at each append hashed and copied the whole log each time. Inside a turn run
 * through {@link endOfTurnSaves}' middleware a save is only noted and done when the turn ends —
 * also when the turn fails, so a case opened after an error still has the message. Outside such a
 * turn (tests on a bare TestAdapter) the save happens at once, as before.
 */
import type { BotState, Middleware, TurnContext } from 'botbuilder';

const PENDING = Symbol('kvbot.endOfTurnSaves');

/** A `persist(context)` for `state`: deferred to the end of the turn when the middleware runs it. */
export function saveAtEndOfTurn(state: BotState): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const pending = context.turnState.get(PENDING) as Set<BotState> | undefined;
    if (pending) pending.add(state);
    else await state.saveChanges(context, false);
  };
}

/** The middleware that runs the deferred saves; install it inside the per-turn storage batch. */
export function endOfTurnSaves(): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const pending = new Set<BotState>();
      context.turnState.set(PENDING, pending);
      let failed = false;
      try {
        await next();
      } catch (e) {
        failed = true;
        throw e;
      } finally {
        context.turnState.delete(PENDING);
        for (const state of pending) {
          // After a failure the turn's own error is the one to report; a save that fails too is
          // left to the store's health checks rather than hiding it.
          if (failed) await state.saveChanges(context, false).catch(() => undefined);
          else await state.saveChanges(context, false);
        }
      }
    },
  };
}
