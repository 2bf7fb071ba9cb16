/**
 * The fixture's `denyBotRead` scopes: ARM calls on or below them answer 403 `AuthorizationFailed`
 * with ARM's real message, so the adapter can report "the bot lacks rights" (azure-facts §2.6).
 */
import { armError } from './errors.js';
import type { EmulatorReply } from './http-types.js';
import { isAtOrAbove } from './scope.js';
import type { TenantState } from './tenant-state.js';

/** Identity named in the message when the fixture sets none. */
export const DEFAULT_BOT_IDENTITY = Object.freeze({
  appId: 'b07b0000-0000-4000-8000-00000000b07b',
  objectId: 'b07b0000-0000-4000-8000-0000000000b0',
});

/** True when the bot may not touch `scope`. */
export function botDenied(state: TenantState, scope: string): boolean {
  return (state.fixture.denyBotRead ?? []).some((denied) => isAtOrAbove(denied, scope));
}

/** 403 for `action` over `scope` when `scope` is denied to the bot; undefined otherwise. */
export function checkBotAccess(state: TenantState, scope: string, action: string): EmulatorReply | undefined {
  if (!botDenied(state, scope)) return undefined;
  const bot = state.fixture.botIdentity ?? DEFAULT_BOT_IDENTITY;
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${bot.appId}' with object id '${bot.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}
