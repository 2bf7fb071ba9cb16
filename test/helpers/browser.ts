/**
 * Headless Chromium on Microsoft 365 Agents Playground for the end-to-end tests: starts the
 * playground for a bot, opens it in a throw-away browser profile that may only reach loopback,
 * and gives the tests the few ways they read and drive the chat (cards, bot messages, the
 * compose box).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startPlayground, type Playground } from './playground.js';

/** Chromium flags for a headless run in a container with no network and a small /dev/shm. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])$/;

/** Options of {@link openPlayground}. */
export interface PlaygroundBrowserOptions {
  /** The Chromium binary (from `findChromium()`). */
  chromiumPath: string;
  /** How long `ask` waits for the compose box and the Send button (default 30 s). */
  timeoutInMs?: number;
}

/** The playground running for a bot, open in headless Chromium. */
export interface PlaygroundSession {
  readonly playground: Playground;
  readonly page: Page;
  /** The rendered Adaptive Cards containing `text` (cards only: not the log panel or sidebar). */
  card(text: string | RegExp): Locator;
  /** The chat messages written by the bot (the playground names it "Test Bot"). */
  botMessages(): Locator;
  /** Types `text` into the compose box and presses Send Message, as the current user. */
  ask(text: string): Promise<void>;
  /** Closes the browser, deletes its profile and stops the playground. Idempotent. */
  close(): Promise<void>;
}

/** Starts the playground for `botMessagesUrl` and opens it in headless Chromium. */
export async function openPlayground(
  botMessagesUrl: string,
  options: PlaygroundBrowserOptions,
): Promise<PlaygroundSession> {
  const wait = { timeout: options.timeoutInMs ?? 30_000 };
  const playground = await startPlayground(botMessagesUrl);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-pw-'));
  let context: BrowserContext | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await context?.close().catch(() => undefined);
    fs.rmSync(userDataDir, { recursive: true, force: true });
    await playground.stop();
  };
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: options.chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    // Only the local playground: CDN fonts and scripts are cosmetic and would hang offline.
    await page.route('**/*', (r) =>
      LOOPBACK_HOST.test(new URL(r.request().url()).hostname) ? r.continue() : r.abort(),
    );
    await page.goto(playground.url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
    const session: PlaygroundSession = {
      playground,
      page,
      card: (text) => page.locator('.ac-adaptiveCard').filter({ hasText: text }),
      botMessages: () =>
        page
          .locator('div:has(> [aria-label="Message header"])')
          .filter({ has: page.locator('[aria-label="Message author"]', { hasText: 'Test Bot' }) }),
      ask: async (text) => {
        const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
        await box.click(wait);
        await box.fill(text, wait);
        await page.getByRole('button', { name: 'Send Message' }).click(wait);
      },
      close,
    };
    return session;
  } catch (e) {
    await close();
    throw e;
  }
}
