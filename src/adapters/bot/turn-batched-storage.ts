/**
 * Bot state written once per turn. Conversation state, user state and the escalation activity
 * log are separate `BotState`s that each save (the activity log several times a turn); inside a
 * turn run through {@link TurnBatchedStorage.middleware} their last-writer-wins writes (no eTag, or
 * `*`) are kept in the turn's batch and reach the real storage in one `write()` when the turn ends,
 * which SQLite commits as one transaction: one durable write per turn, none when nothing changed.
 * Writes that carry an eTag (optimistic concurrency) and writes outside a turn go straight through.
 *
 * The batch lives in the turn's `turnState`, and the states reach it through the `...InTurn`
 * methods with their TurnContext (snapshot-bot-state.ts does). It was an AsyncLocalStorage scope
 * before: that made Node track a store on every promise of every turn (half of the async-hooks
 * allocation, about 14 KB a FAQ turn); OpenTelemetry's context is the only one left.
 *
 * A write is frozen as the caller's object is at that moment: as the JSON text the caller attached
 * (state-json.ts; SnapshotBotState attaches the snapshot its change check made), else as a copy.
 */
import type { Middleware, Storage, StoreItems, TurnContext } from 'botbuilder';
import { acceptsStateJson, attachStateJson, takeStateJson } from '../storage/state-json.js';

/** A write held for the end of the turn: the item's JSON text (without eTag) and eTag, or a copy. */
type Held = { json: string; eTag: unknown } | { copy: Record<string, unknown> };
type Pending = Map<string, Held>;

/** Where a turn's batch is kept in its turnState. */
const BATCH = Symbol('kvbot.turnBatch');

/** A Storage whose reads and writes can join the batch of the turn they are made in. */
export interface TurnScopedStorage extends Storage {
  /** `read`, seeing what this turn has written but not yet stored. */
  readInTurn(context: TurnContext, keys: string[]): Promise<StoreItems>;
  /** `write`, held for the end of `context`'s turn when it is one the middleware runs. */
  writeInTurn(context: TurnContext, changes: StoreItems): Promise<void>;
  /** Drops what `context`'s turn holds for `keys` (before they are deleted). */
  discardInTurn(context: TurnContext, keys: string[]): void;
}

/** Whether `storage` takes turn-scoped reads and writes. */
export function isTurnScoped(storage: Storage): storage is TurnScopedStorage {
  return typeof (storage as Partial<TurnScopedStorage>).writeInTurn === 'function';
}

/** A Storage decorator with a turn scope; install {@link TurnBatchedStorage.middleware} on the adapter. */
export class TurnBatchedStorage implements TurnScopedStorage {
  /** Whether the inner storage takes attached JSON as it is (else held text is parsed back). */
  private readonly innerTakesJson: boolean;

  constructor(private readonly inner: Storage) {
    this.innerTakesJson = acceptsStateJson(inner);
  }

  /** Runs `work` as `context`'s turn; its batched writes reach the inner storage once, at the end. */
  async runTurn<T>(context: TurnContext, work: () => Promise<T>): Promise<T> {
    const pending: Pending = new Map();
    context.turnState.set(BATCH, pending);
    try {
      return await work();
    } finally {
      context.turnState.delete(BATCH);
      // Flushed on failure too: what the turn saved before it failed was saved before as well.
      if (pending.size > 0) {
        const items: StoreItems = {};
        for (const [key, held] of pending) items[key] = this.release(held);
        await this.inner.write(items);
      }
    }
  }

  /** Middleware that makes every turn through the adapter one batch. */
  middleware(): Middleware {
    return { onTurn: (context: TurnContext, next: () => Promise<void>) => this.runTurn(context, next) };
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    return this.inner.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  async readInTurn(context: TurnContext, keys: string[]): Promise<StoreItems> {
    const pending = batchOf(context);
    const missing = pending ? keys.filter((k) => !pending.has(k)) : keys;
    const out = missing.length > 0 ? await this.inner.read(missing) : {};
    if (pending)
      for (const k of keys) {
        const held = pending.get(k);
        if (held) out[k] = 'copy' in held ? structuredClone(held.copy) : this.parsed(held);
      }
    return out;
  }

  async writeInTurn(context: TurnContext, changes: StoreItems): Promise<void> {
    const pending = batchOf(context);
    if (!pending) return this.inner.write(changes);
    const direct: StoreItems = {};
    for (const [key, item] of Object.entries(changes)) {
      const eTag = (item as { eTag?: unknown } | undefined)?.eTag;
      if (eTag === undefined || eTag === '*') {
        // Frozen now: BotState keeps mutating its cached object after the write.
        const json = takeStateJson(item);
        pending.set(
          key,
          json !== undefined ? { json, eTag } : { copy: structuredClone(item) as Record<string, unknown> },
        );
      } else {
        pending.delete(key);
        direct[key] = item;
      }
    }
    if (Object.keys(direct).length > 0) await this.inner.write(direct);
  }

  discardInTurn(context: TurnContext, keys: string[]): void {
    const pending = batchOf(context);
    if (pending) for (const k of keys) pending.delete(k);
  }

  /** A held write as the inner storage takes it: the text attached to its eTag alone, or the item. */
  private release(held: Held): Record<string, unknown> {
    if ('copy' in held) return held.copy;
    const eTag = held.eTag === undefined ? {} : { eTag: held.eTag };
    return this.innerTakesJson ? attachStateJson(eTag, held.json) : this.parsed(held);
  }

  /** A held text as an item (with the text attached, as a store's read gives it). */
  private parsed(held: { json: string; eTag: unknown }): Record<string, unknown> {
    const item = JSON.parse(held.json) as Record<string, unknown>;
    if (held.eTag !== undefined) item.eTag = held.eTag;
    return attachStateJson(item, held.json);
  }
}

function batchOf(context: TurnContext): Pending | undefined {
  return context.turnState.get(BATCH) as Pending | undefined;
}
