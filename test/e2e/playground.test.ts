/**
 * End to end through Microsoft 365 Agents Playground in headless Chromium: the real bot server
 * (fake KB for deterministic matches), the playground as the Teams channel, and a browser that
 * types, reads the rendered Adaptive Cards and clicks their buttons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlayground, type PlaygroundSession } from '../helpers/browser.js';
import { findChromium } from '../helpers/playground.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

const chromiumPath = findChromium();
if (!chromiumPath)
  console.warn(
    'SKIPPED test/e2e/playground.test.ts: chromium is not installed (apt-get install chromium); CI installs it.',
  );

const WAIT = { timeout: 20_000 };

describe.skipIf(!chromiumPath)('the bot in Microsoft 365 Agents Playground (headless Chromium)', () => {
  let bot: TestBot | undefined;
  let pg: PlaygroundSession;

  beforeAll(async () => {
    bot = await startTestBot();
    pg = await openPlayground(bot.messagesUrl, { chromiumPath: chromiumPath!, timeoutInMs: WAIT.timeout });
  });

  afterAll(async () => {
    await pg?.close();
    await bot?.close();
  });

  it('welcomes the user when the playground installs the bot', async () => {
    await pg.card("Hi, I'm the Key Vault Access Assistant").first().waitFor(WAIT);
  });

  it('answers a question with the answer card, and a follow-up button opens the next answer', async () => {
    await pg.ask("why can't I list secrets in kv-payments?");
    const answer = pg.card('Your identity needs').last();
    await answer.waitFor(WAIT);
    await expect(answer.innerText()).resolves.toContain("Why can't I list or get secrets in my key vault?");
    await answer.getByRole('button', { name: "How do I change a key vault's access policies?" }).click(WAIT);
    await pg.card('Use the portal, the CLI or ARM').first().waitFor(WAIT);
    expect(bot?.knowledge.queries).toContain("why can't I list secrets in kv-payments?");
  });

  it('offers "did you mean" for an ambiguous question, and a choice opens that answer', async () => {
    await pg.ask('vault access');
    const choices = pg.card('Did you mean').last();
    await choices.waitFor(WAIT);
    await choices.getByRole('button', { name: 'None of these' }).waitFor(WAIT);
    await choices.getByRole('button', { name: 'How do I give an Entra group access to a vault?' }).click(WAIT);
    await pg.card('Add an access policy for the group object id.').first().waitFor(WAIT);
  });

  it('records 👍 from the card in the feedback store', async () => {
    const answer = pg.card('Add an access policy for the group object id.').last();
    await answer.getByRole('button', { name: '👍 Helpful' }).click(WAIT);
    await pg.botMessages().filter({ hasText: 'Thanks for the feedback' }).first().waitFor(WAIT);
    const votes = (await bot?.stores.feedback.list())?.map((r) => r.value);
    expect(votes).toEqual([
      expect.objectContaining({
        entryId: 'ad-group-access',
        helpful: true,
        conversation: expect.objectContaining({ channelId: 'msteams' }),
      }),
    ]);
  });
});
