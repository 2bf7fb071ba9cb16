import { describe, expect, it } from 'vitest';
import type { DialogTestClient } from 'botbuilder-testing';
import type { Activity } from 'botbuilder';
import { triageRoute } from '../../dialogs/triage/triage-route.js';
import { triageError } from '../../src/core/triage/index.js';
import { button, buttonsOf, textOf } from '../helpers/card-assertions.js';
import { dialogClient, shownReplies, testConversation } from '../helpers/test-conversation.js';
import { ACCOUNTS } from '../helpers/demo-tenant.js';
import { TeamsFaqCards } from '../../dialogs/faq-teams-cards.js';

const ALEX = ACCOUNTS.alex;

function setup() {
  const conv = testConversation();
  const withTriage = testConversation({ textRoutes: [triageRoute(conv.knowledge)] });
  return { client: dialogClient(withTriage), conv: withTriage };
}

/** Alex says `text`; the replies he reads. */
function reply(c: DialogTestClient, text: string): Promise<Partial<Activity>[]> {
  return shownReplies(c, { type: 'message', text, from: ALEX as Activity['from'] });
}

const AP_DENIAL = `{"error":{"code":"Forbidden","message":"The user, group or application 'appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=00000000-0000-0000-0000-0000000000020;iss=https://sts.windows.net/00000000-0000-0000-0000-0000000000001/' does not have secrets list permission on key vault 'kv-payments;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287","innererror":{"code":"AccessDenied"}}}`;

const FIREWALL = `ERROR: (Forbidden) Client address is not authorized and caller is not a trusted service.
Client address: 203.0.114.9
Caller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=00000000-0000-0000-0000-0000000000020;iss=https://sts.windows.net/00000000-0000-0000-0000-0000000000001/
Vault: kv-shared-fw;location=eastus`;

describe('triage in chat', () => {
  it('a pasted access-policy denial gets the classification, the facts, next steps, the KB answer and a prefilled "Check my access"', async () => {
    // Titles from the KB but no matcher: the "Read" link is the entry triage names.
    const conv = testConversation();
    const client = dialogClient(
      testConversation({ textRoutes: [triageRoute({ entry: (id) => conv.knowledge.entry(id) })] }),
    );
    const [card] = await reply(client, AP_DENIAL);
    const text = textOf(card);
    expect(text.split('\n')[0]).toBe('🔎 Access-policy denial: a permission is missing');
    expect(text).toContain('Vault: kv-payments');
    expect(text).toContain('Region: westeurope');
    // The playground's ids have 13 digits in the last group, so the triage core does not take them as an object id:
    // the check is then about the asker (their id comes from Teams at Run time).
    expect(text).not.toContain('Object id:');
    expect(text).toContain('App id: 04b07795-8ddb-461a-bbee-02f9e1bf7b46');
    expect(text).toContain('Permission: secrets list');
    expect(text).toContain('Next steps');
    expect(button(card, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'list-get-something-went-wrong' });
    expect(button(card, /^Read: /).title).toBe("Read: Why can't I list or get secrets in my key vault?");
    expect(button(card, 'Check my access').data).toEqual({
      kvbot: 'probe.start',
      probe: 'permission-check',
      vault: 'kv-payments',
      operation: 'secrets/list',
    });
    // The FAQ matcher never saw the pasted error.
    expect(conv.knowledge.queries).toEqual([]);
  });

  it('a bare paste\'s "Read" link is the matcher\'s confident answer when it has one, else the entry triage names', async () => {
    const conv = testConversation();
    const client = dialogClient(testConversation({ textRoutes: [triageRoute(conv.knowledge)] }));
    // Triage alone names the list entry; the (fake) matcher answers anything "forbidden" with the 403 entry.
    expect(triageError(AP_DENIAL).answer?.id).toBe('list-get-something-went-wrong');
    const [card] = await reply(client, AP_DENIAL);
    expect(conv.knowledge.queries).toEqual([AP_DENIAL]);
    expect(button(card, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'error-403' });
    expect(button(card, /^Read: /).title).toBe(`Read: ${conv.knowledge.entry('error-403')!.question}`);
    // The matcher has no answer for this one: the entry triage names.
    const bare =
      "The user, group or application 'appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=00000000-0000-0000-0000-0000000000020' does not have secrets list permission on key vault 'kv-payments;location=westeurope'.";
    expect(conv.knowledge.match(bare).kind).not.toBe('answer');
    const [second] = await reply(client, bare);
    expect(button(second, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'list-get-something-went-wrong' });
    expect(triageError(bare).answer?.id).toBe('list-get-something-went-wrong');
  });

  it('a firewall denial shows the client address and prefills the probe with the vault', async () => {
    const { client } = setup();
    const [card] = await reply(client, FIREWALL);
    const text = textOf(card);
    expect(text).toContain('Network denial: blocked by the vault firewall');
    expect(text).toContain('Client address: 203.0.114.9');
    expect(text).toContain('Vault: kv-shared-fw');
    expect(button(card, 'Check my access').data).toMatchObject({
      kvbot: 'probe.start',
      probe: 'permission-check',
      vault: 'kv-shared-fw',
    });
    expect(button(card, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'error-403' });
  });

  it("an error naming another identity's object id offers to check that identity", async () => {
    const { client } = setup();
    const [card] = await reply(
      client,
      AP_DENIAL.replace('oid=00000000-0000-0000-0000-0000000000020', 'oid=d1000000-0000-4000-8000-000000000001'),
    );
    expect(textOf(card)).toContain('Object id: d1000000-0000-4000-8000-000000000001');
    expect(button(card, "Check this identity's access").data).toMatchObject({
      principal: 'd1000000-0000-4000-8000-000000000001',
    });
  });

  it('a 429 offers the throttling check', async () => {
    const { client } = setup();
    const [card] = await reply(
      client,
      'Status: 429 (Too Many Requests)\nCode: Throttled\nVault: kv-payments;location=westeurope',
    );
    expect(textOf(card)).toContain('Throttled: too many requests (429)');
    expect(buttonsOf(card).map((b) => b.title)).toContain('Check throttling');
  });

  it('an unrecognised error dump is still triaged (no cause, the 403 entry, no probe)', async () => {
    const { client } = setup();
    const [card] = await reply(
      client,
      'Azure.RequestFailedException: Something odd happened.\nStatus: 403 (Something odd happened.)\nErrorCode: OddFailure',
    );
    expect(textOf(card)).toContain('A Key Vault error, cause not recognised');
    expect(button(card, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'error-403' });
    expect(buttonsOf(card).map((b) => b.title)).not.toContain('Check my access');
  });

  it('a 403 body that gives no reason is forbidden-unspecified: the 403 entry and the access check', async () => {
    const { client } = setup();
    const [card] = await reply(client, '{"error":{"code":"Forbidden","message":"Something odd happened."}}');
    expect(textOf(card)).toContain('Forbidden (403): the error does not say why');
    expect(button(card, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'error-403' });
    expect(button(card, 'Check my access').data).toMatchObject({ kvbot: 'probe.start', probe: 'permission-check' });
  });

  it("a question around an error the matcher does not answer gets the triage card and the matcher's choices, in one reply", async () => {
    const conv = testConversation();
    const client = dialogClient(
      testConversation({ textRoutes: [triageRoute(conv.knowledge, undefined, new TeamsFaqCards())] }),
    );
    // The fake matcher finds two entries ("single secret", "forbidden") and answers neither: the
    // triage card explains the error and links its entry, and the matcher's two choices follow as
    // "did you mean", not an answer card that claims to answer the question.
    const text = `Can we scope this to a single secret? Our app fails with:\n\n${AP_DENIAL}`;
    expect(conv.knowledge.match(text).kind).toBe('ambiguous');
    const replies = await reply(client, text);
    expect(replies).toHaveLength(1);
    const [one] = replies as [Partial<Activity>];
    expect(one.attachments).toHaveLength(2);
    const [triage, choices] = (one.attachments ?? []).map((a) => ({ attachments: [a] }));
    expect(button(triage, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'list-get-something-went-wrong' });
    expect(textOf(choices)).toContain('Did you mean');
    expect(textOf(choices)).not.toContain('👍');
    const opened = buttonsOf(choices)
      .map((b) => b.data as { kvbot?: string; id?: string })
      .filter((d) => d?.kvbot === 'faq.open')
      .map((d) => d.id);
    expect(opened).toEqual(expect.arrayContaining(['per-object-access', 'error-403']));
    expect(opened).not.toContain('list-get-something-went-wrong');
  });

  it('a matcher that throws costs only its choice: the bare paste still gets its triage card and triage’s entry', async () => {
    const conv = testConversation();
    const knowledge = {
      entry: (id: string) => conv.knowledge.entry(id),
      match: (): never => {
        throw new Error('matcher down');
      },
    };
    const client = dialogClient(
      testConversation({ textRoutes: [triageRoute(knowledge, undefined, new TeamsFaqCards())] }),
    );
    const [card] = await reply(client, AP_DENIAL);
    expect(textOf(card).split('\n')[0]).toBe('🔎 Access-policy denial: a permission is missing');
    expect(button(card, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'list-get-something-went-wrong' });
  });

  it('uses the knowledge’s own triage when it offers one (the matcher thread), awaiting it', async () => {
    const conv = testConversation();
    const triaged: string[] = [];
    const knowledge = {
      entry: (id: string) => conv.knowledge.entry(id),
      // Asynchronous, as the matcher thread answers; the triage core's reading, so the card is the same.
      triage: async (text: string) => {
        triaged.push(text);
        await new Promise((r) => setTimeout(r, 5));
        return triageError(text, { headingFor: (id) => conv.knowledge.entry(id)?.source.heading });
      },
    };
    const client = dialogClient(testConversation({ textRoutes: [triageRoute(knowledge)] }));
    const [card] = await reply(client, FIREWALL);
    expect(triaged).toEqual([FIREWALL]);
    expect(textOf(card)).toContain('Network denial: blocked by the vault firewall');
    expect(button(card, /^Read: /).data).toEqual({ kvbot: 'faq.open', id: 'error-403' });
  });

  it.each(['what does a 403 forbidden mean?', "why can't I list secrets in kv-payments?", 'my vault is slow today'])(
    'a question (%s) still reaches the FAQ',
    async (question) => {
      const { client, conv } = setup();
      await reply(client, question);
      expect(conv.knowledge.queries).toEqual([question]);
    },
  );
});
