/**
 * Disclosure (DESIGN.md §7) over the Bot Framework protocol against the sandbox emulator: a user
 * without rights who checks their own access sees what concerns them and a count of the other
 * entries, never the other principals' names or ids; an approver checking someone else's access
 * still sees the full picture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { button, isCard, textOf } from '../helpers/card-assertions.js';
import { ACCOUNTS, MEGAN } from '../helpers/demo-tenant.js';
import { sandboxProbeRoutes, startSandboxAzure, type SandboxAzure } from '../helpers/sandbox-probes.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

const APPROVERS_GROUP = 'a1000000-0000-4000-8000-000000000004';
/** kv-payments' access-policy entries that are not Alex's or his groups' (from fixtures/demo-tenant.json). */
const OTHERS = [
  MEGAN,
  'Megan Bowen',
  'e1000000-0000-4000-8000-00000000dead',
  'c1000000-0000-4000-8000-000000000001',
  'legacy-batch',
];

describe('own-access probe results over the protocol (sandbox)', () => {
  let sandbox: SandboxAzure;
  let bot: TestBot;
  beforeAll(async () => {
    sandbox = await startSandboxAzure();
    bot = await startTestBot(
      {},
      sandboxProbeRoutes(sandbox.directory, { botName: 'KV Bot', approverGroupId: APPROVERS_GROUP }),
    );
  });
  afterAll(async () => {
    await bot?.close();
    await sandbox?.close();
  });

  async function runCheck(client: ProtocolClient, question: string): Promise<{ text: string; raw: string }> {
    const asked = await client.sendText(question);
    const consent = asked.replies.find(isCard);
    const ran = await client.sendSubmit(button(consent, 'Run').data, consent?.id);
    const card = ran.replies.find((a) => isCard(a) && textOf(a).includes('permission-check'));
    expect(card, `no result card; got: ${ran.replies.map((a) => a.text ?? textOf(a)).join(' | ')}`).toBeDefined();
    return { text: textOf(card), raw: JSON.stringify(card) };
  }

  it("a non-approver's own check of kv-payments names no other principal, only a count", async () => {
    const alex = await ProtocolClient.start({ botUrl: bot.messagesUrl, user: ACCOUNTS.alex });
    const { text, raw } = await runCheck(alex, "I can't list secrets in kv-payments");
    for (const other of OTHERS) expect(raw).not.toContain(other);
    expect(text).toMatch(
      /4 access-policy entries on kv-payments; 0 apply to Alex Wilber .* or their groups, 4 are for other principals/,
    );
    await alex.close();
  });

  it("an approver checking someone else's access still sees who else holds entries", async () => {
    // Patti is in the Key Vault Approvers group of the demo tenant.
    const patti = await ProtocolClient.start({ botUrl: bot.messagesUrl, user: ACCOUNTS.patti });
    const { text } = await runCheck(patti, `can ${ACCOUNTS.alex.aadObjectId} list secrets in kv-payments?`);
    expect(text).toContain('Megan Bowen');
    await patti.close();
  });
});
