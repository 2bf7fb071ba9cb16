import { describe, expect, it } from 'vitest';
import { undeterminedCheck } from '../helpers/probe-results.js';
import type { Activity } from 'botbuilder';
import type { ProbeArgs } from '../../src/core/probes/probe-args.js';
import type { CallOptions } from '../../src/core/probes/azure-directory.js';
import type { ProbeResult } from '../../src/core/probes/probe-result.js';
import { probeRoutes } from '../../src/app/wire-probes.js';
import type { ProbeConsent } from '../../src/core/probes/probe-consent.js';
import { SANDBOX_MARK } from '../../dialogs/probe/result-card.js';
import { adaptiveCardOf, button, buttonsOf, textOf } from '../helpers/card-assertions.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';
import { dialogClient, shownReplies, testConversation } from '../helpers/test-conversation.js';
import { ACCOUNTS } from '../helpers/demo-tenant.js';

const ALEX = ACCOUNTS.alex;
const MEGAN = ACCOUNTS.megan;
const NO_AAD = { id: 'user-id-9', name: 'Guest' };

/** A probe service that records its calls and answers from the request (denied on kv-payments, allowed elsewhere). */
class FakeProbes {
  readonly calls: Array<{ name: string; args: ProbeArgs; options?: CallOptions }> = [];
  undetermined = false;
  async run(name: string, args: ProbeArgs, options?: CallOptions): Promise<ProbeResult> {
    this.calls.push({ name, args, options });
    if (this.undetermined)
      return undeterminedCheck(
        args.vault,
        `Vault ${args.vault} was not found in the subscriptions the bot is configured for: check the name.`,
      );
    const denied = args.vault === 'kv-payments';
    return {
      probe: 'permission-check',
      vault: args.vault,
      model: 'access-policy',
      sandbox: true,
      operation: args.operation ?? 'secrets/list',
      verdict: denied ? 'denied' : 'allowed',
      reason: denied ? `No access policy on ${args.vault} names ${args.principal}.` : `${args.principal} has it.`,
      evidence: [
        {
          kind: 'access-policy-summary',
          total: 4,
          applicable: 0,
          groupCount: 0,
          text: `4 access-policy entries on ${args.vault}; 4 are for other principals.`,
        },
      ],
      fixes: denied ? ['grant-access-policy'] : [],
    };
  }
}

function setup(
  options: {
    approvers?: string[];
    now?: () => Date;
    findPerson?: (principalName: string) => Promise<{ id: string } | undefined>;
  } = {},
) {
  const probes = new FakeProbes();
  const consents = new MemoryRecordStore<ProbeConsent>();
  const approverChecks: string[] = [];
  const routes = probeRoutes({
    probes,
    consents,
    identity: { sandbox: true, botName: 'KV Bot' },
    isApprover: (asker) => {
      approverChecks.push(asker.objectId);
      return (options.approvers ?? []).includes(asker.objectId);
    },
    ...(options.now ? { now: options.now } : {}),
    ...(options.findPerson ? { findPerson: options.findPerson } : {}),
  });
  const conv = testConversation(routes);
  return { probes, consents, approverChecks, conv, client: dialogClient(conv) };
}

const say = (text: string, from: Partial<typeof ALEX> = ALEX): Partial<Activity> => ({
  type: 'message',
  text,
  from: from as Activity['from'],
});
const click = (value: unknown, from: Partial<typeof ALEX> = ALEX): Partial<Activity> => ({
  type: 'message',
  value,
  from: from as Activity['from'],
});

describe('probe consent: asking in words', () => {
  it('"I can\'t list secrets in kv-payments" shows the consent card and calls nothing', async () => {
    const { client, probes, approverChecks } = setup();
    const [reply] = await shownReplies(client, say("I can't list secrets in kv-payments"));
    const text = textOf(reply);
    expect(text).toContain('May I check kv-payments for you?');
    expect(text).toContain('Vault: kv-payments');
    expect(text).toContain('Check: permission-check (secrets/list)');
    expect(text).toMatch(/Identity used: the sandbox emulator/);
    expect(text).toContain('On behalf of: Alex Wilber (00000000-0000-0000-0000-000000000020)');
    expect(text).toMatch(/access policies/);
    expect(text).toMatch(/role assignments at the vault and the scopes it inherits/);
    expect(text).toMatch(/your group memberships/);
    expect(text).toMatch(/Never: secret, key or certificate values/);
    expect(buttonsOf(reply).map((b) => b.title)).toEqual(['Run', 'Cancel']);
    // The buttons carry only the consent id.
    const run = button(reply, 'Run').data as Record<string, unknown>;
    expect(Object.keys(run).sort()).toEqual(['consent', 'kvbot']);
    expect(probes.calls).toEqual([]);
    expect(approverChecks).toEqual([]);
  });

  it.each([
    ['check my access to kv-orders', 'kv-orders', 'permission-check', 'secrets/list'],
    ['can I get secrets in vault payments-prod', 'payments-prod', 'permission-check', 'secrets/get'],
    ['can I delete keys in kv-orders?', 'kv-orders', 'permission-check', 'keys/delete'],
    ['who can change access on kv-payments', 'kv-payments', 'modify-rights', undefined],
    ['is logging on for kv-orders', 'kv-orders', 'logging-status', undefined],
    ['is kv-payments throttled', 'kv-payments', 'throttling', undefined],
  ])('"%s" → consent for %s (%s %s)', async (words, vault, probe, operation) => {
    const { client, consents } = setup();
    const [reply] = await shownReplies(client, say(words));
    expect(textOf(reply)).toContain(`May I check ${vault} for you?`);
    const [stored] = (await consents.list()).map((r) => r.value);
    expect(stored).toMatchObject({ probe, vault, status: 'pending', requester: { aadObjectId: ALEX.aadObjectId } });
    expect(stored?.operation).toBe(operation);
  });

  it.each([
    ["my function app can't read secrets from kv-orders", 'your function app', /managed identity or service principal/],
    ['our release pipeline gets 403 on kv-orders', 'your release pipeline', /Service connections → the connection/],
    ['my aks pods cannot read secrets in kv-orders', 'your aks', /kubelet identity/],
    ['can you grant bob@contoso.com get on secrets in kv-orders', 'bob@contoso.com', /they can ask me themselves/],
  ])(
    '"%s" asks about %s: no consent card for my own access, a note on how to check theirs, then the FAQ',
    async (words, who, how) => {
      const { client, conv, consents } = setup();
      const replies = await shownReplies(client, say(words));
      expect(textOf(replies[0])).toContain(`You asked about **${who}**, not yourself.`);
      expect(textOf(replies[0])).toMatch(how);
      expect(textOf(replies[0])).toMatch(/"check (<object id>|bob@contoso\.com) on kv-orders"/);
      expect(conv.knowledge.queries).toEqual([words]);
      expect(replies).toHaveLength(2);
      expect(await consents.list()).toEqual([]);
    },
  );

  it('"can you check kv-orders and kv-payments" gets a consent card for each vault, none dropped', async () => {
    const { client, consents } = setup();
    const replies = await shownReplies(client, say('can you check kv-orders and kv-payments'));
    expect(replies.map((r) => textOf(r).split('\n')[0])).toEqual([
      'May I check kv-orders for you?',
      'May I check kv-payments for you?',
    ]);
    const stored = (await consents.list()).map((r) => r.value);
    expect(stored.map((c) => [c.vault, c.probe, c.operation]).sort()).toEqual([
      ['kv-orders', 'permission-check', 'secrets/list'],
      ['kv-payments', 'permission-check', 'secrets/list'],
    ]);
  });

  it('"who has access to kv-payments" gets where Azure shows it, not the FAQ\'s logging answer; its button starts my check', async () => {
    const { client, conv, consents } = setup();
    const replies = await shownReplies(client, say('who has access to kv-payments'));
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0])).toContain('Who has access to kv-payments');
    expect(buttonsOf(replies[0]).map((b) => b.title)).toEqual([
      'Check my access to kv-payments',
      'Export its access policies (approvers)',
    ]);
    expect(conv.knowledge.queries).toEqual([]);
    expect(await consents.list()).toEqual([]);
    const [consent] = await shownReplies(client, click(button(replies[0], 'Check my access to kv-payments').data));
    expect(textOf(consent)).toContain('May I check kv-payments for you?');
    expect((await consents.list()).map((r) => [r.value.probe, r.value.vault])).toEqual([
      ['permission-check', 'kv-payments'],
    ]);
  });

  it('"what permissions do I have on kv-orders" is the check of my own access', async () => {
    const { client, consents } = setup();
    const [reply] = await shownReplies(client, say('what permissions do I have on kv-orders'));
    expect(textOf(reply)).toContain('May I check kv-orders for you?');
    expect((await consents.list()).map((r) => r.value.probe)).toEqual(['permission-check']);
  });

  it('without a vault name, the question goes to the FAQ as usual', async () => {
    const { client, conv, consents } = setup();
    const replies = await shownReplies(client, say("why can't I list secrets?"));
    expect(conv.knowledge.queries).toEqual(["why can't I list secrets?"]);
    expect(textOf(replies[0])).toContain("Why can't I list or get secrets in my key vault?");
    expect(await consents.list()).toEqual([]);
  });
  it('an English word after "key vault" is not taken for a vault: "monitor key vault latency" goes to the FAQ', async () => {
    const { client, conv, consents } = setup();
    await shownReplies(client, say('monitor key vault latency'));
    expect(conv.knowledge.queries).toEqual(['monitor key vault latency']);
    expect(await consents.list()).toEqual([]);
  });
});

describe('probe consent: Run and Cancel', () => {
  it('Cancel calls nothing and says so; Run afterwards is refused as already decided', async () => {
    const { client, probes, consents } = setup();
    const [consent] = await shownReplies(client, say("I can't list secrets in kv-payments"));
    const [cancelled] = await shownReplies(client, click(button(consent, 'Cancel').data));
    expect(cancelled?.text).toMatch(/Cancelled\. I did not read anything from Azure about kv-payments/);
    expect(probes.calls).toHaveLength(0);
    expect((await consents.list())[0]?.value.status).toBe('cancelled');
    const [late] = await shownReplies(client, click(button(consent, 'Run').data));
    expect(late?.text).toMatch(/was cancelled.*used only once/);
    expect(probes.calls).toHaveLength(0);
  });

  it('Run runs the probe for the asker (object id from Teams) and shows the verdict card', async () => {
    const { client, probes, consents } = setup();
    const [consent] = await shownReplies(client, say("I can't list secrets in kv-payments"));
    const [result] = await shownReplies(client, click(button(consent, 'Run').data));
    expect(probes.calls).toHaveLength(1);
    expect(probes.calls[0]).toMatchObject({
      name: 'permission-check',
      args: { vault: 'kv-payments', principal: ALEX.aadObjectId, operation: 'secrets/list' },
    });
    expect(probes.calls[0]?.options?.abortSignal).toBeInstanceOf(AbortSignal);
    const text = textOf(result);
    expect(text).toContain(SANDBOX_MARK);
    expect(text).toContain('⛔ denied — permission-check: secrets/list on kv-payments');
    expect(text).toContain('No access policy on kv-payments');
    expect(text).toContain('1. Access policies: 4 access-policy entries on kv-payments');
    // Evidence items are wrapping text blocks (a FactSet's values were cut off in the Agents Playground).
    expect(adaptiveCardOf(result).body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'TextBlock',
          wrap: true,
          text: expect.stringMatching(/^1\. Access policies: /),
        }),
      ]),
    );
    expect(button(result, /^Fix: grant permission$/).data).toEqual({
      kvbot: 'fix.propose',
      fix: 'grant-access-policy',
      vault: 'kv-payments',
      principal: ALEX.aadObjectId,
      operation: 'secrets/list',
    });
    expect((await consents.list())[0]?.value).toMatchObject({ status: 'done', verdict: 'denied' });
  });

  it('a replayed Run is refused and the probe is not run twice', async () => {
    const { client, probes } = setup();
    const [consent] = await shownReplies(client, say('check my access to kv-orders'));
    const run = button(consent, 'Run').data;
    await shownReplies(client, click(run));
    const [again] = await shownReplies(client, click(run));
    expect(again?.text).toMatch(/has already been run.*used only once/);
    expect(probes.calls).toHaveLength(1);
  });

  it("another user's Run is refused, and the asker can still run it", async () => {
    const { client, probes } = setup();
    const [consent] = await shownReplies(client, say("I can't list secrets in kv-payments"));
    const run = button(consent, 'Run').data;
    const [refused] = await shownReplies(client, click(run, MEGAN));
    expect(refused?.text).toMatch(/Only Alex Wilber can run or cancel that check/);
    const [cancelRefused] = await shownReplies(client, click(button(consent, 'Cancel').data, MEGAN));
    expect(cancelRefused?.text).toMatch(/Only Alex Wilber/);
    expect(probes.calls).toHaveLength(0);
    const [result] = await shownReplies(client, click(run));
    expect(textOf(result)).toContain('⛔ denied');
    expect(probes.calls).toHaveLength(1);
  });

  it.each([
    [
      'an unknown consent id',
      { kvbot: 'probe.run', consent: '9f1c2d3e-0000-4000-8000-000000000000' },
      /don't know that check request/,
    ],
    ['a malformed consent id', { kvbot: 'probe.run', consent: '../../etc/passwd' }, /no valid check request id/],
    ['no consent id', { kvbot: 'probe.run' }, /no valid check request id/],
  ])('Run with %s is refused with a message and calls nothing', async (_label, value, message) => {
    const { client, probes } = setup();
    const [reply] = await shownReplies(client, click(value));
    expect(reply?.text).toMatch(message);
    expect(probes.calls).toHaveLength(0);
  });

  it('an expired consent is refused', async () => {
    let now = new Date('2025-01-15T12:00:00Z');
    const { client, probes } = setup({ now: () => now });
    const [consent] = await shownReplies(client, say("I can't list secrets in kv-payments"));
    now = new Date('2025-01-15T12:16:00Z');
    const [reply] = await shownReplies(client, click(button(consent, 'Run').data));
    expect(reply?.text).toMatch(/has expired/);
    expect(probes.calls).toHaveLength(0);
  });

  it('a user without aadObjectId gets a clear message, no consent is stored and nothing is called', async () => {
    const { client, probes, consents } = setup();
    const [reply] = await shownReplies(client, say("I can't list secrets in kv-payments", NO_AAD));
    expect(reply?.text).toMatch(/without an Entra object id \(from\.aadObjectId\)/);
    expect(await consents.list()).toEqual([]);
    const [runReply] = await shownReplies(
      client,
      click({ kvbot: 'probe.run', consent: '9f1c2d3e-0000-4000-8000-000000000000' }, NO_AAD),
    );
    expect(runReply?.text).toMatch(/without an Entra object id/);
    expect(probes.calls).toHaveLength(0);
  });

  it('an undetermined result reads as an actionable message with Try again and Talk to a person', async () => {
    const { client, probes } = setup();
    probes.undetermined = true;
    const [consent] = await shownReplies(client, say('check my access to kv-nowhere'));
    const [result] = await shownReplies(client, click(button(consent, 'Run').data));
    const text = textOf(result);
    expect(text).toContain('❔ undetermined');
    expect(text).toMatch(/was not found .* check the name/);
    expect(text).toMatch(/Check the vault name and try again/);
    expect(button(result, 'Try again').data).toMatchObject({
      kvbot: 'probe.start',
      probe: 'permission-check',
      vault: 'kv-nowhere',
    });
    expect(button(result, 'Talk to a person').data).toMatchObject({ kvbot: 'human' });
    expect(text).not.toContain('🧪');
  });
});

describe('probe consent: who may probe what', () => {
  const MEGAN_ID = ACCOUNTS.megan.aadObjectId;

  it("checking someone else's access needs an approver: refused on Run for a non-approver, nothing probed", async () => {
    const { client, probes, approverChecks, consents } = setup({ approvers: [] });
    const [consent] = await shownReplies(client, say(`can ${MEGAN_ID} read secrets in kv-payments`));
    expect(textOf(consent)).toContain(`Principal checked: ${MEGAN_ID}`);
    // The groups read are Megan's, and the card says so.
    expect(textOf(consent)).toContain(`- the group memberships of ${MEGAN_ID} in Entra ID`);
    expect(textOf(consent)).not.toContain('your group memberships');
    expect(textOf(consent)).toMatch(/for approvers of kv-payments/);
    expect(approverChecks).toEqual([]);
    const [reply] = await shownReplies(client, click(button(consent, 'Run').data));
    expect(reply?.text).toMatch(/Only approvers of kv-payments may check another principal's access/);
    expect(approverChecks).toEqual([ALEX.aadObjectId]);
    expect(probes.calls).toHaveLength(0);
    expect((await consents.list())[0]?.value.status).toBe('refused');
  });

  it('an approver may check someone else, and the probe runs for that principal', async () => {
    const { client, probes } = setup({ approvers: [ALEX.aadObjectId] });
    const [consent] = await shownReplies(client, say(`can ${MEGAN_ID} read secrets in kv-payments`));
    await shownReplies(client, click(button(consent, 'Run').data));
    expect(probes.calls[0]?.args).toMatchObject({
      vault: 'kv-payments',
      principal: MEGAN_ID,
      operation: 'secrets/get',
    });
  });

  it('a vault export is for approvers only', async () => {
    const { client, probes } = setup();
    const [consent] = await shownReplies(client, say('export the access policies of kv-payments'));
    const [reply] = await shownReplies(client, click(button(consent, 'Run').data));
    expect(reply?.text).toMatch(/Only approvers of kv-payments may export its access policies/);
    expect(probes.calls).toHaveLength(0);
  });
});

describe('probe consent: Check my access buttons', () => {
  it('a button with a vault goes straight to consent', async () => {
    const { client } = setup();
    const [reply] = await shownReplies(
      client,
      click({ kvbot: 'probe.start', probe: 'permission-check', vault: 'kv-orders', operation: 'secrets/get' }),
    );
    expect(textOf(reply)).toContain('Check: permission-check (secrets/get)');
  });

  it('a button without a vault asks for it in a prompt, re-asks on nonsense, then offers consent', async () => {
    const { client, probes } = setup();
    const [ask] = await shownReplies(client, click({ kvbot: 'probe.start', probe: 'permission-check' }));
    expect(ask?.text).toMatch(/Which key vault should I check your access to\?/);
    const [retry] = await shownReplies(client, say('the one with the payments stuff'));
    expect(retry?.text).toMatch(/does not look like a Key Vault name/);
    const [consent] = await shownReplies(client, say('kv-payments'));
    expect(textOf(consent)).toContain('May I check kv-payments for you?');
    expect(probes.calls).toHaveLength(0);
  });

  it('"cancel" at the vault prompt stops without a consent', async () => {
    const { client, consents } = setup();
    await shownReplies(client, click({ kvbot: 'probe.start', probe: 'throttling' }));
    const [reply] = await shownReplies(client, say('cancel'));
    expect(reply?.text).toMatch(/OK, no check/);
    expect(await consents.list()).toEqual([]);
  });

  it.each([
    ['an unknown probe', { kvbot: 'probe.start', probe: 'rm-rf' }, /"rm-rf" is not a probe/],
    [
      'a bad vault name',
      { kvbot: 'probe.start', probe: 'permission-check', vault: 'no way!' },
      /is not a Key Vault name/,
    ],
    [
      'a bad operation',
      { kvbot: 'probe.start', probe: 'permission-check', vault: 'kv-orders', operation: 'secrets/steal' },
      /is not a secrets permission/,
    ],
    [
      'a bad principal',
      { kvbot: 'probe.start', probe: 'permission-check', vault: 'kv-orders', principal: 'alex' },
      /not an Entra object id/,
    ],
  ])('refuses %s with a clear message', async (_label, value, message) => {
    const { client, consents } = setup();
    const [reply] = await shownReplies(client, click(value));
    expect(reply?.text).toMatch(message);
    expect(await consents.list()).toEqual([]);
  });
});

describe('probe consent: a typed "yes" to an answer that offers a check', () => {
  it('"yes please" right after the offer shows the consent card for the vault the question named; nothing is read', async () => {
    const { client, probes, consents, conv } = setup();
    const [answer] = await shownReplies(
      client,
      say('what does something went wrong mean when I list secrets in kv-orders'),
    );
    expect(buttonsOf(answer).map((b) => b.title)).toContain('Check my access to kv-orders');
    const [consent] = await shownReplies(client, say('yes please, check it'));
    expect(textOf(consent)).toContain('May I check kv-orders for you?');
    expect((await consents.list()).map((r) => [r.value.probe, r.value.vault])).toEqual([
      ['permission-check', 'kv-orders'],
    ]);
    expect(probes.calls).toEqual([]);
    // The acceptance never reached the FAQ.
    expect(conv.knowledge.queries).toHaveLength(1);
  });

  it('an offer without a vault asks which vault, as its button does', async () => {
    const { client } = setup();
    await shownReplies(client, say('what does something went wrong mean when I list secrets'));
    const [ask] = await shownReplies(client, say('yes'));
    expect(textOf(ask)).toMatch(/Which key vault should I check/);
  });

  it('the offer lasts one turn: "yes" after another message, or after a button, is not taken for it', async () => {
    const { client, consents } = setup();
    await shownReplies(client, say('what does something went wrong mean when I list secrets in kv-orders'));
    await shownReplies(client, say('thanks'));
    const [late] = await shownReplies(client, say('yes'));
    expect(textOf(late)).not.toContain('May I check');
    expect(await consents.list()).toEqual([]);
    const [answer] = await shownReplies(
      client,
      say('what does something went wrong mean when I list secrets in kv-orders'),
    );
    await shownReplies(client, click(button(answer, 'Check my access to kv-orders').data));
    const [afterCard] = await shownReplies(client, say('yes'));
    // "yes" under a consent card: the card's Run is the consent, not a typed word.
    expect(textOf(afterCard)).not.toContain('May I check');
    expect((await consents.list()).map((r) => r.value.vault)).toEqual(['kv-orders']);
  });

  it('a question right after the offer is answered as a question', async () => {
    const { client, consents, conv } = setup();
    await shownReplies(client, say('what does something went wrong mean when I list secrets in kv-orders'));
    await shownReplies(client, say('ok what does 403 forbidden mean'));
    expect(conv.knowledge.queries.at(-1)).toBe('ok what does 403 forbidden mean');
    expect(await consents.list()).toEqual([]);
  });
});

describe('probe consent: a person named by address', () => {
  const ADELE_ID = '00000000-0000-0000-0000-000000000022';
  const directory = async (upn: string) => (upn.toLowerCase() === 'adelev@example.com' ? { id: ADELE_ID } : undefined);

  it('"check adelev@example.com on kv-orders" is the check of her access (by object id), which an approver must allow', async () => {
    const { client, consents, conv } = setup({ findPerson: directory });
    const [reply] = await shownReplies(client, say('check adelev@example.com on kv-orders', MEGAN));
    expect(textOf(reply)).toContain('May I check kv-orders for you?');
    expect(textOf(reply)).toContain(`the group memberships of ${ADELE_ID}`);
    expect(textOf(reply)).toMatch(/This check is for approvers of kv-orders/);
    expect((await consents.list()).map((r) => [r.value.principal, r.value.vault])).toEqual([[ADELE_ID, 'kv-orders']]);
    expect(conv.knowledge.queries).toEqual([]);
  });

  it('an address the directory does not know: says so, and no FAQ answer after a plain check request', async () => {
    const { client, consents, conv } = setup({ findPerson: directory });
    const replies = await shownReplies(client, say('check nobody@example.com on kv-orders', MEGAN));
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0])).toContain("I couldn't find **nobody@example.com** in your organisation's directory.");
    expect(await consents.list()).toEqual([]);
    expect(conv.knowledge.queries).toEqual([]);
  });

  it('a directory that fails: the note on giving the object id, as without a lookup', async () => {
    const { client, consents } = setup({
      findPerson: async () => {
        throw new Error('Graph is down');
      },
    });
    const [reply] = await shownReplies(client, say('check adelev@example.com on kv-orders', MEGAN));
    expect(textOf(reply)).toContain('You asked about **adelev@example.com**, not yourself.');
    expect(await consents.list()).toEqual([]);
  });
});

describe('probe consent: a typed "yes" to a triage card that offers a check', () => {
  const DENIAL = `{"error":{"code":"Forbidden","message":"The user, group or application 'appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid=00000000-0000-0000-0000-000000000020;iss=https://sts.windows.net/00000000-0000-0000-0000-000000000001/' does not have secrets list permission on key vault 'kv-payments;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287","innererror":{"code":"AccessDenied"}}}`;

  it('"yes please check" after a pasted denial shows the consent card its button would', async () => {
    const { client, consents, probes } = setup();
    const [card] = await shownReplies(client, say(DENIAL));
    const check = button(card, 'Check my access');
    const [consent] = await shownReplies(client, say('yes please check'));
    expect(textOf(consent)).toContain('May I check kv-payments for you?');
    const [stored] = (await consents.list()).map((r) => r.value);
    expect(stored).toMatchObject({ probe: 'permission-check', vault: 'kv-payments', operation: 'secrets/list' });
    expect(check.data).toMatchObject({ kvbot: 'probe.start', vault: 'kv-payments', operation: 'secrets/list' });
    expect(probes.calls).toEqual([]);
  });

  it('the offer lasts one turn after the card, too', async () => {
    const { client, consents } = setup();
    await shownReplies(client, say(DENIAL));
    await shownReplies(client, say('thanks'));
    await shownReplies(client, say('yes'));
    expect(await consents.list()).toEqual([]);
  });
});
