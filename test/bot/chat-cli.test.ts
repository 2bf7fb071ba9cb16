import { PassThrough } from 'node:stream';
import { CardFactory } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChat } from '../../src/cli/commands/chat.js';
import type { SubmitRoute, TextRoute } from '../../dialogs/main-dialog.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';
import { startTerminalChat } from '../helpers/terminal-chat.js';

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  return () => text;
}

describe('kvbot chat (terminal chat over the Bot Framework protocol)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot?.close();
  });

  it('shows the welcome, answers a question as text with numbered buttons, and clicks a button by number', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const printed = collect(output);
    // Buttons are numbered over the whole chat: [1] is the welcome's "What can you do?"; the answer
    // card adds [2] follow-up "change access policies", [3] follow-up 403, [4] Check my access,
    // [5] Open source, [6] 👍, [7] 👎; after [2]: [8] follow-up group access, [9] Check my access,
    // [10] Open source, [11] 👍 …
    input.end(["why can't I list secrets?", '2', '11', '/quit', ''].join('\n'));
    const code = await runChat({ botUrl: bot.messagesUrl, channelId: 'msteams', input, output });
    const text = printed();
    expect(code).toBe(0);
    expect(text).toContain("Hi, I'm the Key Vault Access Assistant");
    expect(text).toContain("bot> Why can't I list or get secrets in my key vault?");
    expect(text).toContain("[2] How do I change a key vault's access policies?");
    expect(text).toContain('[4] Check my access');
    expect(text).toMatch(/\[5\] Open source → https:\/\/learn\.microsoft\.com/);
    expect(text).toContain("bot> How do I change a key vault's access policies?");
    expect(text).toContain('Thanks for the feedback');
    const votes = (await bot.stores.feedback.list()).map((r) => r.value);
    expect(votes).toEqual([
      expect.objectContaining({
        entryId: 'modify-access-policy',
        helpful: true,
        user: expect.objectContaining({ aadObjectId: '00000000-0000-0000-0000-000000000020' }),
      }),
    ]);
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

/** A card like the escalation offer: a required text, a choice, a button that sends them and one that must not. */
const formRoute: TextRoute = {
  name: 'test-form',
  async handle(step, text) {
    if (text !== 'show form') return undefined;
    await step.context.sendActivity({
      attachments: [
        CardFactory.adaptiveCard({
          type: 'AdaptiveCard',
          version: '1.5',
          body: [
            { type: 'TextBlock', text: 'Talk to a **person**?', wrap: true },
            { type: 'Input.Text', id: 'why', label: 'Why?', isRequired: true },
            {
              type: 'Input.ChoiceSet',
              id: 'priority',
              label: 'Priority',
              value: 'normal',
              choices: [
                { title: 'Low', value: 'low' },
                { title: 'Normal', value: 'normal' },
                { title: 'High', value: 'high' },
              ],
            },
          ],
          actions: [
            { type: 'Action.Submit', title: 'Open a case', data: { kvbot: 'test.open' } },
            { type: 'Action.Submit', title: 'Not now', associatedInputs: 'none', data: { kvbot: 'test.dismiss' } },
          ],
        }),
      ],
    });
    return step.endDialog();
  },
};

/** Echoes what a submit carried, so the test sees exactly what the chat sent. */
const echo = (action: string): SubmitRoute => ({
  action,
  async handle(step, value) {
    await step.context.sendActivity(`${action} got ${JSON.stringify(value)}`);
    return step.endDialog();
  },
});

describe('kvbot chat: card inputs and button numbers', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({}, { textRoutes: [formRoute], submitRoutes: [echo('test.open'), echo('test.dismiss')] });
  });
  afterAll(async () => {
    await bot?.close();
  });

  it('a button with associatedInputs "none" (Not now, Cancel) acts at once without asking for the required inputs', async () => {
    const chat = startTerminalChat(bot.messagesUrl);
    await chat.until(/you> $/);
    const from = chat.printed().length;
    chat.type('show form');
    await chat.until(/\[\d+\] Not now[\s\S]*you> $/, { from });
    const clicked = chat.printed().length;
    chat.type(String(chat.button('Not now')));
    const after = await chat.until(/test\.dismiss got[\s\S]*you> $/, { from: clicked });
    expect(after).not.toMatch(/Why\?|Priority/);
    expect(after).toContain('test.dismiss got {"kvbot":"test.dismiss"}');
    expect(await chat.quit()).toBe(0);
  });

  it("a choice input takes only the card's choices (by number or name) and asks again otherwise", async () => {
    const chat = startTerminalChat(bot.messagesUrl);
    await chat.until(/you> $/);
    let from = chat.printed().length;
    chat.type('show form');
    await chat.until(/\[\d+\] Open a case[\s\S]*you> $/, { from });
    from = chat.printed().length;
    chat.type(String(chat.button('Open a case')));
    await chat.until(/Why\? \(required\): $/, { from });
    chat.type('the vault is down');
    await chat.until(/Priority \(1=Low, 2=Normal, 3=High\) \[Normal\]: $/, { from });
    chat.type('banana');
    const refused = await chat.until(
      /"banana" is not one of the choices; type a number from 1 to 3 or the choice's name\.\n\s+Priority .*: $/,
      { from },
    );
    expect(refused).not.toContain('test.open got');
    chat.type('high');
    const sent = await chat.until(/test\.open got[\s\S]*you> $/, { from });
    expect(sent).toContain('test.open got {"why":"the vault is down","priority":"high","kvbot":"test.open"}');
    expect(await chat.quit()).toBe(0);
  });

  it('keeps earlier buttons clickable after a reply without buttons, and says which numbers exist', async () => {
    const chat = startTerminalChat(bot.messagesUrl);
    await chat.until(/you> $/);
    let from = chat.printed().length;
    chat.type("why can't I list secrets?");
    await chat.until(/\[\d+\] 👍[\s\S]*you> $/, { from });
    const followUp = chat.button("How do I change a key vault's access policies?");
    from = chat.printed().length;
    chat.type(String(chat.button('👍')));
    const thanks = await chat.until(/Thanks for the feedback[\s\S]*you> $/, { from });
    expect(thanks).not.toMatch(/\[\d+\]/);
    // The thank-you had no buttons; the answer's follow-up is still button `followUp`.
    from = chat.printed().length;
    chat.type(String(followUp));
    await chat.until(/bot> How do I change a key vault's access policies\?[\s\S]*you> $/, { from });
    from = chat.printed().length;
    chat.type('99');
    const none = await chat.until(/you> $/, { from });
    expect(none).toMatch(/There is no button 99; pick one from 1 to \d+\./);
    expect(await chat.quit()).toBe(0);
  });

  it('shows Teams Markdown plainly: no ** or backticks in the terminal', async () => {
    const chat = startTerminalChat(bot.messagesUrl);
    await chat.until(/you> $/);
    const from = chat.printed().length;
    chat.type('show form');
    const shown = await chat.until(/\[\d+\] Not now[\s\S]*you> $/, { from });
    expect(shown).toContain('Talk to a person?');
    expect(shown).not.toContain('**');
    expect(await chat.quit()).toBe(0);
  });
});
