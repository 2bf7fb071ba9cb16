/**
 * Test harness for the fix + approval flow over the real pieces: the emulator with the demo
 * tenant, the Azure adapter, FixService, ApprovalService, the hash-chained audit log and file
 * storage in a temp data dir, the real conversation wiring (createBot) behind a CloudAdapter on
 * an HTTP port, the approval middleware, and proactive sends through a CloudAdapter. People talk
 * to it with ProtocolClient (one 1:1 conversation each).
 *
 * The server is assembled here (node:http + CloudAdapter + createBot) rather than with `startBot`
 * because `startBot` has no way yet to add middleware (see the report to the bot engineer), and
 * without restify because restify patches `http.ServerResponse.prototype.writeHead` process-wide
 * so that it no longer returns `this`, which breaks the in-process emulator's `writeHead().end()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Request as BotRequest, type Response as BotResponse } from 'botbuilder';
import { createAzureDirectory, staticCredential } from '../../src/adapters/azure/index.js';
import { wireApprovals, type ApprovalFeature } from '../../src/app/wire-approvals.js';
import { createBot } from '../../src/adapters/bot/create-bot.js';
import { mergeExtensions } from '../../src/app/merge-extensions.js';
import { escalationHooks } from '../../src/app/escalation-hooks.js';
import { wireEscalation, type EscalationWiring } from '../../src/app/wire-escalation.js';
import { ProtocolClient, type ProtocolAccount, type ProtocolActivity } from '../../src/cli/chat/protocol-client.js';
import { createCloudAdapter } from '../../src/adapters/bot/cloud-adapter.js';
import { createProactiveMessenger } from '../../src/adapters/bot/proactive-messenger.js';
import { createAuditLog } from '../../src/adapters/storage/audit-log-factory.js';
import { createStorageFactory, type StorageFactory } from '../../src/adapters/storage/storage-factory.js';
import type { AuditLog } from '../../src/core/audit/audit-log.js';
import type { AzureDirectory } from '../../src/core/probes/azure-directory.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { FakeKnowledge } from '../helpers/fake-knowledge.js';
import { memoryFeedbackStores } from '../helpers/memory-feedback-stores.js';
import { isCard } from '../helpers/card-assertions.js';
import { ACCOUNTS, DEMO_FIXTURE } from '../helpers/demo-tenant.js';

export const ALEX: ProtocolAccount = ACCOUNTS.alex;
export const MEGAN: ProtocolAccount = ACCOUNTS.megan;
export const ADELE: ProtocolAccount = ACCOUNTS.adele;
export const LYNNE: ProtocolAccount = ACCOUNTS.lynne;
export const APPROVER_GROUP = 'a1000000-0000-4000-8000-000000000004';
export const SUBSCRIPTIONS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
export const TTL_MS = 3_600_000;
export { DEMO_FIXTURE, isCard };

/** A running bot over one data dir. */
export interface HarnessBot {
  url: string;
  port: number;
  feature: ApprovalFeature;
  /** Escalation wired to the fix events as in src/index.ts (only with `startHarness({ escalation: true })`). */
  escalation?: EscalationWiring;
  close(): Promise<void>;
}

/** Everything a test needs. */
export interface Harness {
  emu: RunningEmulator;
  directory: AzureDirectory;
  dataDir: string;
  storage: StorageFactory;
  audit: AuditLog;
  bot: HarnessBot;
  clock: { now: number };
  /** Stops the bot and starts a new one on the same data dir (a restart). */
  restart(): Promise<HarnessBot>;
  /** A 1:1 conversation for this person, already greeted (so the bot knows their reference). */
  chat(user: ProtocolAccount): Promise<ProtocolClient>;
  close(): Promise<void>;
}

/** Starts a bot over the harness's data dir. */
async function startHarnessBot(
  h: Omit<Harness, 'bot' | 'restart' | 'chat' | 'close'>,
  port = 0,
  options: HarnessOptions = {},
): Promise<HarnessBot> {
  const escalation = options.escalation
    ? wireEscalation({
        config: {
          auth: { appType: 'MultiTenant' },
          escalation: { adminIds: [], reminderAfterInMs: 3_600_000 },
          knowledgeDir: path.join(h.dataDir, 'kb'),
        },
        storage: h.storage,
        botStorage: h.storage.botStorage(),
        messenger: createProactiveMessenger({ appType: 'MultiTenant' }),
        audit: h.audit,
        clock: () => new Date(h.clock.now),
      })
    : undefined;
  const hooks = escalation ? escalationHooks(escalation.escalations) : undefined;
  const feature = wireApprovals({
    ...(hooks ? { onFixEvent: hooks.onFixEvent } : {}),
    config: {
      approvals: { approverGroupId: APPROVER_GROUP, ttlInMs: TTL_MS },
      auth: { appType: 'MultiTenant' },
      escalation: { adminIds: [MEGAN.aadObjectId!] },
    },
    storage: h.storage,
    directory: h.directory,
    audit: h.audit,
    clock: () => new Date(h.clock.now),
    startTimer: false,
  });
  const adapter = createCloudAdapter({ appType: 'MultiTenant' });
  adapter.use(feature.middleware);
  adapter.onTurnError = async (_context, error) => {
    throw error;
  };
  const { bot } = createBot({
    knowledge: new FakeKnowledge(),
    stores: memoryFeedbackStores(),
    storage: h.storage.botStorage(),
    extensions: mergeExtensions(escalation?.extensions, feature.extensions),
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400);
        res.end();
        return;
      }
      // The small Request/Response shape CloudAdapter.process needs.
      let status = 200;
      const response = {
        socket: res.socket,
        status: (code: number) => {
          status = code;
          return response;
        },
        header: (name: string, value: unknown) => {
          res.setHeader(name, String(value));
          return response;
        },
        send: (b?: unknown) => {
          if (b !== undefined) {
            res.setHeader('content-type', 'application/json');
            res.statusCode = status;
            res.end(typeof b === 'string' ? b : JSON.stringify(b));
          } else {
            res.statusCode = status;
            res.end();
          }
          return response;
        },
        end: () => {
          if (!res.writableEnded) {
            res.statusCode = status;
            res.end();
          }
          return response;
        },
      };
      adapter
        .process(
          { body, headers: req.headers, method: req.method } as unknown as BotRequest,
          response as unknown as BotResponse,
          (context) => bot.run(context),
        )
        .catch(() => {
          if (!res.writableEnded) {
            res.statusCode = 500;
            res.end();
          }
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const boundPort = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${boundPort}/api/messages`;
  return {
    url,
    port: boundPort,
    feature,
    ...(escalation ? { escalation } : {}),
    close: async () => {
      feature.close();
      await escalation?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  /** Wire escalation to the fix events, as src/index.ts does. */
  escalation?: boolean;
}

/** Starts the emulator, the stores and the bot. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emu = await startEmulator({ fixture: DEMO_FIXTURE, port: 0 });
  const directory = createAzureDirectory({
    credential: staticCredential(),
    subscriptionIds: SUBSCRIPTIONS,
    armEndpoint: emu.url,
    graphEndpoint: emu.url,
    tlsOptions: { ca: emu.caPem },
    retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
    callTimeoutInMs: 10_000,
    sandbox: true,
  });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kvbot-approval-'));
  const storage = createStorageFactory({ dataDir, storage: { kind: 'file', container: 'kvbot' } });
  const clock = { now: Date.parse('2025-06-02T09:00:00Z') };
  const audit = createAuditLog(storage, { clock: () => new Date(clock.now) });
  const base = { emu, directory, dataDir, storage, audit, clock };
  const clients: ProtocolClient[] = [];
  const h: Harness = {
    ...base,
    bot: await startHarnessBot(base, 0, options),
    async restart() {
      // Same port, so the people's conversations (and the stored references) carry on.
      const port = h.bot.port;
      await h.bot.close();
      h.bot = await startHarnessBot(base, port, options);
      return h.bot;
    },
    async chat(user) {
      const client = await ProtocolClient.start({ botUrl: h.bot.url, user, conversationId: `a:1on1-${user.id}` });
      clients.push(client);
      await client.sendText('hello');
      return client;
    },
    async close() {
      for (const c of clients) await c.close();
      await h.bot.close();
      await emu.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A copy of kv-payments' access policies as the emulator holds them now. */
export const policies = (h: Harness): unknown =>
  structuredClone(h.emu.state.vault('kv-payments')!.properties.accessPolicies);

/** How many access-policy writes (PUT .../accessPolicies/...) the emulator has served. */
export const policyPuts = (h: Harness): number =>
  h.emu.requestLog.filter((r) => r.method === 'PUT' && r.path.includes('/accessPolicies/')).length;

/** The Adaptive Card content of an activity, if any. */
export function cardOf(a: ProtocolActivity | undefined): Record<string, unknown> | undefined {
  return a?.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content as
    Record<string, unknown> | undefined;
}

/** All actions of a card (top level), including Action.Execute. */
export function actionsOf(card: Record<string, unknown> | undefined): Array<Record<string, unknown>> {
  return (card?.actions as Array<Record<string, unknown>> | undefined) ?? [];
}

/** Card text as JSON, for loose "contains" checks. */
export function cardJson(a: ProtocolActivity | undefined): string {
  return JSON.stringify(cardOf(a) ?? {});
}

/** An `adaptiveCard/action` invoke with a verb and data, as Teams sends it. */
export function executeInvoke(verb: string, data: unknown): ProtocolActivity {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** The decoded invoke response body `{ statusCode, type, value }`. */
export function invokeBody(body: string): {
  statusCode: number;
  type: string;
  value: Record<string, unknown> | string;
} {
  return JSON.parse(body) as { statusCode: number; type: string; value: Record<string, unknown> | string };
}
