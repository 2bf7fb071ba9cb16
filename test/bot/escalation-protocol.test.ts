import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient, type ProtocolActivity } from '../../src/cli/chat/protocol-client.js';
import { ESCALATION_BUTTONS } from '../../dialogs/escalation/teams-escalation-cards.js';
import { verifySignature } from '../../src/adapters/webhook/webhook-signature.js';
import { adaptiveCardOf, button, textOf } from '../helpers/card-assertions.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PEOPLE, startEscalationBot, tempDataDir, type EscalationBot } from './escalation-harness.js';

const SECRET = 'escalation-protocol-secret';

/** A local webhook receiver that records raw bodies and headers and answers 200. */
class HookReceiver {
  readonly requests: Array<{ body: string; headers: http.IncomingHttpHeaders }> = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.statusCode = 200;
      res.end('ok');
    });
  });
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
  }
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function waitFor(condition: () => boolean, what: string, timeoutInMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const CHANNEL = '19:support@thread.tacv2';
const hasCard = (a: ProtocolActivity): boolean => (a.attachments?.length ?? 0) > 0;
const mention = (c: ProtocolClient) => ({ entities: [{ type: 'mention', mentioned: c.bot, text: '<at>KV Bot</at>' }] });

/**
 * Two conversations on local serviceUrls against the real HTTP bot server: Alex's personal chat
 * and the support channel where Megan works. The steps run in order and share the case.
 */
describe('escalation over the Bot Framework protocol: personal chat ⇄ support channel', () => {
  let bot: EscalationBot;
  let user: ProtocolClient;
  let support: ProtocolClient;
  let hook: HookReceiver;
  let dataDir: string;
  let caseCard: ProtocolActivity;
  let caseId: string;
  let threadId: string;

  /** A message in the case thread (Teams: the channel id with ;messageid=<root>). */
  const inThread = (extra: ProtocolActivity): ProtocolActivity => ({
    conversation: {
      id: threadId,
      conversationType: 'channel',
      isGroup: true,
      tenantId: '00000000-0000-0000-0000-000000000001',
    },
    ...extra,
  });

  beforeAll(async () => {
    hook = new HookReceiver();
    await hook.start();
    dataDir = tempDataDir();
    bot = await startEscalationBot(dataDir, { KVBOT_WEBHOOK_URL: hook.url, KVBOT_WEBHOOK_SECRET: SECRET });
    user = await ProtocolClient.start({ botUrl: bot.messagesUrl, user: PEOPLE.alex });
    support = await ProtocolClient.start({
      botUrl: bot.messagesUrl,
      conversationType: 'channel',
      conversationId: `${CHANNEL};messageid=1700000000001`,
      user: PEOPLE.megan,
    });
  });

  afterAll(async () => {
    await user?.close();
    await support?.close();
    await bot?.close();
    await hook?.stop();
  });

  it('refuses to register the support channel for someone who is not a configured admin', async () => {
    const r = await support.sendText('<at>KV Bot</at> register support channel', {
      from: PEOPLE.patti,
      ...mention(support),
    });
    expect(r.status).toBe(200);
    expect(r.replies.map((a) => a.text).join('\n')).toContain('Only bot admins');
    expect(await bot.escalation.service.getSupportChannel()).toBeUndefined();
  });

  it('registers the channel when an admin asks, storing the channel itself (not the thread)', async () => {
    const r = await support.sendText('<at>KV Bot</at> register support channel', {
      from: PEOPLE.isaiah,
      ...mention(support),
    });
    expect(r.replies.map((a) => a.text).join('\n')).toContain('is now the support channel');
    const channel = await bot.escalation.service.getSupportChannel();
    expect(channel?.reference).toMatchObject({ kind: 'channel', reference: { conversation: { id: CHANNEL } } });
  });

  it('"talk to a human" offers a case with a priority suggested from the words and the vault', async () => {
    await user.sendText("why can't I list secrets in kv-payments?");
    await user.sendText('production deploy is blocked, customers are affected');
    const r = await user.sendText('talk to a human');
    const offer = r.replies.find(hasCard);
    expect(textOf(offer)).toContain('Talk to a person?');
    expect(textOf(offer)).toContain('Suggested priority: **urgent**');
    const choice = (adaptiveCardOf(offer).body as Array<Record<string, unknown>>).find(
      (b) => b.type === 'Input.ChoiceSet',
    );
    expect(choice).toMatchObject({ id: 'priority', value: 'urgent' });
    const open = button(offer, ESCALATION_BUTTONS.open);
    // Alex lowers the priority: the user's choice wins over the suggestion.
    await user.sendSubmit({ ...(open.data as object), priority: 'high' }, offer?.id);
  });

  it('posts the case card with the full packet to the support channel, as a new thread', async () => {
    caseCard = await support.waitFor((a) => hasCard(a) && textOf(a).includes('KV-1001'));
    const card = textOf(caseCard);
    expect((caseCard.conversation as { id: string }).id).toBe(CHANNEL);
    expect(card).toContain('KV-1001 · High priority · Open, waiting');
    expect(card).toContain('Requester: Alex Wilber (00000000-0000-0000-0000-000000000020)');
    expect(card).toContain("> why can't I list secrets in kv-payments?");
    expect(card).toContain('> production deploy is blocked, customers are affected');
    expect(card).toMatch(
      /Why can't I list or get secrets in my key vault\? \(list-get-something-went-wrong\) — score 0\.\d\d/,
    );
    expect(card).toContain('Vault: kv-payments');
    expect(card).toContain('Tenant: 00000000-0000-0000-0000-000000000001');
    expect(card).toContain('Priority: high (suggested urgent)');
    expect(card).toMatch(/Correlation ids\n.*conversation:/);
    const take = button(caseCard, ESCALATION_BUTTONS.take);
    caseId = (take.data as { caseId: string }).caseId;
    threadId = `${CHANNEL};messageid=${caseCard.id}`;
    const ack = await user.waitFor((a) => String(a.text ?? '').includes('KV-1001'));
    expect(ack.text).toContain("I've opened case **KV-1001** (priority high)");
  });

  it('refuses a Take from someone who is not a member of the support channel', async () => {
    const r = await support.send(
      inThread({ type: 'message', value: { kvbot: 'case.take', caseId }, replyToId: caseCard.id, from: PEOPLE.patti }),
    );
    expect(r.replies.map((a) => a.text).join('\n')).toContain('Only members of the support channel');
    expect((await bot.escalation.service.get(caseId))?.status).toBe('open');
  });

  it('Take assigns the case, updates the card in place and tells the user who is on it', async () => {
    const from = user.received.length;
    const r = await support.send(
      inThread({ type: 'message', value: { kvbot: 'case.take', caseId }, replyToId: caseCard.id }),
    );
    expect(r.replies.map((a) => a.text).join('\n')).toContain('Megan Bowen took KV-1001');
    const updated = support.updates.find((u) => u.id === caseCard.id);
    expect(textOf(updated)).toContain('KV-1001 · High priority · Assigned');
    expect(textOf(updated)).toContain('Assigned to: Megan Bowen');
    const told = await user.waitFor((a) => String(a.text ?? '').includes('has taken your case'), { from });
    expect(told.text).toContain('**Megan Bowen** has taken your case KV-1001');
  });

  it("the engineer's Reply reaches the user", async () => {
    const from = user.received.length;
    await support.send(
      inThread({
        type: 'message',
        value: { kvbot: 'case.reply', caseId, caseText: 'Which identity runs the deployment?' },
        replyToId: caseCard.id,
      }),
    );
    const reply = await user.waitFor((a) => String(a.text ?? '').includes('Which identity'), { from });
    expect(reply.text).toBe('**Megan Bowen** (KV-1001): Which identity runs the deployment?');
  });

  it("a restart in the middle of the case loses nothing: the user's reply still reaches the case thread", async () => {
    const port = bot.port;
    await bot.close();
    bot = await startEscalationBot(dataDir, { ...bot.env, PORT: String(port) });
    expect(bot.port).toBe(port);
    // The SQLite store restarts in milliseconds: let the client notice that the old server closed
    // its kept-alive sockets before it sends again (otherwise: "other side closed").
    await new Promise((resolve) => setTimeout(resolve, 50));
    const from = support.received.length;
    const r = await user.sendText('The pipeline uses the app sp-deployer');
    expect(r.replies.map((a) => a.text).join('\n')).toContain('Sent to Megan Bowen on KV-1001');
    const relayed = await support.waitFor((a) => String(a.text ?? '').includes('sp-deployer'), { from });
    expect(relayed.text).toBe('**Alex Wilber** (KV-1001): The pipeline uses the app sp-deployer');
    expect((relayed.conversation as { id: string }).id).toBe(threadId);
    const stored = await bot.escalation.service.get(caseId);
    expect(stored?.events.map((e) => e.type)).toEqual([
      'opened',
      'posted-to-support',
      'taken',
      'engineer-reply',
      'user-reply',
    ]);
  });

  it('Resolve with a note tells the user and asks 👍/👎; the rating goes to the thread', async () => {
    const from = user.received.length;
    const r = await support.send(
      inThread({
        type: 'message',
        value: { kvbot: 'case.resolve', caseId, caseText: 'Granted sp-deployer get/list on kv-payments.' },
        replyToId: caseCard.id,
      }),
    );
    expect(r.replies.map((a) => a.text).join('\n')).toContain('KV-1001 is resolved');
    const resolved = await user.waitFor((a) => hasCard(a) && textOf(a).includes('KV-1001 is resolved'), { from });
    expect(textOf(resolved)).toContain('**Megan Bowen**: Granted sp-deployer get/list on kv-payments.');
    expect(textOf(support.updates.filter((u) => u.id === caseCard.id).at(-1))).toContain('Resolved');
    const up = button(resolved, ESCALATION_BUTTONS.helpful);
    const supportFrom = support.received.length;
    const rated = await user.sendSubmit(up.data, resolved.id);
    expect(rated.replies.map((a) => a.text).join('\n')).toContain('Thanks!');
    const note = await support.waitFor((a) => String(a.text ?? '').includes('rated the resolution'), {
      from: supportFrom,
    });
    expect(note.text).toContain('👍 solved');
    // With the case resolved, the user's messages go to the FAQ again, not to the thread.
    const after = await user.sendText("why can't I list secrets in kv-payments?");
    expect(after.replies.some((a) => hasCard(a) && textOf(a).includes("Why can't I list or get secrets"))).toBe(true);
  });

  it('"my cases" shows the case and where it stands', async () => {
    const r = await user.sendText('my cases');
    expect(textOf(r.replies.find(hasCard))).toMatch(/\*\*KV-1001\*\* · Resolved · Megan Bowen · high/);
  });

  it('delivered every case event, signed, to the webhook receiver', async () => {
    const expected = [
      'case.opened',
      'case.taken',
      'case.engineer-reply',
      'case.user-reply',
      'case.resolved',
      'case.rated',
    ];
    await waitFor(
      () => expected.every((e) => hook.requests.some((r) => r.headers['x-kvbot-event'] === e)),
      'all case events at the webhook',
    );
    for (const r of hook.requests) expect(verifySignature(r.body, r.headers['x-kvbot-signature'], SECRET)).toBe(true);
    const opened = JSON.parse(hook.requests.find((r) => r.headers['x-kvbot-event'] === 'case.opened')!.body) as {
      case: Record<string, unknown>;
    };
    expect(opened.case).toMatchObject({
      number: 'KV-1001',
      priority: 'high',
      vault: 'kv-payments',
      requester: { name: 'Alex Wilber' },
    });
  });
});
