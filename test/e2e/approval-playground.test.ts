/**
 * The approval happy path in Microsoft 365 Agents Playground (headless Chromium): the real bot
 * (`src/index.ts` as a child process, file storage in a temp dir) against an emulator this test
 * runs in-process. Alex, the playground's current user, types the group request in the browser,
 * writes the justification on the plan card and sends it for approval; Megan approves from her
 * own 1:1 conversation through the protocol client (the playground has one user per instance);
 * the browser then shows Alex the "applied and verified" notice, sent proactively.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderActivity } from '../../src/cli/chat/card-text.js';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import { openPlayground, type PlaygroundSession } from '../helpers/browser.js';
import { isCard } from '../helpers/card-assertions.js';
import { findChromium } from '../helpers/playground.js';
import { DEMO_FIXTURE, MEGAN } from '../bot/approval-harness.js';

const chromiumPath = findChromium();
if (!chromiumPath)
  console.warn(
    'SKIPPED test/e2e/approval-playground.test.ts: chromium is not installed (apt-get install chromium); CI installs it.',
  );

const WAIT = { timeout: 30_000 };
const PAYMENTS_READERS = 'a1000000-0000-4000-8000-000000000001';

describe.skipIf(!chromiumPath)(
  'four-eyes approval in Microsoft 365 Agents Playground (headless Chromium, emulator)',
  () => {
    let emu: RunningEmulator | undefined;
    let dataDir: string | undefined;
    let bot: BotProcess | undefined;
    let megan: ProtocolClient | undefined;
    let pg: PlaygroundSession;

    beforeAll(async () => {
      emu = await startEmulator({ fixture: DEMO_FIXTURE, port: 0 });
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'kvbot-pg-approval-'));
      bot = await startBotProcess({
        env: {
          KVBOT_DATA_DIR: dataDir,
          KVBOT_EMULATOR_URL: emu.url,
          KVBOT_EMULATOR_CA: emu.caFile,
          KVBOT_WATCH_KNOWLEDGE: 'false',
        },
      });
      // Megan greets the bot first so it can reach her 1:1 with the approval card.
      megan = await ProtocolClient.start({
        botUrl: bot.messagesUrl,
        user: MEGAN,
        conversationId: 'a:1on1-megan',
        timeoutInMs: 30_000,
      });
      await megan.sendText('hello');
      pg = await openPlayground(bot.messagesUrl, { chromiumPath: chromiumPath!, timeoutInMs: WAIT.timeout });
    }, 90_000);

    afterAll(async () => {
      await pg?.close();
      await megan?.close();
      await bot?.stop();
      await emu?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('Alex sends the group grant for approval in the browser; Megan approves; the browser shows "applied and verified"', async () => {
      await pg.ask('give group Payments Readers access to kv-orders to list secrets');

      const plan = pg.card('Send for approval').last();
      await plan.waitFor(WAIT);
      expect(await plan.innerText()).toContain(PAYMENTS_READERS);
      const justification = plan.locator('textarea, input[type="text"]').first();
      await justification.fill('Orders batch job reads its connection string', WAIT);
      const meganFrom = megan!.received.length;
      await plan.getByRole('button', { name: 'Send for approval' }).click(WAIT);

      const approval = await megan!.waitFor(isCard, { from: meganFrom, timeoutInMs: 30_000 });
      const approve = renderActivity(approval).buttons.find((b) => b.title === 'Approve');
      expect(approve).toBeDefined();
      const decided = await megan!.sendSubmit(approve!.data, approval.id);
      expect(decided.replies.map((r) => renderActivity(r).text).join('\n')).toContain('Approved and applied');

      const notice = pg.card('Done:').last();
      await notice.waitFor(WAIT);
      const text = await notice.innerText();
      expect(text).toContain('Approved by Megan Bowen');
      expect(text).toMatch(/Verified/);
      expect(
        emu!.state
          .allRoleAssignments()
          .filter(
            (r) => r.properties.principalId === PAYMENTS_READERS && r.properties.scope.endsWith('/vaults/kv-orders'),
          ),
      ).toHaveLength(1);
    }, 90_000);
  },
);
