/**
 * End to end through Microsoft 365 Agents Playground in headless Chromium: the real bot server
 * with the probe routes over the REAL ProbeService and Azure adapter, talking to the emulator
 * with the demo tenant (sandbox), the playground as the Teams channel (current user Alex Wilber),
 * and a browser that types the request, clicks Run on the consent card and reads the verdict.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { PROJECT_ROOT, loadConfig } from '../../src/config.js';
import { createAzureDirectoryFromConfig } from '../../src/adapters/azure/index.js';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import { createProbeRoutes } from '../../dialogs/probe/create-probe-routes.js';
import type { ProbeConsent } from '../../dialogs/probe/probe-consent.js';
import { vaultApproverCheck } from '../../dialogs/probe/vault-approvers.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';
import { findChromium, startPlayground, type Playground } from '../helpers/playground.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

const chromiumPath = findChromium();
if (!chromiumPath) console.warn('SKIPPED test/e2e/probe-playground.test.ts: chromium is not installed (apt-get install chromium); CI installs it.');

const WAIT = { timeout: 30_000 };

/**
 * The sandbox emulator, in a child process (`kvbot emulator`): in this process restify patches
 * http.ServerResponse.prototype.writeHead so it stops returning the response, which breaks the
 * emulator's `res.writeHead(...).end(...)` (reported to its owner).
 */
async function startChildEmulator(): Promise<{ url: string; caPem: string; close(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', 'emulator', '--fixture', 'fixtures/demo-tenant.json', '--port', '0'], {
    cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const started = await new Promise<{ url: string; caFile: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (https:\/\/\S+)[\s\S]*CA file: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, caFile: m[2]! });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}): ${out}`)));
  });
  return {
    url: started.url,
    caPem: fs.readFileSync(started.caFile, 'utf8'),
    close: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    }),
  };
}

describe.skipIf(!chromiumPath)('probe with consent in Microsoft 365 Agents Playground (headless Chromium, sandbox)', () => {
  let emulator: Awaited<ReturnType<typeof startChildEmulator>> | undefined;
  let bot: TestBot | undefined;
  let playground: Playground | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let userDataDir: string | undefined;

  const card = (text: string): Locator => page.locator('.ac-adaptiveCard').filter({ hasText: text });

  beforeAll(async () => {
    emulator = await startChildEmulator();
    const fixture = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'fixtures/demo-tenant.json'), 'utf8')) as { subscriptions: Array<{ subscriptionId: string }> };
    const directory = await createAzureDirectoryFromConfig(loadConfig({}).azure, {
      emulatorUrl: emulator.url, emulatorCaPem: emulator.caPem, subscriptionIds: fixture.subscriptions.map((s) => s.subscriptionId),
    });
    bot = await startTestBot({}, createProbeRoutes({
      probes: new ProbeService(directory),
      consents: new MemoryRecordStore<ProbeConsent>(),
      isApprover: vaultApproverCheck(directory),
      identity: { sandbox: directory.sandbox, botName: 'Key Vault Access Assistant' },
    }));
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
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    await playground?.stop();
    await bot?.close();
    await emulator?.close();
  });

  it('"I can\'t list secrets in kv-payments" → consent card → Run → the verdict card says denied, with the sandbox mark', async () => {
    const box = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await box.click(WAIT);
    await box.fill("I can't list secrets in kv-payments", WAIT);
    await page.getByRole('button', { name: 'Send Message' }).click(WAIT);

    const consent = card('May I check kv-payments for you?').last();
    await consent.waitFor(WAIT);
    const consentText = await consent.innerText();
    expect(consentText).toContain('the sandbox emulator');
    expect(consentText).toContain('Alex Wilber');
    expect(consentText).toMatch(/Never: secret, key or certificate values/);
    await consent.getByRole('button', { name: 'Run' }).click(WAIT);

    const verdict = card('denied').last();
    await verdict.waitFor(WAIT);
    const text = await verdict.innerText();
    expect(text).toContain('🧪 Sandbox — emulated tenant');
    expect(text).toContain('⛔ denied — permission-check: secrets/list on kv-payments');
    expect(text).toMatch(/No access policy on kv-payments names Alex Wilber/);
  });
});
