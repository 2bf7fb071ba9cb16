import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startEscalationBot, tempDataDir, type EscalationBot } from '../bot/escalation-harness.js';

const CHROMIUM = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPing(url: string, timeoutInMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutInMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The user side of escalation in Microsoft 365 Agents Playground (headless Chromium). */
describe.skipIf(!CHROMIUM)('escalation in Agents Playground', () => {
  let bot: EscalationBot;
  let playground: ChildProcess;
  let browser: BrowserContext;
  let page: Page;
  let pgPort: number;

  beforeAll(async () => {
    bot = await startEscalationBot(tempDataDir());
    pgPort = await freePort();
    const logs = mkdtempSync(path.join(os.tmpdir(), 'kvbot-pg-'));
    playground = spawn(path.resolve('node_modules/.bin/agentsplayground'), [
      'start', '-e', bot.messagesUrl.replace('localhost', '127.0.0.1'), '-c', 'msteams', '--disable-telemetry', '-p', String(pgPort), '--conversation-id', 'escalation-e2e',
    ], {
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_LOGFILE: path.join(logs, 'playground.log') },
      stdio: 'ignore',
    });
    await waitForPing(`http://localhost:${pgPort}/_debug/ping`);
    const udd = mkdtempSync(path.join(os.tmpdir(), 'pg-udd-'));
    browser = await chromium.launchPersistentContext(udd, {
      executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.route('**/*', (r) => (/^(localhost|127\.0\.0\.1)$/.test(new URL(r.request().url()).hostname) ? r.continue() : r.abort()));
    await page.goto(`http://localhost:${pgPort}/`, { waitUntil: 'domcontentloaded' });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (playground && playground.exitCode === null) {
      const exited = new Promise((r) => playground.once('exit', r));
      playground.kill('SIGINT');
      await exited;
    }
    await bot?.close();
  });

  const botMessages = () => page.locator('div:has(> [aria-label="Message header"])')
    .filter({ has: page.locator('[aria-label="Message author"]', { hasText: 'Test Bot' }) });

  it('"talk to a person" → the offer card → Open a case → the case acknowledgement with its number', async () => {
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.waitFor({ timeout: 30_000 });
    await box.click();
    await page.keyboard.type('talk to a person');
    await page.keyboard.press('Enter');
    const open = page.locator('.ac-adaptiveCard button[aria-label="Open a case"]');
    await open.first().waitFor({ timeout: 20_000 });
    await open.first().click();
    const ack = botMessages().filter({ hasText: /opened case KV-1001/ });
    await ack.first().waitFor({ timeout: 20_000 });
    expect(await ack.first().innerText()).toMatch(/opened case KV-1001 \(priority normal\)/);
    const stored = await bot.escalation.service.findByNumber('KV-1001');
    expect(stored?.requester.name).toBeTruthy();
    expect(stored?.conversations.user).toMatchObject({ conversation: { id: 'escalation-e2e' } });
  }, 60_000);
});
