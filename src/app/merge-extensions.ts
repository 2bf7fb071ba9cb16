/**
 * Combines the main dialog extensions of several features into the one set the bot runs, in
 * order (earlier text routes run first), and checks that each `kvbot` card action has one owner.
 */
import type { BotExtensions } from '../adapters/bot/create-bot.js';

/** Two features registered the same `kvbot` card action. */
export class DuplicateSubmitRouteError extends Error {
  override readonly name = 'DuplicateSubmitRouteError';
  constructor(readonly action: string) {
    super(`Two features handle the card action "${action}"; each kvbot action must have exactly one owner.`);
  }
}

/**
 * Combines the extensions of several features, in order (earlier text routes run first).
 * Throws DuplicateSubmitRouteError when two features claim the same card action.
 */
export function mergeExtensions(...parts: ReadonlyArray<BotExtensions | undefined>): BotExtensions {
  const merged = { textRoutes: [], submitRoutes: [], dialogs: [], observers: [] } as {
    [K in keyof Required<BotExtensions>]: Array<NonNullable<BotExtensions[K]>[number]>;
  };
  const actions = new Set<string>();
  for (const p of parts) {
    if (!p) continue;
    merged.textRoutes.push(...(p.textRoutes ?? []));
    for (const r of p.submitRoutes ?? []) {
      if (actions.has(r.action)) throw new DuplicateSubmitRouteError(r.action);
      actions.add(r.action);
      merged.submitRoutes.push(r);
    }
    merged.dialogs.push(...(p.dialogs ?? []));
    merged.observers.push(...(p.observers ?? []));
  }
  return merged;
}
