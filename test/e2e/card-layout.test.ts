/**
 * Cards fit the Agents Playground's message column (issue 10 bug 8): nothing inside a rendered
 * Adaptive Card reaches past the card's right edge or is cut off inside its box, for the answer
 * card with long follow-up questions and for a probe verdict with long evidence. Screenshots of
 * both are written next to the test run (KVBOT_SCREENSHOT_DIR, default the OS temp dir) for a
 * person to look at.
 */
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlayground, type PlaygroundSession } from '../helpers/browser.js';
import { findChromium } from '../helpers/playground.js';
import { sandboxProbeRoutes, startSandboxAzure, type SandboxAzure } from '../helpers/sandbox-probes.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

const chromiumPath = findChromium();
if (!chromiumPath)
  console.warn(
    'SKIPPED test/e2e/card-layout.test.ts: chromium is not installed (apt-get install chromium); CI installs it.',
  );

const WAIT = { timeout: 20_000 };
const SHOTS = process.env.KVBOT_SCREENSHOT_DIR ?? os.tmpdir();

/** The little of the DOM the check reads (the project compiles without the DOM library). */
interface Box {
  readonly tagName: string;
  readonly className: string;
  readonly innerText?: string;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  getBoundingClientRect(): { right: number; width: number; height: number };
  querySelectorAll(selector: string): ArrayLike<Box>;
}
type StyleOf = (el: Box) => { overflowX: string; textOverflow: string };

/** Elements of the card that stick out past its right edge or hide part of their content. */
async function clipped(card: Locator): Promise<string[]> {
  return card.evaluate((root: Box) => {
    const styleOf = (globalThis as unknown as { getComputedStyle: StyleOf }).getComputedStyle;
    const right = root.getBoundingClientRect().right;
    const problems: string[] = [];
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const label = `${el.tagName.toLowerCase()}.${el.className} "${(el.innerText ?? '').slice(0, 60)}"`;
      if (box.right > right + 1) problems.push(`${label} ends ${Math.round(box.right - right)} px past the card`);
      const style = styleOf(el);
      const hides = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis';
      if (hides && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${label} hides ${el.scrollWidth - el.clientWidth} px of its content`);
    }
    return problems;
  });
}

describe.skipIf(!chromiumPath)('cards fit the Agents Playground (headless Chromium)', () => {
  let bot: TestBot | undefined;
  let sandbox: SandboxAzure | undefined;
  let pg: PlaygroundSession;

  beforeAll(async () => {
    sandbox = await startSandboxAzure();
    bot = await startTestBot({}, sandboxProbeRoutes(sandbox.directory, { botName: 'Key Vault Access Assistant' }));
    pg = await openPlayground(bot.messagesUrl, { chromiumPath: chromiumPath!, timeoutInMs: WAIT.timeout });
    await pg.page.setViewportSize({ width: 1000, height: 900 });
  }, 60_000);

  afterAll(async () => {
    await pg?.close();
    await bot?.close();
    await sandbox?.close();
  });

  it('shows the welcome once on first load', async () => {
    await pg.card("Hi, I'm the Key Vault Access Assistant").first().waitFor(WAIT);
    await pg.page.waitForTimeout(1500);
    await expect(pg.card("Hi, I'm the Key Vault Access Assistant").count()).resolves.toBe(1);
  });

  it('the answer card with its follow-up questions fits, and a follow-up can still be clicked', async () => {
    await pg.ask("why can't I list secrets?");
    const answer = pg.card('Your identity needs').last();
    await answer.waitFor(WAIT);
    await answer.screenshot({ path: path.join(SHOTS, 'kvbot-answer-card.png') });
    expect(await clipped(answer)).toEqual([]);
    await answer.getByRole('button', { name: "How do I change a key vault's access policies?" }).click(WAIT);
    await pg.card('Use the portal, the CLI or ARM').first().waitFor(WAIT);
  });

  it('the verdict card with its evidence fits', async () => {
    await pg.ask('check my access to kv-payments');
    const consent = pg.card('May I check kv-payments').last();
    await consent.waitFor(WAIT);
    await consent.getByRole('button', { name: 'Run' }).click(WAIT);
    const verdict = pg.card('denied').last();
    await verdict.waitFor(WAIT);
    await verdict.screenshot({ path: path.join(SHOTS, 'kvbot-verdict-card.png') });
    expect(await clipped(verdict)).toEqual([]);
  });
});
