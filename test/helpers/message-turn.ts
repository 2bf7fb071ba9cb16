/**
 * A bare message turn on a TestAdapter (channel `test`, conversation `c1`, user `u1`), for tests of
 * bot state and middleware that need a TurnContext and nothing else.
 */
import { TestAdapter, TurnContext } from 'botbuilder';

/** A new TurnContext for one message turn. */
export function messageTurn(text = 'hi'): TurnContext {
  return new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'test',
    conversation: { id: 'c1' } as never,
    from: { id: 'u1', name: 'User One' },
    recipient: { id: 'bot', name: 'Bot' },
    serviceUrl: 'https://example.test',
    text,
  });
}
