/**
 * Bot state written once per turn. Conversation state, user state and the escalation activity
 * log are separate `BotState`s that each call `Storage.write` (the activity log several times a
 * turn); inside a turn this wrapper keeps those last-writer-wins writes (no eTag, or `*`) in
 * memory and hands them to the real storage in one `write()` when the turn ends, which SQLite
 * commits as one transaction: one durable write per turn, none when nothing changed. Writes that
 * carry an eTag (optimistic concurrency) and writes outside a turn (proactive messages, timers)
 * go straight through.
 *
 * A write is frozen as the caller's object is at that moment: as the JSON text the caller attached
 * (state-json.ts; SnapshotBotState attaches the snapshot its change check made), else as a copy.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Middleware, Storage, StoreItems, TurnContext } from 'botbuilder';
import { acceptsStateJson, attachStateJson, takeStateJson } from '../storage/state-json.js';

/** A write held for the end of the turn: the item's JSON text (without eTag) and eTag, or a copy. */
type Held = { json: string; eTag: unknown } | { copy: Record<string, unknown> };
type Pending = Map<string, Held>;

/** A Storage decorator with a turn scope; install {@link TurnBatchedStorage.middleware} on the adapter. */
export class TurnBatchedStorage implements Storage {
  private readonly turn = new AsyncLocalStorage<Pending>();
  /** Whether the inner storage takes attached JSON as it is (else held text is parsed back). */
  private readonly innerTakesJson: boolean;

  constructor(private readonly inner: Storage) {
    this.innerTakesJson = acceptsStateJson(inner);
  }

  /** Runs `work` as one turn; its batched writes reach the inner storage once, at the end. */
  async runTurn<T>(work: () => Promise<T>): Promise<T> {
    const pending: Pending = new Map();
    try {
      return await this.turn.run(pending, work);
    } finally {
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
    return { onTurn: (_context: TurnContext, next: () => Promise<void>) => this.runTurn(next) };
  }

  async read(keys: string[]): Promise<StoreItems> {
    const pending = this.turn.getStore();
    const missing = pending ? keys.filter((k) => !pending.has(k)) : keys;
    const out = missing.length > 0 ? await this.inner.read(missing) : {};
    if (pending)
      for (const k of keys) {
        const held = pending.get(k);
        if (held) out[k] = 'copy' in held ? structuredClone(held.copy) : this.parsed(held);
      }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const pending = this.turn.getStore();
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

  async delete(keys: string[]): Promise<void> {
    const pending = this.turn.getStore();
    if (pending) for (const k of keys) pending.delete(k);
    await this.inner.delete(keys);
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
