/**
 * A store that takes no writes (here: a data directory under a regular file, which fails every
 * write with ENOTDIR even for root) must not take answers away: over the real HTTP endpoint,
 * questions keep getting answers, actions that need a write say what cannot be done (never
 * "Something went wrong"), `/readyz` reports the store, and `/healthz` stays liveness. The real
 * process refuses to start on such a data directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startBot, type RunningBot } from '../../src/adapters/bot/bot-server.js';
import { createLogger } from '../../src/adapters/bot/logger.js';
import { createReadiness } from '../../src/adapters/bot/readiness-checks.js';
import { ProtocolClient, type ProtocolActivity } from '../../src/cli/chat/protocol-client.js';
import { StoreHealth } from '../../src/adapters/health/store-health.js';
import { bestEffortStore, guardStorageFactory } from '../../src/adapters/health/guarded-stores.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { probeRoutes } from '../../src/app/wire-probes.js';
import type { ProbeConsent } from '../../src/core/probes/probe-consent.js';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import type {
  FeedbackRecord,
  HumanRequestRecord,
  UnansweredQuestionRecord,
} from '../../src/core/feedback/feedback-records.js';
import { FakeKnowledge } from '../helpers/fake-knowledge.js';
import { button, isCard, textOf } from '../helpers/card-assertions.js';
import { startSandboxAzure, type SandboxAzure } from '../helpers/sandbox-probes.js';
import { BotProcessStartError, startBotProcess } from '../helpers/bot-process.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-degraded-'));
const blocker = path.join(tmp, 'not-a-directory');
fs.writeFileSync(blocker, 'a file where the data directory should be');
const brokenDataDir = path.join(blocker, 'data');

interface DegradedBot extends RunningBot {
  logs: Array<Record<string, unknown>>;
}

async function startDegradedBot(dataDir: string, sandbox: SandboxAzure): Promise<DegradedBot> {
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger('debug', (l) => logs.push(JSON.parse(l) as Record<string, unknown>));
  const health = new StoreHealth();
  const storage = guardStorageFactory(
    createStorageFactory({ dataDir, storage: { kind: 'file', container: 'kvbot' } }),
    health,
    logger,
  );
  const knowledge = new FakeKnowledge();
  const probes = probeRoutes({
    probes: new ProbeService(sandbox.directory),
    consents: storage.recordStore<ProbeConsent>('probe-consents'),
    isApprover: () => false,
    identity: { sandbox: true, botName: 'KV Bot' },
  });
  const running = await startBot(loadConfig({ PORT: '0' }), {
    knowledge,
    stores: {
      feedback: storage.recordStore<FeedbackRecord>('feedback'),
      unanswered: bestEffortStore(
        storage.recordStore<UnansweredQuestionRecord>('unanswered'),
        'an unanswered question',
        logger,
      ),
      humanRequests: storage.recordStore<HumanRequestRecord>('human-requests'),
    },
    storage: storage.botStorage(),
    extensions: probes,
    logger,
    host: '127.0.0.1',
    readiness: createReadiness({
      probeStore: storage.recordStore<{ at: string }>('health'),
      probeKey: 'readyz-test',
      health,
      knowledge,
      azure: sandbox.directory,
    }),
  });
  return { ...running, logs };
}

const said = (replies: ProtocolActivity[]): string =>
  replies.map((a) => (isCard(a) ? textOf(a) : String(a.text ?? ''))).join('\n');

describe('with a store that takes no writes', () => {
  let sandbox: SandboxAzure;
  let bot: DegradedBot;
  let client: ProtocolClient;
  beforeAll(async () => {
    sandbox = await startSandboxAzure();
    bot = await startDegradedBot(brokenDataDir, sandbox);
    client = await ProtocolClient.start({ botUrl: `${bot.url}/api/messages` });
  });
  afterAll(async () => {
    await client?.close();
    await bot?.close();
    await sandbox?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('answers a FAQ question with the answer card and no error', async () => {
    const r = await client.sendText('how do I change access policy?');
    expect(r.status).toBe(200);
    const card = await client.waitFor(
      (a) => isCard(a) && textOf(a).includes("How do I change a key vault's access policies?"),
    );
    expect(card).toBeDefined();
    expect(said(client.received)).not.toMatch(/Something went wrong|couldn't save/);
  });

  it('answers a question it cannot match (the unanswered record is best effort)', async () => {
    const from = client.received.length;
    const r = await client.sendText('what is the airspeed velocity of an unladen swallow?');
    expect(r.status).toBe(200);
    await client.waitFor((a) => isCard(a) || typeof a.text === 'string', { from });
    expect(said(client.received.slice(from))).not.toMatch(/Something went wrong|couldn't save/);
  });

  it('a 👍 says feedback cannot be recorded right now, not "Something went wrong"', async () => {
    const answer = await client.waitFor(
      (a) => isCard(a) && textOf(a).includes("How do I change a key vault's access policies?"),
    );
    const from = client.received.length;
    await client.sendSubmit(button(answer, /👍/).data, answer.id);
    const reply = await client.waitFor((a) => typeof a.text === 'string' && a.text.length > 0, { from });
    expect(reply.text).toMatch(/cannot record feedback/);
    expect(said(client.received.slice(from))).not.toMatch(/Something went wrong/);
  });

  it('a live check says consents cannot be stored right now', async () => {
    const from = client.received.length;
    await client.sendText('check my access to kv-payments');
    const reply = await client.waitFor((a) => typeof a.text === 'string' && /storage/.test(a.text), { from });
    expect(reply.text).toMatch(/run live checks/);
    expect(said(client.received.slice(from))).not.toMatch(/Something went wrong/);
  });

  it('still answers afterwards', async () => {
    const from = client.received.length;
    await client.sendText('how can I give a group access?');
    const card = await client.waitFor((a) => isCard(a), { from });
    expect(textOf(card)).toContain('How do I give an Entra group access to a vault?');
  });

  it('/readyz is 503 and names the store; /healthz stays 200', async () => {
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean; error?: string }> };
    expect(body.status).toBe('not-ready');
    expect(body.checks.store).toMatchObject({ ok: false, writable: false });
    expect(body.checks.store?.error).toMatch(/ENOTDIR/);
    expect(body.checks.knowledge).toMatchObject({ ok: true });
    expect(body.checks.azure).toMatchObject({ ok: true, sandbox: true });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});

describe('with a writable store', () => {
  it('/readyz is 200 with every check ok', async () => {
    const sandbox = await startSandboxAzure();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-ready-'));
    const bot = await startDegradedBot(dir, sandbox);
    try {
      const ready = await fetch(`${bot.url}/readyz`);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        checks: { store: { ok: true }, knowledge: { ok: true }, azure: { ok: true } },
      });
      expect(ready.status).toBe(200);
    } finally {
      await bot.close();
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the bot process', () => {
  it('refuses to start on a data directory that takes no writes, naming the setting', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-nostart-'));
    const file = path.join(dir, 'file');
    fs.writeFileSync(file, 'x');
    try {
      const error = await startBotProcess({
        env: { KVBOT_DATA_DIR: path.join(file, 'data') },
        name: 'bad-data-dir',
      }).then(
        async (bot) => {
          await bot.stop();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BotProcessStartError);
      expect((error as BotProcessStartError).message).toMatch(/exited \(code 1/);
      expect((error as BotProcessStartError).output).toMatch(
        /DataDirectoryError: The data directory .* is not writable \(ENOTDIR.*set KVBOT_DATA_DIR to a writable directory/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
