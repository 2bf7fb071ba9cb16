/**
 * The escalation log's state is saved once, when the turn ends (also after a failure), and at once
 * outside a turn run through the middleware.
 */
import { describe, expect, it } from 'vitest';
import { BotState, MemoryStorage, TestAdapter, type StoreItems, type TurnContext } from 'botbuilder';
import { endOfTurnSaves, saveAtEndOfTurn } from '../../src/adapters/bot/end-of-turn-saves.js';

/** A MemoryStorage that counts writes. */
class CountingStorage extends MemoryStorage {
  writes = 0;
  override async write(changes: StoreItems): Promise<void> {
    this.writes++;
    return super.write(changes);
  }
}

function setUp() {
  const storage = new CountingStorage();
  const state = new BotState(storage, async () => 'conversation/log');
  const log = state.createProperty<{ lines: string[] }>('log');
  const persist = saveAtEndOfTurn(state);
  const append = async (context: TurnContext, line: string) => {
    const data = await log.get(context, { lines: [] });
    data.lines.push(line);
    await log.set(context, data);
    await persist(context);
  };
  const stored = async () => {
    const items = await storage.read(['conversation/log']);
    return (items['conversation/log'] as { log?: { lines: string[] } } | undefined)?.log?.lines;
  };
  return { storage, append, stored };
}

describe('saves at the end of the turn', () => {
  it('saves two appends of one turn in one write, after the turn', async () => {
    const { storage, append, stored } = setUp();
    let writesDuringTurn = -1;
    const adapter = new TestAdapter(async (context) => {
      await append(context, 'first');
      await append(context, 'second');
      writesDuringTurn = storage.writes;
    }).use(endOfTurnSaves());
    await adapter.send('hello');
    expect(writesDuringTurn).toBe(0);
    expect(storage.writes).toBe(1);
    expect(await stored()).toEqual(['first', 'second']);
  });

  it('still saves what the turn appended when the turn fails, and reports the turn its own error', async () => {
    const { append, stored } = setUp();
    const adapter = new TestAdapter(async (context) => {
      await append(context, 'before the failure');
      throw new Error('route failed');
    }).use(endOfTurnSaves());
    let reported: unknown;
    adapter.onTurnError = async (_context, error) => {
      reported = error;
    };
    await adapter.send('hello');
    expect((reported as Error).message).toBe('route failed');
    expect(await stored()).toEqual(['before the failure']);
  });

  it('saves at once outside a turn run through the middleware', async () => {
    const { storage, append, stored } = setUp();
    const counts: number[] = [];
    const adapter = new TestAdapter(async (context) => {
      await append(context, 'one');
      counts.push(storage.writes);
      await append(context, 'two');
      counts.push(storage.writes);
    });
    await adapter.send('hello');
    expect(counts).toEqual([1, 2]);
    expect(await stored()).toEqual(['one', 'two']);
  });
});
