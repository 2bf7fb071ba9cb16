/**
 * The FAQ answer card's "Check my access" button (into the probe route, which asks for the vault)
 * and its single source line, and the terminal rendering of Universal Actions (Action.Execute),
 * which is how `kvbot chat` approves.
 */
import { consentOnlyProbeRoutes } from '../helpers/sandbox-probes.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage, type Activity } from 'botbuilder';
import { MAX_ALSO_CLOSE, TeamsFaqCards } from '../../dialogs/faq-teams-cards.js';
import { createBot } from '../../src/adapters/bot/create-bot.js';
import { memoryFeedbackStores } from '../helpers/memory-feedback-stores.js';
import { renderActivity, renderAdaptiveCard } from '../../src/cli/chat/card-text.js';
import { MatcherKnowledge } from '../../src/adapters/bot/matcher-knowledge.js';
import { FaqService } from '../../src/adapters/knowledge/faq-service.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { button, buttonsOf, textOf } from '../helpers/card-assertions.js';
import { dialogClient, shownReplies, testConversation } from '../helpers/test-conversation.js';
import path from 'node:path';
import { ACCOUNTS } from '../helpers/demo-tenant.js';

const ALEX = ACCOUNTS.alex;

describe('the FAQ answer card', () => {
  // One knowledge service over the real KB for the tests that need it.
  let faq: FaqService;
  let knowledge: MatcherKnowledge;
  beforeAll(async () => {
    faq = await FaqService.start(path.join(PROJECT_ROOT, 'knowledge'), { watch: false });
    knowledge = new MatcherKnowledge(() => faq.matcher);
  });
  afterAll(async () => {
    await faq.close();
  });

  it('on the real KB: a "Check my access" button for an entry with probes, none without, and the source shown once', async () => {
    const cards = new TeamsFaqCards();
    const entry = knowledge.entry('list-get-something-went-wrong')!;
    expect(entry.answerMarkdown).toMatch(/Source: \[.*\]\(https:\/\/learn\.microsoft\.com/); // what the KB writes
    const card = { attachments: [cards.answer(entry)] };
    const text = textOf(card);
    expect(text.match(/Source:/g)).toHaveLength(1);
    expect(text).toContain(`Source: [${entry.source.document} — ${entry.source.heading}](${entry.source.url})`);
    expect(button(card, 'Check my access').data).toEqual({ kvbot: 'probe.start', probe: 'permission-check' });

    const noProbe = knowledge.entry('throttling-best-practices') ?? knowledge.entry('authenticate-app')!;
    const withoutProbes = { ...noProbe, probes: [] };
    expect(buttonsOf({ attachments: [cards.answer(withoutProbes)] }).map((b) => b.title)).not.toContain(
      'Check my access',
    );
  });

  it("names each check for what it reads, with the question's vault when it named one", () => {
    const cards = new TeamsFaqCards();
    const titleOf = (id: string, vault?: string) =>
      buttonsOf({ attachments: [cards.answer(knowledge.entry(id)!, [], vault ? { vault } : {})] })
        .map((b) => ({ title: b.title, data: b.data as Record<string, unknown> }))
        .find((b) => b.data?.kvbot === 'probe.start');
    expect(titleOf('list-get-something-went-wrong', 'kv-orders')).toEqual({
      title: 'Check my access to kv-orders',
      data: { kvbot: 'probe.start', probe: 'permission-check', vault: 'kv-orders' },
    });
    // The policy checks look at the vault's policies, not at the person's own access.
    expect(titleOf('modify-access-policy')?.title).toBe('Who can change access on my vault?');
    expect(titleOf('modify-access-policy', 'kv-orders')?.title).toBe('Who can change access on kv-orders?');
    expect(titleOf('unknown-policy', 'kv-orders')?.title).toBe('Explain the unknown entries on kv-orders');
  });

  it("shows the matcher's runners-up under the answer (at most two, never the answer itself, not repeated among the related questions)", async () => {
    const cards = new TeamsFaqCards();
    const entry = knowledge.entry('list-get-something-went-wrong')!;
    const candidate = (id: string) => {
      const e = knowledge.entry(id)!;
      return {
        id,
        question: e.question,
        score: 0.1,
        source: { document: e.source.document, heading: e.source.heading, url: e.source.url ?? '' },
      };
    };
    const related = entry.followUps[0]!;
    const close = [
      candidate(entry.id),
      candidate(related.id),
      candidate('access-logging'),
      candidate('unknown-policy'),
    ];
    const card = { attachments: [cards.answer(entry, close)] };
    const text = textOf(card);
    expect(text).toContain('Not what you asked? These are close too');
    const titles = buttonsOf(card).map((b) => b.title);
    // The entry itself is dropped; the next two are shown, the fourth is not.
    expect(titles.filter((t) => t === entry.question)).toHaveLength(0);
    expect(titles.filter((t) => t === related.question)).toHaveLength(1);
    expect(titles).toContain(knowledge.entry('access-logging')!.question);
    expect(titles).not.toContain(knowledge.entry('unknown-policy')!.question);
    expect(button(card, knowledge.entry('access-logging')!.question).data).toEqual({
      kvbot: 'faq.open',
      id: 'access-logging',
    });
    // Without runners-up the card is as before: no such heading.
    expect(textOf({ attachments: [cards.answer(entry)] })).not.toContain('Not what you asked?');
  });

  it('through the bot on the real KB: an answered question shows the first runners-up the matcher gave, which open their entries', async () => {
    const bot = createBot({
      knowledge,
      stores: memoryFeedbackStores(),
      storage: new MemoryStorage(),
      newId: () => 'id1abcdef',
    });
    const client = dialogClient(bot);
    const q = 'who deleted a secret from our vault';
    const result = faq.matcher.match(q);
    expect(result.kind).toBe('answer'); // what the test is about: an answer with runners-up
    const expected = result.suggestions.slice(0, MAX_ALSO_CLOSE);
    expect(expected.length).toBeGreaterThan(0);
    const [answer] = await shownReplies(client, { type: 'message', text: q, from: ALEX as Activity['from'] });
    expect(textOf(answer)).toContain('Not what you asked? These are close too');
    for (const s of expected) expect(button(answer, s.question).data).toEqual({ kvbot: 'faq.open', id: s.id });
    const [opened] = await shownReplies(client, {
      type: 'message',
      value: button(answer, expected[0]!.question).data,
      from: ALEX as Activity['from'],
    });
    expect(textOf(opened)).toContain(expected[0]!.question);
  });

  it('a long message naming a vault gets its answer, whose check button names that vault (no consent card in place of the answer)', async () => {
    const bot = createBot({
      knowledge,
      stores: memoryFeedbackStores(),
      storage: new MemoryStorage(),
      extensions: consentOnlyProbeRoutes(),
      newId: () => 'id1abcdef',
    });
    const client = dialogClient(bot);
    const turn = (activity: Partial<Activity>) => shownReplies(client, { from: ALEX as Activity['from'], ...activity });
    const report =
      'Hi team, our release pipeline started failing last night. The app reads its settings from key vault kv-orders ' +
      'and in the portal the secrets list of that vault only says something went wrong. We use access policies, not ' +
      'RBAC, and nothing changed on our side as far as I know. What is missing, and how do we fix it?';
    const replies = await turn({ type: 'message', text: report });
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0])).not.toContain('May I check');
    expect(textOf(replies[0])).toContain(knowledge.entry('list-get-something-went-wrong')!.question);
    const check = button(replies[0], 'Check my access to kv-orders');
    expect(check.data).toEqual({ kvbot: 'probe.start', probe: 'permission-check', vault: 'kv-orders' });
    const [consent] = await turn({ type: 'message', value: check.data });
    expect(textOf(consent)).toContain('May I check kv-orders for you?');
  });

  it('"cancel" or "yes" typed after a consent card is small talk: a short reply, not an unanswered question', async () => {
    const stores = memoryFeedbackStores();
    const bot = createBot({
      knowledge,
      stores,
      storage: new MemoryStorage(),
      extensions: consentOnlyProbeRoutes(),
      newId: () => 'id1abcdef',
    });
    const client = dialogClient(bot);
    const turn = (text: string) => shownReplies(client, { type: 'message', text, from: ALEX as Activity['from'] });
    expect(textOf((await turn('check my access to kv-orders'))[0])).toContain('May I check kv-orders for you?');
    const [reply] = await turn('cancel');
    expect(reply?.text).toMatch(/^OK, I've stopped there\./);
    // A typed "yes" is pointed at the card's button: consent is given there, for exactly what it shows.
    expect((await turn('yes'))[0]?.text).toMatch(/press \*\*Run\*\*/);
    expect(await stores.unanswered.list()).toEqual([]);
  });

  it('pressing "Check my access" asks which vault, then offers consent for it', async () => {
    const routes = consentOnlyProbeRoutes();
    const conv = testConversation(routes);
    const client = dialogClient(conv);
    const turn = (activity: Partial<Activity>) => shownReplies(client, { from: ALEX as Activity['from'], ...activity });
    const answer = (await turn({ type: 'message', text: "why can't I list secrets?" }))[0];
    const check = button(answer, 'Check my access');
    const [question] = await turn({ type: 'message', value: check.data });
    expect(question?.text).toMatch(/Which key vault should I check your access to\?/);
    const [consent] = await turn({ type: 'message', text: 'kv-orders' });
    expect(textOf(consent)).toContain('May I check kv-orders for you?');
  });
});

describe('terminal rendering of Action.Execute', () => {
  it("uses the Action.Submit fallback's data, or the Execute data named by its verb", () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'ActionSet',
          actions: [{ type: 'Action.Execute', title: 'Refresh', verb: 'approval.refresh', data: { requestId: 'r1' } }],
        },
      ],
      actions: [
        {
          type: 'Action.Execute',
          title: 'Approve',
          verb: 'approval.decide',
          data: { requestId: 'r1', version: 1, decision: 'approve' },
          fallback: {
            type: 'Action.Submit',
            title: 'Approve',
            data: { kvbot: 'approval.decide', requestId: 'r1', version: 1, decision: 'approve' },
          },
        },
        {
          type: 'Action.Execute',
          title: 'Reject',
          verb: 'approval.decide',
          data: { requestId: 'r1', version: 1, decision: 'reject' },
        },
      ],
    };
    const rendered = renderAdaptiveCard(card);
    expect(rendered.buttons).toEqual([
      { title: 'Refresh', kind: 'submit', data: { kvbot: 'approval.refresh', requestId: 'r1' } },
      {
        title: 'Approve',
        kind: 'submit',
        data: { kvbot: 'approval.decide', requestId: 'r1', version: 1, decision: 'approve' },
      },
      {
        title: 'Reject',
        kind: 'submit',
        data: { kvbot: 'approval.decide', requestId: 'r1', version: 1, decision: 'reject' },
      },
    ]);
    expect(
      renderActivity({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] })
        .buttons,
    ).toHaveLength(3);
  });
});

describe('card inputs in the terminal rendering', () => {
  it('lists the text, choice and toggle inputs a submit carries, with their labels, defaults and choices', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: 'Proposed fix' },
        { type: 'Input.Text', id: 'justification', label: 'Why is this needed?', isRequired: true },
        {
          type: 'Container',
          items: [
            {
              type: 'Input.ChoiceSet',
              id: 'duration',
              label: 'For how long?',
              value: 'none',
              choices: [
                { title: 'Until removed', value: 'none' },
                { title: '8 hours', value: 'PT8H' },
              ],
            },
          ],
        },
        { type: 'Input.Toggle', id: 'notify', title: 'Tell my team', valueOff: 'false', valueOn: 'true' },
      ],
      actions: [{ type: 'Action.Submit', title: 'Send for approval', data: { kvbot: 'fix.confirm', draft: 'd1' } }],
    };
    const rendered = renderAdaptiveCard(card);
    expect(rendered.inputs).toEqual([
      { id: 'justification', label: 'Why is this needed?', required: true },
      {
        id: 'duration',
        label: 'For how long?',
        required: false,
        defaultValue: 'none',
        choices: [
          { title: 'Until removed', value: 'none' },
          { title: '8 hours', value: 'PT8H' },
        ],
      },
      { id: 'notify', label: 'Tell my team', required: false, defaultValue: 'false' },
    ]);
    expect(rendered.buttons.map((b) => b.title)).toEqual(['Send for approval']);
    expect(rendered.text).toBe('Proposed fix');
  });
});
