/**
 * The snapshot change check (src/adapters/bot/snapshot-bot-state.ts) decides "changed" as
 * botbuilder's hash does: a state is written when and only when something in it changed, once per
 * save, with `eTag: '*'`; `clear` forces a write; a state JSON cannot serialise still saves.
 */
import { describe, expect, it } from 'vitest';
import { ConversationState, MemoryStorage, type TurnContext, type StoreItems } from 'botbuilder';
import { SnapshotConversationState, stateSnapshot } from '../../src/adapters/bot/snapshot-bot-state.js';
import { messageTurn } from '../helpers/message-turn.js';

class CountingStorage extends MemoryStorage {
  writes: StoreItems[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(structuredClone(changes));
    return super.write(changes);
  }
}

/** Runs the same turn script on botbuilder's ConversationState and on the snapshot one. */
async function writesOf(
  make: (storage: CountingStorage) => ConversationState,
  script: (state: ConversationState, context: TurnContext) => Promise<void>,
): Promise<StoreItems[]> {
  const storage = new CountingStorage();
  const state = make(storage);
  // Turn 1 stores { count: 1 }; turn 2 runs the script against that.
  const first = messageTurn();
  await state.createProperty<number>('count').set(first, 1);
  await state.saveChanges(first);
  storage.writes = [];
  await script(state, messageTurn());
  // eTags differ between runs (MemoryStorage numbers them): compare what was written, not the tag.
  return storage.writes.map((w) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, { ...v, eTag: '-' }])));
}

const SCRIPTS: Record<string, (state: ConversationState, context: TurnContext) => Promise<void>> = {
  'read only': async (state, context) => {
    await state.createProperty<number>('count').get(context);
    await state.saveChanges(context);
  },
  'changed once, saved twice': async (state, context) => {
    const count = state.createProperty<number>('count');
    await count.set(context, (await count.get(context, 0)) + 1);
    await state.saveChanges(context);
    await state.saveChanges(context);
  },
  'nested object mutated in place': async (state, context) => {
    const log = state.createProperty<{ messages: string[] }>('log');
    const data = await log.get(context, { messages: [] });
    await state.saveChanges(context); // the default was written: a change
    data.messages.push('second');
    await state.saveChanges(context);
  },
  'set to the same value': async (state, context) => {
    await state.createProperty<number>('count').set(context, 1);
    await state.saveChanges(context);
  },
  cleared: async (state, context) => {
    await state.load(context);
    await state.clear(context);
    await state.saveChanges(context);
  },
  'forced without a change': async (state, context) => {
    await state.load(context);
    await state.saveChanges(context, true);
  },
};

describe('snapshot change check', () => {
  it.each(Object.keys(SCRIPTS))('writes what botbuilder writes: %s', async (name) => {
    const script = SCRIPTS[name]!;
    const theirs = await writesOf((s) => new ConversationState(s), script);
    const ours = await writesOf((s) => new SnapshotConversationState(s), script);
    expect(ours).toEqual(theirs);
    // And each script does what its name says (so the comparison is not between two empty lists).
    const expected: Record<string, number> = {
      'read only': 0,
      'changed once, saved twice': 1,
      'nested object mutated in place': 2,
      'set to the same value': 0,
      cleared: 1,
      'forced without a change': 1,
    };
    expect(ours).toHaveLength(expected[name]!);
  });

  it('saves with eTag "*" (last writer wins), as botbuilder does', async () => {
    const storage = new CountingStorage();
    const state = new SnapshotConversationState(storage);
    const context = messageTurn();
    await state.createProperty<string>('x').set(context, 'y');
    await state.saveChanges(context);
    expect(Object.values(storage.writes[0]!)[0]).toMatchObject({ eTag: '*', x: 'y' });
  });

  it('leaves the stored eTag out of the snapshot and falls back to a hash for a cycle', () => {
    expect(stateSnapshot({ a: 1, eTag: '7' })).toBe(stateSnapshot({ a: 1, eTag: '8' }));
    expect(stateSnapshot({ a: 1 })).not.toBe(stateSnapshot({ a: 2 }));
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => stateSnapshot(cyclic)).not.toThrow();
    expect(stateSnapshot(cyclic)).toMatch(/^[0-9a-f]{64}$/);
  });
});
