/**
 * Bot state written once per turn. Conversation state, user state and the escalation activity
 * log are separate `BotState`s that each call `Storage.write` (the activity log several times a
 * turn); inside a turn this wrapper keeps those last-writer-wins writes (no eTag, or `*`) in
 * memory and hands them to the real storage in one `write()` when the turn ends, which SQLite
 * commits as one transaction: one durable write per turn, none when nothing changed. Writes that
 * carry an eTag (optimistic concurrency) and writes outside a turn (proactive messages, timers)
 * go straight through.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Middleware, Storage, StoreItems, TurnContext } from 'botbuilder';

type Pending = Map<string, Record<string, unknown>>;

/** A Storage decorator with a turn scope; install {@link TurnBatchedStorage.middleware} on the adapter. */
export class TurnBatchedStorage implements Storage {
  private readonly turn = new AsyncLocalStorage<Pending>();

  constructor(private readonly inner: Storage) {}

  /** Runs `work` as one turn; its batched writes reach the inner storage once, at the end. */
  async runTurn<T>(work: () => Promise<T>): Promise<T> {
    const pending: Pending = new Map();
    try {
      return await this.turn.run(pending, work);
    } finally {
      // Flushed on failure too: what the turn saved before it failed was saved before as well.
      if (pending.size > 0) await this.inner.write(Object.fromEntries(pending));
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
    if (pending) for (const k of keys) if (pending.has(k)) out[k] = structuredClone(pending.get(k));
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const pending = this.turn.getStore();
    if (!pending) return this.inner.write(changes);
    const direct: StoreItems = {};
    for (const [key, item] of Object.entries(changes)) {
      const eTag = (item as { eTag?: unknown } | undefined)?.eTag;
      // A copy: BotState keeps mutating its cached object after the write.
      if (eTag === undefined || eTag === '*') pending.set(key, structuredClone(item) as Record<string, unknown>);
      else {
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
}
