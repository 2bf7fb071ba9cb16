/**
 * A long, real-world-shaped message through the real Bot Framework protocol: `src/index.ts` as a
 * child process (what `npm start` runs, sandbox mode, the real knowledge base, triage and matcher),
 * spoken to over HTTP with a local serviceUrl. The message wraps an access-policy denial and a stack
 * trace in the person's own words; the bot must answer it in ONE reply that holds the triage card
 * and the answer card of the right entry, not a triage card and a separate, competing FAQ answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient, ALEX, type ProtocolActivity } from '../../src/cli/chat/protocol-client.js';
import { buttonsOf, isCard, textOf } from '../helpers/card-assertions.js';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import { freePort } from '../helpers/free-port.js';

const LIST_GET_TITLE = 'I can\'t list or read secrets, keys or certificates and the portal says "something went wrong"';

const PIPELINE_QUESTION = [
  'Release pipeline cannot read secrets from the vault any more',
  '',
  'Our release uses a service connection to fetch the database password at deploy time. It worked last week; now the task fails with:',
  '',
  '```',
  "Azure.RequestFailedException: The user, group or application 'appid=2b7e4f9a-1c3d-4e5f-8a9b-0c1d2e3f4a5b;oid=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a;iss=https://sts.windows.net/3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a/' does not have secrets get permission on key vault 'kv-release-weu;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287",
  'Status: 403 (Forbidden)',
  'ErrorCode: Forbidden',
  '   at Azure.Core.HttpPipelineExtensions.ProcessMessageAsync(HttpPipeline pipeline, HttpMessage message, RequestContext requestContext, CancellationToken cancellationToken)',
  '   at Azure.Security.KeyVault.KeyVaultPipeline.SendRequestAsync(Request request, CancellationToken cancellationToken)',
  '   at Azure.Security.KeyVault.Secrets.SecretClient.GetSecretAsync(String name, String version, CancellationToken cancellationToken)',
  '```',
  '',
  'Nobody changed the pipeline. What permission is missing and how do I get it back?',
].join('\n');

const TERRAFORM_QUESTION = [
  'terraform apply keeps removing access policies',
  '',
  'Every run of our infrastructure pipeline deletes the access policies someone added by hand:',
  '',
  'resource "azurerm_key_vault" "main" {',
  '  name                = "kv-shared-neu"',
  '  sku_name            = "standard"',
  '  tenant_id           = var.tenant_id',
  '}',
  '',
  'How do we stop losing them?',
].join('\n');

/** The turn's replies a person reads (typing indicators left out). */
function shown(replies: ProtocolActivity[]): ProtocolActivity[] {
  return replies.filter((a) => a.type === 'message');
}

describe('a long real-world message over the protocol (src/index.ts as a process, sandbox)', () => {
  let bot: BotProcess | undefined;
  let client: ProtocolClient | undefined;
  let dataDir = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kvbot-long-message-'));
    bot = await startBotProcess({
      env: {
        PORT: String(await freePort()),
        KVBOT_DATA_DIR: dataDir,
        KVBOT_WATCH_KNOWLEDGE: 'false',
        LOG_LEVEL: 'info',
      },
      name: 'bot (long messages)',
    });
    client = await ProtocolClient.start({
      botUrl: bot.messagesUrl,
      user: ALEX,
      conversationId: 'a:1on1-long-messages',
      timeoutInMs: 30_000,
    });
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    await bot?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('an access-policy denial with a stack trace inside a question gets the triage card and the right answer in one reply', async () => {
    const r = await client!.sendText(PIPELINE_QUESTION);
    expect(r.status).toBe(200);
    const replies = shown(r.replies);
    expect(replies, bot!.log()).toHaveLength(1);
    const [reply] = replies as [ProtocolActivity];
    expect(isCard(reply)).toBe(true);
    expect(reply.attachments).toHaveLength(2);
    const [triage, answer] = (reply.attachments ?? []).map((a) => textOf({ attachments: [a] }));
    // The triage card: what the error is, with the facts pulled out of the paste.
    expect(triage?.split('\n')[0]).toBe('🔎 Access-policy denial: a permission is missing');
    expect(triage).toContain('Vault: kv-release-weu');
    expect(triage).toContain('Permission: secrets get');
    // The answer card of the entry for it, the only answer in the reply.
    expect(answer).toContain(LIST_GET_TITLE);
    const buttons = buttonsOf(reply);
    expect(buttons.filter((b) => /👍/.test(b.title))).toHaveLength(1);
    expect(buttons.find((b) => /👍/.test(b.title))?.data).toMatchObject({
      kvbot: 'feedback',
      id: 'list-get-something-went-wrong',
    });
    // No second route to another entry competing with it.
    expect(buttons.some((b) => b.title.startsWith('Read: '))).toBe(false);
    expect(buttons.some((b) => b.title === 'Check my access' || b.title === "Check this identity's access")).toBe(true);
  });

  it('a long question with Terraform around it and no error gets one answer card, the redeploy entry', async () => {
    const r = await client!.sendText(TERRAFORM_QUESTION);
    expect(r.status).toBe(200);
    const replies = shown(r.replies);
    expect(replies, bot!.log()).toHaveLength(1);
    expect(textOf(replies[0]), textOf(replies[0])).not.toContain('🔎');
    expect(buttonsOf(replies[0]).find((b) => /👍/.test(b.title))?.data).toMatchObject({
      kvbot: 'feedback',
      id: 'arm-redeploy-policies',
    });
  });
});
