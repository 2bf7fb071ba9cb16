/**
 * End to end through Microsoft 365 Agents Playground in headless Chromium: the real bot server
 * with the probe routes over the REAL ProbeService and Azure adapter, talking to the emulator
 * with the demo tenant (sandbox), the playground as the Teams channel (current user Alex Wilber),
 * and a browser that types the request, clicks Run on the consent card and reads the verdict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlayground, type PlaygroundSession } from '../helpers/browser.js';
import { findChromium } from '../helpers/playground.js';
import {
  expectOnlyReads,
  sandboxProbeRoutes,
  startSandboxAzure,
  type SandboxAzure,
} from '../helpers/sandbox-probes.js';
import { startTestBot, type TestBot } from '../helpers/start-test-bot.js';

const chromiumPath = findChromium();
if (!chromiumPath)
  console.warn(
    'SKIPPED test/e2e/probe-playground.test.ts: chromium is not installed (apt-get install chromium); CI installs it.',
  );

const WAIT = { timeout: 30_000 };

describe.skipIf(!chromiumPath)(
  'probe with consent in Microsoft 365 Agents Playground (headless Chromium, sandbox)',
  () => {
    let sandbox: SandboxAzure | undefined;
    let bot: TestBot | undefined;
    let pg: PlaygroundSession;

    beforeAll(async () => {
      sandbox = await startSandboxAzure();
      bot = await startTestBot({}, sandboxProbeRoutes(sandbox.directory, { botName: 'Key Vault Access Assistant' }));
      pg = await openPlayground(bot.messagesUrl, { chromiumPath: chromiumPath!, timeoutInMs: WAIT.timeout });
    });

    afterAll(async () => {
      await pg?.close();
      await bot?.close();
      await sandbox?.close();
    });

    it('"I can\'t list secrets in kv-payments" → consent card → Run → the verdict card says denied, with the sandbox mark', async () => {
      const requests = sandbox!.emu.requestLog;
      requests.length = 0;
      await pg.ask("I can't list secrets in kv-payments");

      const consent = pg.card('May I check kv-payments for you?').last();
      await consent.waitFor(WAIT);
      const consentText = await consent.innerText();
      expect(consentText).toContain('the sandbox emulator');
      expect(consentText).toContain('Alex Wilber');
      expect(consentText).toMatch(/Never: secret, key or certificate values/);
      expect(requests).toEqual([]);
      await consent.getByRole('button', { name: 'Run' }).click(WAIT);

      const verdict = pg.card('denied').last();
      await verdict.waitFor(WAIT);
      const text = await verdict.innerText();
      expect(text).toContain('🧪 Sandbox — emulated tenant');
      expect(text).toContain('⛔ denied — permission-check: secrets/list on kv-payments');
      expect(text).toMatch(/No access policy on kv-payments names Alex Wilber/);
      expectOnlyReads(requests);
    });
  },
);
