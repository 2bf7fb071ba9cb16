import { describe, expect, it } from 'vitest';
import { MemoryStorage, type Activity, type ChannelAccount, type ConversationReference } from 'botbuilder';
import type { WaterfallStepContext } from 'botbuilder-dialogs';
import { wireEscalation, type EscalationWiring } from '../../src/app/wire-escalation.js';
import type { ProactiveMessenger } from '../../dialogs/proactive-messenger.js';
import { ESCALATION_BUTTONS } from '../../dialogs/escalation/teams-escalation-cards.js';
import { caseReferenceIn } from '../../dialogs/escalation/escalation-routes.js';
import { loadConfig } from '../../src/config.js';
import type { CaseTrigger } from '../../src/core/escalation/case-types.js';
import type { TextRoute } from '../../dialogs/main-dialog.js';
import { adaptiveCardOf, button, textOf } from '../helpers/card-assertions.js';
import { memoryStorageFactory } from '../helpers/memory-record-store.js';
import { dialogClient, testConversation, turnReplies } from '../helpers/test-conversation.js';
import { ACCOUNTS } from '../helpers/demo-tenant.js';

const ALEX = ACCOUNTS.alex;
const MEGAN = ACCOUNTS.megan;
const ISAIAH = ACCOUNTS.isaiah;
const SUPPORT = { id: '19:support@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true } as const;

/** A ProactiveMessenger that records what would reach Teams. */
class RecordingSender implements Pick<ProactiveMessenger, 'send' | 'update' | 'members'> {
  sent: Array<{ conversationId: string; activity: Partial<Activity> }> = [];
  updates: Array<{ conversationId: string; id: string; activity: Partial<Activity> }> = [];
  roster: ChannelAccount[] = [{ id: MEGAN.id, name: MEGAN.name, aadObjectId: MEGAN.aadObjectId }];
  private n = 0;
  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
    this.sent.push({ conversationId: reference.conversation!.id, activity });
    return `act-${++this.n}`;
  }
  async update(reference: Partial<ConversationReference>, id: string, activity: Partial<Activity>): Promise<void> {
    this.updates.push({ conversationId: reference.conversation!.id, id, activity });
  }
  async members(): Promise<ChannelAccount[]> {
    return this.roster;
  }
  to(conversationId: string): Array<Partial<Activity>> {
    return this.sent.filter((s) => s.conversationId === conversationId).map((s) => s.activity);
  }
}

/** A stand-in for the probe/fix/approval dialogs: "fail <trigger>" calls the facade like they will. */
function failingDialogRoute(get: () => EscalationWiring): TextRoute {
  return {
    name: 'fake-probe',
    async handle(step: WaterfallStepContext, text: string) {
      const m = /^fail (\S+)$/.exec(text);
      if (!m) return undefined;
      const trigger = m[1] as CaseTrigger;
      await get().escalations.offer(step.context, trigger, {
        probeResult: {
          summary: 'permission-check: Alex lacks secrets/list on kv-payments',
          result: { verdict: 'denied' },
        },
        fixPlan: {
          summary: 'grant-access-policy secrets/list to Alex',
          status: trigger === 'fix-rejected' ? 'rejected' : trigger === 'approval-expired' ? 'expired' : 'failed',
        },
        vault: {
          name: 'kv-payments',
          id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-payments',
        },
        correlationId: 'probe-run-42',
      });
      return step.endDialog();
    },
  };
}

async function setup() {
  let now = new Date('2025-05-01T10:00:00.000Z');
  const sender = new RecordingSender();
  const config = loadConfig({
    KVBOT_ADMIN_IDS: ISAIAH.aadObjectId,
    KVBOT_CASE_REMINDER_MINUTES: '30',
    KVBOT_KNOWLEDGE_DIR: '/nonexistent-kb',
  });
  const wiring: EscalationWiring = wireEscalation({
    config,
    storage: memoryStorageFactory(),
    botStorage: new MemoryStorage(),
    messenger: sender,
    clock: () => now,
  });
  const ext = wiring.extensions;
  const conv = testConversation({ ...ext, textRoutes: [...ext.textRoutes, failingDialogRoute(() => wiring)] });
  const client = dialogClient(conv);
  const turn = async (activity: Partial<Activity> | string): Promise<Array<Partial<Activity>>> => {
    const base: Partial<Activity> = typeof activity === 'string' ? { type: 'message', text: activity } : activity;
    return turnReplies(client, { from: ALEX, ...base });
  };
  const submit = (value: unknown, extra: Partial<Activity> = {}) => turn({ type: 'message', value, ...extra });
  const inSupport = (value: unknown, from: ChannelAccount = MEGAN) =>
    submit(value, { from, conversation: SUPPORT as unknown as Activity['conversation'] });
  const registered = await turn({
    type: 'message',
    text: 'register support channel',
    from: ISAIAH,
    conversation: SUPPORT as unknown as Activity['conversation'],
  });
  expect(textOf(registered[0])).toContain('is now the support channel');
  return {
    wiring,
    sender,
    turn,
    submit,
    inSupport,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

const cardOf = (replies: Array<Partial<Activity>>) => replies.find((r) => (r.attachments?.length ?? 0) > 0);
const userConversation = 'Convo1';

describe('escalation dialogs: triggers', () => {
  it('offers a person after two unanswered questions in a row, not after one', async () => {
    const { turn } = await setup();
    const first = await turn('my vault is slow today');
    expect(first.some((r) => textOf(r).includes('Talk to a person?'))).toBe(false);
    const second = await turn('the portal shows a weird banner');
    const offer = second.find((r) => textOf(r).includes('Talk to a person?'));
    expect(textOf(offer)).toContain("I couldn't answer your last two questions");
    expect(button(offer, ESCALATION_BUTTONS.open).data).toEqual({ kvbot: 'case.open', trigger: 'unanswered-twice' });
  });

  it('an answered question between two unanswered ones breaks the run', async () => {
    const { turn } = await setup();
    await turn('my vault is slow today');
    await turn("why can't I list secrets in kv-payments?");
    const third = await turn('the portal shows a weird banner');
    expect(third.some((r) => textOf(r).includes('Talk to a person?'))).toBe(false);
  });

  it('the FAQ\'s "Talk to a person" button opens the offer, and Open a case tells the user the case number', async () => {
    const { turn, submit, sender, wiring } = await setup();
    await turn('my vault is slow today');
    const offer = cardOf(await submit({ kvbot: 'human', query: 'my vault is slow today' }));
    expect(textOf(offer)).toContain('You asked for a person');
    expect(
      (adaptiveCardOf(offer).body as Array<Record<string, unknown>>).find((b) => b.id === 'priority'),
    ).toMatchObject({ value: 'normal' });
    await submit({ kvbot: 'case.open', trigger: 'user-request' });
    const ack = sender.to(userConversation).at(-1);
    expect(ack?.text).toContain("I've opened case **KV-1001** (priority normal)");
    const c = (await wiring.service.findByNumber('KV-1001'))!;
    expect(c.trigger).toBe('user-request');
    expect(c.packet.messages.map((m) => m.text)).toEqual(['my vault is slow today']);
    expect(sender.to('19:support@thread.tacv2').length).toBe(1);
  });

  it('the typed "talk to a person" goes through the same offer', async () => {
    const { turn } = await setup();
    const replies = await turn('talk to a person');
    expect(textOf(cardOf(replies))).toContain('Talk to a person?');
  });

  it.each(['probe-failed', 'fix-failed', 'fix-rejected', 'approval-expired'] as const)(
    'the facade offers a case for %s and the packet carries the evidence',
    async (trigger) => {
      const { turn, submit, wiring, sender } = await setup();
      await turn("why can't I list secrets in kv-payments?");
      const offer = cardOf(await turn(`fail ${trigger}`));
      expect(button(offer, ESCALATION_BUTTONS.open).data).toEqual({ kvbot: 'case.open', trigger });
      expect(textOf(offer)).toContain('what the access checks found');
      await submit({ kvbot: 'case.open', trigger, priority: 'high' });
      const c = (await wiring.service.findByNumber('KV-1001'))!;
      expect(c).toMatchObject({ trigger, priority: 'high' });
      expect(c.packet.probeResults?.[0]?.summary).toContain('lacks secrets/list');
      expect(c.packet.fixPlans?.[0]?.summary).toContain('grant-access-policy');
      expect(c.packet.vault?.id).toContain('/vaults/kv-payments');
      expect(c.packet.correlationIds).toContain('probe-run-42');
      expect(c.packet.faqMatches?.[0]?.id).toBe('list-get-something-went-wrong');
      const posted = textOf(sender.to('19:support@thread.tacv2')[0]);
      expect(posted).toContain('Probe evidence');
      expect(posted).toContain('Fix plans');
    },
  );

  it('"Not now" dismisses the offer without a case', async () => {
    const { submit, wiring } = await setup();
    const replies = await submit({ kvbot: 'case.dismiss' });
    expect(textOf(replies[0])).toContain('OK, no case');
    expect(await wiring.service.listActive()).toEqual([]);
  });

  it('a priority that is not one of the choices is refused as the input it is, not as an old card, and opens no case', async () => {
    const { submit, wiring } = await setup();
    const replies = await submit({ kvbot: 'case.open', trigger: 'user-request', priority: 'banana' });
    expect(textOf(replies[0])).toBe(
      'Priority must be one of low, normal, high, urgent; you sent "banana". Correct it on the card and press the button again.',
    );
    expect(textOf(replies[0])).not.toContain('old card');
    expect(await wiring.service.listActive()).toEqual([]);
  });
});

describe('escalation dialogs: support actions and the user side', () => {
  async function openCase() {
    const s = await setup();
    await s.turn('production is down, cannot read secrets from kv-payments');
    await s.submit({ kvbot: 'case.open', trigger: 'user-request' });
    const c = (await s.wiring.service.findByNumber('KV-1001'))!;
    return { ...s, caseId: c.id };
  }

  it('register support channel from a personal chat explains where to do it', async () => {
    const { turn } = await setup();
    const replies = await turn({ type: 'message', text: 'register support channel', from: ISAIAH });
    expect(textOf(replies[0])).toContain('from the Teams channel or group chat');
  });

  it('Reply before Take is refused with a sentence; a button without a case id too', async () => {
    const { inSupport, caseId } = await openCase();
    expect(textOf((await inSupport({ kvbot: 'case.reply', caseId, caseText: 'hi' }))[0])).toContain(
      'Nobody has taken KV-1001 yet',
    );
    expect(textOf((await inSupport({ kvbot: 'case.take' }))[0])).toContain("couldn't use that button");
  });

  it('Take, then the user\'s messages are relayed until they say "done"', async () => {
    const { inSupport, turn, caseId, sender, wiring } = await openCase();
    await inSupport({ kvbot: 'case.take', caseId });
    expect(sender.to(userConversation).at(-1)?.text).toContain('**Megan Bowen** has taken your case KV-1001');
    expect(textOf(sender.updates.at(-1)?.activity)).toContain('Assigned to: Megan Bowen');
    const relayed = await turn('it started after the redeploy');
    expect(textOf(relayed[0])).toContain('Sent to Megan Bowen on KV-1001');
    const thread = sender.sent.at(-1)!;
    expect(thread.conversationId).toBe('19:support@thread.tacv2;messageid=act-1');
    expect(thread.activity.text).toBe('**Alex Wilber** (KV-1001): it started after the redeploy');
    expect(textOf((await turn('done'))[0])).toContain('stopped passing your messages');
    const after = await turn('my vault is slow today');
    expect(after.some((r) => textOf(r).includes('Sent to'))).toBe(false);
    expect((await wiring.service.get(caseId))?.events.filter((e) => e.type === 'user-reply')).toHaveLength(1);
  });

  it('👎 on the resolution, then Reopen puts the case back in the queue and tells the thread', async () => {
    const { inSupport, submit, caseId, sender, wiring } = await openCase();
    await inSupport({ kvbot: 'case.take', caseId });
    await inSupport({ kvbot: 'case.resolve', caseId, caseText: 'Try again now.' });
    const resolved = sender.to(userConversation).at(-1);
    expect(textOf(resolved)).toContain('Did this solve your problem?');
    expect(textOf((await submit(button(resolved, ESCALATION_BUTTONS.notHelpful).data))[0])).toContain(
      'press **Reopen**',
    );
    await submit(button(resolved, ESCALATION_BUTTONS.reopen).data);
    expect((await wiring.service.get(caseId))?.status).toBe('reopened');
    expect(
      sender
        .to('19:support@thread.tacv2;messageid=act-1')
        .map((a) => a.text)
        .join('\n'),
    ).toContain('KV-1001 was reopened by Alex Wilber');
    expect(textOf(sender.updates.at(-1)?.activity)).toContain('Reopened, waiting');
  });

  it('Resolve with "propose as FAQ" ticked but no writable KB still resolves, and Reopen by a non-member is refused', async () => {
    const { inSupport, caseId, wiring } = await openCase();
    const patti = { id: 'user-id-4', name: 'Patti Fernandez' };
    await inSupport({ kvbot: 'case.resolve', caseId, caseText: 'Use RBAC.', proposeFaq: 'false' });
    expect((await wiring.service.get(caseId))?.status).toBe('resolved');
    expect(textOf((await inSupport({ kvbot: 'case.reopen', caseId }, patti))[0])).toContain(
      'Only Alex Wilber or the support team',
    );
  });

  it('a case nobody takes gets a reminder in its thread once the time has passed', async () => {
    const { wiring, advance, sender } = await openCase();
    await wiring.runReminders();
    expect(sender.sent.some((s) => String(s.activity.text).includes('⏰'))).toBe(false);
    advance(31 * 60_000);
    await wiring.runReminders();
    expect(sender.to('19:support@thread.tacv2;messageid=act-1').at(-1)?.text).toMatch(
      /⏰ KV-1001 \(urgent\) has been waiting since/,
    );
  });

  it('"my cases" lists the user\'s cases, and says so when there are none', async () => {
    const empty = await setup();
    expect(textOf((await empty.turn('my cases'))[0])).toContain('You have no cases');
    const { turn } = await openCase();
    expect(textOf(cardOf(await turn('my cases')))).toMatch(/\*\*KV-1001\*\* · Open, waiting · urgent/);
  });

  it("a case asked for by number is shown to its requester only, and a bare number of nobody's case is left to the other routes", async () => {
    const { turn } = await openCase();
    for (const words of ['status of KV-1001', 'KV-1001', 'case 1001', 'where is ticket kv-1001?']) {
      const shown = textOf(cardOf(await turn(words)));
      expect(shown).toContain('Case KV-1001');
      expect(shown).toMatch(/\*\*KV-1001\*\* · Open, waiting · urgent/);
    }
    // Someone else asking gets "not among your cases", which says nothing of whether it exists.
    const other = await turn({ type: 'message', text: 'status of KV-1001', from: MEGAN });
    expect(textOf(other[0])).toBe(
      "I can't find case KV-1001 among your cases. Type **my cases** to see the ones you opened.",
    );
    expect(textOf((await turn('status of KV-1999'))[0])).toContain("I can't find case KV-1999 among your cases");
    // A bare number that is no case of theirs is not answered here (a vault may be named kv-1999).
    const bare = await turn('KV-1999');
    expect(bare.length).toBeGreaterThan(0);
    expect(bare.map((r) => textOf(r)).join('\n')).not.toMatch(/can't find case|Case KV-/);
  });
});

describe('case numbers in words', () => {
  it.each([
    ['KV-1042', { number: 'KV-1042', explicit: false }],
    ['KV-1042?', { number: 'KV-1042', explicit: false }],
    ['#KV-1042', { number: 'KV-1042', explicit: true }],
    ['status of KV-1042', { number: 'KV-1042', explicit: true }],
    ["what's the status of kv-1042?", { number: 'kv-1042', explicit: true }],
    ['case 1042', { number: '1042', explicit: true }],
    ['any update on my case KV-1042', { number: 'KV-1042', explicit: true }],
  ])('"%s" asks for a case', (text, expected) => {
    expect(caseReferenceIn(text)).toEqual(expected);
  });

  it.each([['1042'], ['check my access to kv-1042'], ['kv-payments'], ['my cases']])('"%s" does not', (text) => {
    expect(caseReferenceIn(text)).toBeUndefined();
  });
});
