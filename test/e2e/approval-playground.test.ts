/**
 * The approval happy path in Microsoft 365 Agents Playground (headless Chromium): the real bot
 * (`src/index.ts` as a child process, file storage in a temp dir) against an emulator this test
 * runs in-process. Alex, the playground's current user, types the group request in the browser,
 * writes the justification on the plan card and sends it for approval; Megan approves from her
 * own 1:1 conversation through the protocol client (the playground has one user per instance);
 * the browser then shows Alex the "applied and verified" notice, sent proactively.
 */
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { renderActivity } from '../../src/adapters/bot/card-text.js';
import { ProtocolClient, type ProtocolActivity } from '../../src/adapters/bot/protocol-client.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import { findChromium, startPlayground, type Playground } from '../helpers/playground.js';
import { DEMO_FIXTURE, MEGAN } from '../bot/approval-harness.js';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn('SKIPPED test/e2e/approval-playground.test.ts: chromium is not installed (apt-get install chromium); CI installs it.');

const WAIT = { timeout: 30_000 };
const PAYMENTS_READERS = 'a1000000-0000-4000-8000-000000000001';

describe.skipIf(!chromiumPath)('four-eyes approval in Microsoft 365 Agents Playground (headless Chromium, emulator)', () => {
  let emu: RunningEmulator | undefined;
  let dataDir: string | undefined;
  let bot: BotProcess | undefined;
  let playground: Playground | undefined;
  let megan: ProtocolClient | undefined;
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  let page: Page;

  const card = (text: string): Locator => page.locator('.ac-adaptiveCard').filter({ hasText: text });

  beforeAll(async () => {
    emu = await startEmulator({ fixture: DEMO_FIXTURE, port: 0 });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kvbot-pg-approval-'));
    bot = await startBotProcess({ env: { KVBOT_DATA_DIR: dataDir, KVBOT_EMULATOR_URL: emu.url, KVBOT_EMULATOR_CA: emu.caFile, KVBOT_WATCH_KNOWLEDGE: 'false' } });
    // Megan greets the bot first so it can reach her 1:1 with the approval card.
    megan = await ProtocolClient.start({ botUrl: bot.messagesUrl, user: MEGAN, conversationId: 'a:1on1-megan', timeoutInMs: 30_000 });
    await megan.sendText('hello');
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
    await page.route('**/*', (r) => (/^(localhost|127\.0\.0\.1|\[::1\])$/.test(new URL(r.request().url()).hostname) ? r.continue() : r.abort()));
    await page.goto(playground.url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  }, 90_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    await megan?.close();
    await playground?.stop();
    await bot?.stop();
    await emu?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('Alex sends the group grant for approval in the browser; Megan approves; the browser shows "applied and verified"', async () => {
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.click(WAIT);
    await box.fill('give group Payments Readers access to kv-orders to list secrets', WAIT);
    await page.getByRole('button', { name: 'Send Message' }).click(WAIT);

    const plan = card('Send for approval').last();
    await plan.waitFor(WAIT);
    expect(await plan.innerText()).toContain(PAYMENTS_READERS);
    const justification = plan.locator('textarea, input[type="text"]').first();
    await justification.fill('Orders batch job reads its connection string', WAIT);
    const meganFrom = megan!.received.length;
    await plan.getByRole('button', { name: 'Send for approval' }).click(WAIT);

    const isCard = (a: ProtocolActivity) => (a.attachments?.length ?? 0) > 0;
    const approval = await megan!.waitFor(isCard, { from: meganFrom, timeoutInMs: 30_000 });
    const approve = renderActivity(approval).buttons.find((b) => b.title === 'Approve');
    expect(approve).toBeDefined();
    const decided = await megan!.sendSubmit(approve!.data, approval.id);
    expect(decided.replies.map((r) => renderActivity(r).text).join('\n')).toContain('Approved and applied');

    const notice = card('Done:').last();
    await notice.waitFor(WAIT);
    const text = await notice.innerText();
    expect(text).toContain('Approved by Megan Bowen');
    expect(text).toMatch(/Verified/);
    expect(emu!.state.allRoleAssignments().filter((r) => r.properties.principalId === PAYMENTS_READERS && r.properties.scope.endsWith('/vaults/kv-orders'))).toHaveLength(1);
  }, 90_000);
});
