import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { adaptiveCardOf, button, buttonsOf, textOf } from '../helpers/card-assertions.js';
import { dialogClient, shownReplies, testConversation, turnReplies } from '../helpers/test-conversation.js';

function client() {
  const conv = testConversation();
  return { conv, dialogClient: dialogClient(conv) };
}

const submit = (value: unknown): Partial<Activity> => ({ type: 'message', value });

describe('main dialog: answering questions', () => {
  it('answers at once (no typing indicator) with the answer card: title, markdown body, source link, follow-ups and 👍/👎', async () => {
    const { dialogClient } = client();
    const replies = await turnReplies(dialogClient, "why can't I list secrets in kv-payments?");
    expect(replies.some((a) => a.type === 'typing')).toBe(false);
    const card = adaptiveCardOf(replies[0]);
    expect(card.version).toBe('1.5');
    const text = textOf(replies[0]);
    expect(text).toContain("Why can't I list or get secrets in my key vault?");
    expect(text).toContain('**List** and **Get**');
    expect(text).toContain('az keyvault set-policy');
    const body = card.body as Array<Record<string, unknown>>;
    expect(body.some((b) => b.fontType === 'Monospace' && String(b.text).includes('az keyvault'))).toBe(true);
    expect(body.every((b) => b.type !== 'TextBlock' || b.wrap === true)).toBe(true);
    expect(button(replies[0], 'Open source')).toMatchObject({
      kind: 'openUrl',
      url: expect.stringContaining('learn.microsoft.com'),
    });
    expect(button(replies[0], "How do I change a key vault's access policies?").data).toEqual({
      kvbot: 'faq.open',
      id: 'modify-access-policy',
    });
    expect(button(replies[0], /👍/).data).toEqual({
      kvbot: 'feedback',
      id: 'list-get-something-went-wrong',
      helpful: true,
    });
    expect(button(replies[0], /👎/).data).toEqual({
      kvbot: 'feedback',
      id: 'list-get-something-went-wrong',
      helpful: false,
    });
  });

  it('offers up to three "did you mean" choices plus "None of these" when the match is ambiguous', async () => {
    const { dialogClient } = client();
    const replies = await turnReplies(dialogClient, 'vault access');
    const card = replies[0];
    expect(textOf(card)).toContain('Did you mean');
    const ids = buttonsOf(card)
      .filter((b) => (b.data as { kvbot?: string })?.kvbot === 'faq.open')
      .map((b) => (b.data as { id: string }).id);
    expect(ids).toEqual(['modify-access-policy', 'ad-group-access', 'per-object-access']);
    expect(button(card, 'None of these').data).toEqual({ kvbot: 'faq.none', query: 'vault access' });
  });

  it('says honestly when it has no answer, shows the nearest entries, offers a person and records the question', async () => {
    const { dialogClient, conv } = client();
    const replies = await turnReplies(dialogClient, 'my vault is slow today');
    expect(textOf(replies[0])).toContain("I don't have a confident answer");
    expect(button(replies[0], /429/).data).toEqual({ kvbot: 'faq.open', id: 'error-429' });
    expect(button(replies[0], 'Talk to a person').data).toEqual({ kvbot: 'human', query: 'my vault is slow today' });
    const unanswered = await conv.stores.unanswered.list();
    expect(unanswered.map((r) => r.value)).toEqual([
      expect.objectContaining({ question: 'my vault is slow today', nearest: ['error-429'], reason: 'no-match' }),
    ]);
  });

  it('with nothing near, shows no entry buttons, only "Talk to a person"', async () => {
    const { dialogClient } = client();
    const replies = await turnReplies(dialogClient, 'what is the weather in Oslo');
    expect(buttonsOf(replies[0]).map((b) => b.title)).toEqual(['Talk to a person']);
  });

  it('"Talk to a person" records an escalation request with the question and acknowledges with a reference', async () => {
    const { dialogClient, conv } = client();
    const replies = await turnReplies(dialogClient, submit({ kvbot: 'human', query: 'my vault is slow today' }));
    const requests = (await conv.stores.humanRequests.list()).map((r) => r.value);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      question: 'my vault is slow today',
      status: 'open',
      conversation: { channelId: 'msteams' },
    });
    expect(replies[0]?.text).toContain(`ref ${requests[0]?.ref}`);
  });

  it('typing "talk to a person" after an unanswered question carries that question', async () => {
    const { dialogClient, conv } = client();
    await turnReplies(dialogClient, 'what is the weather in Oslo');
    await turnReplies(dialogClient, 'talk to a person');
    const [request] = (await conv.stores.humanRequests.list()).map((r) => r.value);
    expect(request?.question).toBe('what is the weather in Oslo');
  });

  it('"None of these" records the question as rejected and offers a person', async () => {
    const { dialogClient, conv } = client();
    const replies = await turnReplies(dialogClient, submit({ kvbot: 'faq.none', query: 'vault access' }));
    expect(textOf(replies[0])).toContain('none of those fit');
    expect(button(replies[0], 'Talk to a person').data).toEqual({ kvbot: 'human', query: 'vault access' });
    const [rec] = (await conv.stores.unanswered.list()).map((r) => r.value);
    expect(rec).toMatchObject({ question: 'vault access', reason: 'rejected' });
  });
});

describe('main dialog: card buttons', () => {
  it('a follow-up button opens that entry', async () => {
    const { dialogClient } = client();
    const replies = await turnReplies(dialogClient, submit({ kvbot: 'faq.open', id: 'modify-access-policy' }));
    expect(textOf(replies[0])).toContain("How do I change a key vault's access policies?");
    expect(button(replies[0], /👍/).data).toEqual({ kvbot: 'feedback', id: 'modify-access-policy', helpful: true });
  });

  it('stores 👍/👎 per user and entry; a second vote by the same user replaces the first', async () => {
    const { dialogClient, conv } = client();
    const up = await turnReplies(dialogClient, submit({ kvbot: 'feedback', id: 'error-403', helpful: true }));
    expect(up[0]?.text).toMatch(/thanks/i);
    const down = await turnReplies(dialogClient, submit({ kvbot: 'feedback', id: 'error-403', helpful: false }));
    expect(button(down[0], 'Talk to a person').data).toMatchObject({ kvbot: 'human' });
    const votes = (await conv.stores.feedback.list()).map((r) => r.value);
    expect(votes).toEqual([
      expect.objectContaining({
        entryId: 'error-403',
        helpful: false,
        conversation: expect.objectContaining({ channelId: 'msteams' }),
      }),
    ]);
  });

  it.each([
    ['a string', 'hello'],
    ['an object without kvbot', { choice: 'A' }],
    ['an open without id', { kvbot: 'faq.open' }],
    ['an id with path characters', { kvbot: 'faq.open', id: '../etc/passwd' }],
    ['feedback without helpful', { kvbot: 'feedback', id: 'error-403' }],
    ['feedback with helpful as text', { kvbot: 'feedback', id: 'error-403', helpful: 'yes' }],
    ['an array', [1, 2]],
  ])('refuses a malformed submit (%s) with a clear message and stores nothing', async (_label, value) => {
    const { dialogClient, conv } = client();
    const replies = await turnReplies(dialogClient, submit(value));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/couldn't use that button: .+\. It may come from an old card/);
    expect(await conv.stores.feedback.list()).toEqual([]);
  });

  it('refuses an unknown kvbot action by name', async () => {
    const { dialogClient } = client();
    const replies = await turnReplies(dialogClient, submit({ kvbot: 'launch.missiles' }));
    expect(replies[0]?.text).toContain('"launch.missiles"');
  });

  it('an entry id that is no longer in the KB gets a message, not a crash', async () => {
    const { dialogClient } = client();
    const replies = await turnReplies(dialogClient, submit({ kvbot: 'faq.open', id: 'gone-entry' }));
    expect(replies[0]?.text).toContain('can\'t find the answer "gone-entry"');
  });
});

describe('main dialog: commands, small talk and mentions', () => {
  it.each(['help', '/help', 'HELP'])('"%s" shows the help card', async (text) => {
    const { dialogClient } = client();
    const replies = await turnReplies(dialogClient, text);
    expect(textOf(replies[0])).toContain('What Key Vault Access Assistant can do');
  });

  it('a greeting gets the help card; thanks gets a short reply', async () => {
    const { dialogClient } = client();
    const hi = await turnReplies(dialogClient, 'hello there');
    expect(textOf(hi[0])).toContain('What Key Vault Access Assistant can do');
    const thanks = await turnReplies(dialogClient, 'thanks!');
    expect(thanks[0]?.text).toMatch(/you're welcome/i);
  });

  it('strips the @mention of the bot in a channel before matching', async () => {
    const { dialogClient, conv } = client();
    const replies = await turnReplies(dialogClient, {
      type: 'message',
      text: '<at>KV Bot</at> what does 403 forbidden mean?',
      entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'KV Bot' }, text: '<at>KV Bot</at>' }],
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', isGroup: true, name: 'General' },
    });
    expect(conv.knowledge.queries).toEqual(['what does 403 forbidden mean?']);
    expect(textOf(replies[0])).toContain('What does a 403 Forbidden from Key Vault mean?');
  });

  it('keeps the names of other people mentioned, without the <at> tags', async () => {
    const { dialogClient, conv } = client();
    await turnReplies(dialogClient, {
      type: 'message',
      text: '<at>KV Bot</at> can <at>Megan Bowen</at> get secrets?',
      entities: [
        { type: 'mention', mentioned: { id: 'bot', name: 'KV Bot' }, text: '<at>KV Bot</at>' },
        { type: 'mention', mentioned: { id: 'user-id-1', name: 'Megan Bowen' }, text: '<at>Megan Bowen</at>' },
      ],
    });
    expect(conv.knowledge.queries).toEqual(['can Megan Bowen get secrets?']);
  });

  it('a bare @mention shows the help card instead of matching nothing', async () => {
    const { dialogClient, conv } = client();
    const replies = await turnReplies(dialogClient, {
      type: 'message',
      text: '<at>KV Bot</at>',
      entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'KV Bot' }, text: '<at>KV Bot</at>' }],
    });
    expect(conv.knowledge.queries).toEqual([]);
    expect(textOf(replies[0])).toContain('What Key Vault Access Assistant can do');
  });
});

const say = (text: string): Partial<Activity> => ({ type: 'message', text });

describe('a typed "that didn\'t help" right after an answer', () => {
  it('counts as its 👎: recorded for the entry, and a person offered', async () => {
    const { conv, dialogClient } = client();
    await shownReplies(dialogClient, say('what does something went wrong mean when I list secrets'));
    const [reply] = await shownReplies(dialogClient, say("that didn't help"));
    expect(textOf(reply)).toContain("Sorry that didn't help. I've noted it against the answer");
    expect(buttonsOf(reply).map((b) => b.title)).toEqual(['Talk to a person']);
    const votes = (await conv.stores.feedback.list()).map((r) => r.value);
    expect(votes).toMatchObject([{ entryId: 'list-get-something-went-wrong', helpful: false }]);
    expect(conv.knowledge.queries).toHaveLength(1);
  });

  it('with no answer just before, it is a message like any other (nothing recorded)', async () => {
    const { conv, dialogClient } = client();
    await shownReplies(dialogClient, say("that didn't help"));
    expect(await conv.stores.feedback.list()).toEqual([]);
    expect(conv.knowledge.queries).toEqual(["that didn't help"]);
  });
});

describe('a question in another language', () => {
  it('gets "ask again in English" and a person, not unrelated topics; it is still noted as unanswered', async () => {
    const { conv, dialogClient } = client();
    const [reply] = await shownReplies(dialogClient, say('Ich kann keine Geheimnisse im Key Vault auflisten, warum?'));
    expect(textOf(reply)).toContain('It looks like you wrote in German.');
    expect(buttonsOf(reply).map((b) => b.title)).toEqual(['Talk to a person']);
    expect((await conv.stores.unanswered.list()).map((r) => r.value.question)).toEqual([
      'Ich kann keine Geheimnisse im Key Vault auflisten, warum?',
    ]);
  });
});

describe('a screenshot or a file without words', () => {
  it.each([
    [[{ contentType: 'image/png', contentUrl: 'https://example.test/s.png' }], /can't read screenshots yet/],
    [
      [{ contentType: 'text/html', content: '<div><img src="https://example.test/s.png"></div>' }],
      /can't read screenshots yet/,
    ],
    [
      [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'pipeline.log', content: {} }],
      /can't open files yet/,
    ],
  ])('%j: says to paste the error as text, not the help card; nothing is matched', async (attachments, reply) => {
    const { conv, dialogClient } = client();
    const [r] = await shownReplies(dialogClient, { type: 'message', text: '', attachments });
    expect(r?.text).toMatch(reply);
    expect(conv.knowledge.queries).toEqual([]);
  });

  it('words with a screenshot are answered as words', async () => {
    const { conv, dialogClient } = client();
    await shownReplies(dialogClient, {
      type: 'message',
      text: 'what does 403 forbidden mean',
      attachments: [{ contentType: 'image/png', contentUrl: 'https://example.test/s.png' }],
    });
    expect(conv.knowledge.queries).toEqual(['what does 403 forbidden mean']);
  });
});
