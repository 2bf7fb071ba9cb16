/**
 * End to end through Microsoft 365 Agents Playground in headless Chromium: the real bot server
 * (fake KB for deterministic matches), the playground as the Teams channel, and a browser that
 * types, reads the rendered Adaptive Cards and clicks their buttons.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { findChromium, startPlayground, type Playground } from '../helpers/playground.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn('SKIPPED test/e2e/playground.test.ts: chromium is not installed (apt-get install chromium); CI installs it.');

const WAIT = { timeout: 20_000 };

describe.skipIf(!chromiumPath)('the bot in Microsoft 365 Agents Playground (headless Chromium)', () => {
  let bot: TestBot | undefined;
  let playground: Playground | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let userDataDir: string | undefined;

  /** The rendered Adaptive Card containing `text` (cards only: not the log panel or sidebar). */
  const card = (text: string): Locator => page.locator('.ac-adaptiveCard').filter({ hasText: text });

  async function ask(text: string): Promise<void> {
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.click(WAIT);
    await box.fill(text, WAIT);
    await page.getByRole('button', { name: 'Send Message' }).click(WAIT);
  }

  beforeAll(async () => {
    bot = await startTestBot();
    playground = await startPlayground(bot.messagesUrl);
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-pw-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? await context.newPage();
    // Only the local playground: CDN fonts and scripts are cosmetic and would hang offline.
    await page.route('**/*', (r) => (/^(localhost|127\.0\.0\.1|\[::1\])$/.test(new URL(r.request().url()).hostname) ? r.continue() : r.abort()));
    await page.goto(playground.url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    await playground?.stop();
    await bot?.close();
  });

  it('welcomes the user when the playground installs the bot', async () => {
    await card("Hi, I'm the Key Vault Access Assistant").first().waitFor(WAIT);
  });

  it('answers a question with the answer card, and a follow-up button opens the next answer', async () => {
    await ask("why can't I list secrets in kv-payments?");
    const answer = card('Your identity needs').last();
    await answer.waitFor(WAIT);
    await expect(answer.innerText()).resolves.toContain("Why can't I list or get secrets in my key vault?");
    await answer.getByRole('button', { name: "How do I change a key vault's access policies?" }).click(WAIT);
    await card('Use the portal, the CLI or ARM').first().waitFor(WAIT);
    expect(bot?.knowledge.queries).toContain("why can't I list secrets in kv-payments?");
  });

  it('offers "did you mean" for an ambiguous question, and a choice opens that answer', async () => {
    await ask('vault access');
    const choices = card('Did you mean').last();
    await choices.waitFor(WAIT);
    await choices.getByRole('button', { name: 'None of these' }).waitFor(WAIT);
    await choices.getByRole('button', { name: 'How do I give an Entra group access to a vault?' }).click(WAIT);
    await card('Add an access policy for the group object id.').first().waitFor(WAIT);
  });

  it('records 👍 from the card in the feedback store', async () => {
    const answer = card('Add an access policy for the group object id.').last();
    await answer.getByRole('button', { name: '👍 Helpful' }).click(WAIT);
    await page.locator('div:has(> [aria-label="Message header"])').filter({ hasText: 'Thanks for the feedback' }).first().waitFor(WAIT);
    const votes = (await bot?.stores.feedback.list())?.map((r) => r.value);
    expect(votes).toEqual([expect.objectContaining({ entryId: 'ad-group-access', helpful: true, conversation: expect.objectContaining({ channelId: 'msteams' }) })]);
  });
});
