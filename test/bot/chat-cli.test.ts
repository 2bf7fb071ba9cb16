import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChat } from '../../src/cli/commands/chat.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (c: Buffer) => { text += c.toString('utf8'); });
  return () => text;
}

describe('kvbot chat (terminal chat over the Bot Framework protocol)', () => {
  let bot: TestBot;
  beforeAll(async () => { bot = await startTestBot(); });
  afterAll(async () => { await bot?.close(); });

  it('shows the welcome, answers a question as text with numbered buttons, and clicks a button by number', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const printed = collect(output);
    // Answer card buttons: [1] follow-up "change access policies", [2] follow-up 403, [3] Check my access, [4] Open source, [5] 👍, [6] 👎.
    // After [1]: [1] follow-up group access, [2] Check my access, [3] Open source, [4] 👍 …
    input.end(["why can't I list secrets?", '1', '4', '/quit', ''].join('\n'));
    const code = await runChat({ botUrl: bot.messagesUrl, channelId: 'msteams', input, output });
    const text = printed();
    expect(code).toBe(0);
    expect(text).toContain("Hi, I'm the Key Vault Access Assistant");
    expect(text).toContain("bot> Why can't I list or get secrets in my key vault?");
    expect(text).toContain("[1] How do I change a key vault's access policies?");
    expect(text).toContain('[3] Check my access');
    expect(text).toMatch(/\[4\] Open source → https:\/\/learn\.microsoft\.com/);
    expect(text).toContain("bot> How do I change a key vault's access policies?");
    expect(text).toContain('Thanks for the feedback');
    const votes = (await bot.stores.feedback.list()).map((r) => r.value);
    expect(votes).toEqual([expect.objectContaining({ entryId: 'modify-access-policy', helpful: true, user: expect.objectContaining({ aadObjectId: '00000000-0000-0000-0000-000000000020' }) })]);
  });

  it('says clearly when there is no bot at the URL', async () => {
    const output = new PassThrough();
    const printed = collect(output);
    const input = new PassThrough();
    input.end('');
    const code = await runChat({ botUrl: 'http://127.0.0.1:9/api/messages', channelId: 'emulator', input, output });
    expect(code).toBe(1);
    expect(printed()).toContain('Cannot reach the bot at http://127.0.0.1:9/api/messages');
  });
});
