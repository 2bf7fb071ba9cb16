import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlayground, type PlaygroundSession } from '../helpers/browser.js';
import { findChromium } from '../helpers/playground.js';
import { startEscalationBot, tempDataDir, type EscalationBot } from '../bot/escalation-harness.js';

const chromiumPath = findChromium();
if (!chromiumPath)
  console.warn(
    'SKIPPED test/e2e/escalation-playground.test.ts: chromium is not installed (apt-get install chromium); CI installs it.',
  );

const WAIT = { timeout: 20_000 };

/** The user side of escalation in Microsoft 365 Agents Playground (headless Chromium). */
describe.skipIf(!chromiumPath)('escalation in Agents Playground', () => {
  let bot: EscalationBot;
  let pg: PlaygroundSession;

  beforeAll(async () => {
    bot = await startEscalationBot(tempDataDir());
    pg = await openPlayground(bot.messagesUrl.replace('localhost', '127.0.0.1'), {
      chromiumPath: chromiumPath!,
      timeoutInMs: 30_000,
    });
  }, 90_000);

  afterAll(async () => {
    await pg?.close();
    await bot?.close();
    if (bot) rmSync(bot.dataDir, { recursive: true, force: true });
  });

  it('"talk to a person" → the offer card → Open a case → the case acknowledgement with its number', async () => {
    await pg.ask('talk to a person');
    const open = pg.page.locator('.ac-adaptiveCard button[aria-label="Open a case"]');
    await open.first().waitFor(WAIT);
    await open.first().click();
    const ack = pg.botMessages().filter({ hasText: /opened case KV-1001/ });
    await ack.first().waitFor(WAIT);
    expect(await ack.first().innerText()).toMatch(/opened case KV-1001 \(priority normal\)/);
    const stored = await bot.escalation.service.findByNumber('KV-1001');
    expect(stored?.requester.name).toBeTruthy();
    expect(stored?.conversations.user).toMatchObject({ conversation: { id: pg.playground.conversationId } });
  }, 60_000);
});
