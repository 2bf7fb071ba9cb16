/**
 * Bot Framework state classes whose change check compares a JSON snapshot instead of a hash.
 *
 * botbuilder's `BotState` hashes the whole state when it loads it, when `saveChanges` looks for a
 * change, and again after writing — each time `JSON.stringify` through a replacer function (which
 * takes V8 off its fast path) and then SHA-256. With conversation, escalation and user state that
 * is five to seven hashes per turn, about a tenth of a FAQ answer's CPU time on the endpoint.
 * A snapshot (plain `JSON.stringify`, the stored `eTag` left out as botbuilder leaves it out)
 * compared as a string detects the same changes in the plain data bot state holds; a state that
 * `JSON.stringify` cannot write (a cycle) falls back to botbuilder's own hash. Everything else —
 * storage keys, the turn cache, `eTag: '*'` on save, `clear`, `delete`, property accessors — is
 * botbuilder's.
 */
import {
  BotState,
  ConversationState,
  UserState,
  calculateChangeHash,
  type StorageKeyFactory,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { attachStateJson, takeStateJson } from '../storage/state-json.js';
import { isTurnScoped } from './turn-batched-storage.js';

/** What BotState caches in the turn state under its private key. */
interface CachedState {
  state: Record<string, unknown>;
  hash: string;
}

/** BotState's fields this file reads (`stateKey` is private in the typings, the others protected). */
interface StateInternals {
  stateKey: symbol;
  storage: Storage;
  storageKey: StorageKeyFactory;
}

/** The change-check value of `state`: its JSON without the eTag (botbuilder's hash when it has a cycle). */
export function stateSnapshot(state: Record<string, unknown>): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { eTag, ...rest } = state;
  try {
    return JSON.stringify(rest);
  } catch {
    return calculateChangeHash(state);
  }
}

async function loadState(self: BotState, context: TurnContext, force: boolean): Promise<Record<string, unknown>> {
  const { stateKey, storage, storageKey } = self as unknown as StateInternals;
  const cached = context.turnState.get(stateKey) as CachedState | undefined;
  if (!force && cached?.state) return cached.state;
  const key = await storageKey(context);
  const items = isTurnScoped(storage) ? await storage.readInTurn(context, [key]) : await storage.read([key]);
  const state = (items[key] ?? {}) as Record<string, unknown>;
  // The text the store read is this state's snapshot already (state-json.ts).
  const hash = takeStateJson(state) ?? stateSnapshot(state);
  context.turnState.set(stateKey, { state, hash } satisfies CachedState);
  return state;
}

async function saveState(self: BotState, context: TurnContext, force: boolean): Promise<void> {
  const { stateKey, storage, storageKey } = self as unknown as StateInternals;
  const cached =
    (context.turnState.get(stateKey) as CachedState | undefined) ?? (force ? { state: {}, hash: '' } : undefined);
  if (!cached) return;
  // The key first, so that nothing runs between the snapshot and the write.
  const key = await storageKey(context);
  // One snapshot serves as the change check, as the text stored (state-json.ts) and as the new
  // baseline (the eTag it leaves out is all the write changes): a second save in the same turn
  // writes only what changed since this one.
  const snapshot = stateSnapshot(cached.state);
  if (!force && cached.hash === snapshot) return;
  cached.state.eTag = '*';
  try {
    const changes = { [key]: attachStateJson(cached.state, snapshot) };
    await (isTurnScoped(storage) ? storage.writeInTurn(context, changes) : storage.write(changes));
  } finally {
    // A store that does not take the text leaves it on the live object: it must not outlive this write.
    takeStateJson(cached.state);
  }
  cached.hash = snapshot;
  context.turnState.set(stateKey, cached);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StateClass = new (...args: any[]) => BotState;

/** `Base` with the snapshot change check (the mixin pattern: the constructor is Base's). */
function withSnapshots<B extends StateClass>(Base: B): B {
  return class extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override load(context: TurnContext, force = false): Promise<any> {
      return loadState(this, context, force);
    }

    override saveChanges(context: TurnContext, force = false): Promise<void> {
      return saveState(this, context, force);
    }

    override async delete(context: TurnContext): Promise<void> {
      const { storage, storageKey } = this as unknown as StateInternals;
      // What this turn saved and has not stored yet must not outlive the delete.
      if (isTurnScoped(storage)) storage.discardInTurn(context, [await storageKey(context)]);
      return super.delete(context);
    }
  };
}

/** `ConversationState` with the snapshot change check. */
export const SnapshotConversationState = withSnapshots(ConversationState);
/** `UserState` with the snapshot change check. */
export const SnapshotUserState = withSnapshots(UserState);
/** `BotState` (any storage key) with the snapshot change check. */
export const SnapshotBotState = withSnapshots(BotState);
