/**
 * The bot's HTTP server: restify with `POST /api/messages` (Bot Framework CloudAdapter) and
 * `GET /healthz`. Bad requests get a JSON 4xx and never reach the bot; the server drains
 * in-flight turns on close.
 */
import restify from 'restify';
import { type Request as BotRequest, type Response as BotResponse, type Middleware, type Storage } from 'botbuilder';
import type { AppConfig } from '../../config.js';
import { InvalidActivityError, assertActivity, sanitizeActivity } from './activity-validation.js';
import { inputLengthLimit } from './input-limits.js';
import { createCloudAdapter } from './cloud-adapter.js';
import { createInboundAuth } from './auth/inbound-auth.js';
import type { SigningKeyCacheOptions } from './auth/signing-keys.js';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { createBot, type BotExtensions } from './create-bot.js';
import type { FaqCards } from '../../../dialogs/faq-cards.js';
import type { FaqKnowledge } from '../../../dialogs/faq-knowledge.js';
import type { FeedbackStores } from '../../../dialogs/feedback-stores.js';
import { createLogger, type Logger } from './logger.js';
import { createTurnErrorHandler } from './turn-error-handler.js';
import { Readiness } from './readiness.js';

/** Something to close on shutdown (KB watcher, stores, the sandbox emulator…). */
export interface Closeable {
  close(): void | Promise<void>;
}

/** The settings the server reads. */
export type BotServerConfig = Pick<AppConfig, 'port' | 'auth'> & { host?: string } & {
  azure: Pick<AppConfig['azure'], 'mode'>;
  logLevel?: AppConfig['logLevel'];
};

/** What the composition root hands the server. */
export interface BotServerDeps {
  knowledge: FaqKnowledge;
  stores: FeedbackStores;
  storage: Storage;
  logger?: Logger;
  cards?: FaqCards;
  extensions?: BotExtensions;
  /** Bot Framework middleware run on every turn before the bot (e.g. the approvals' invoke handler). */
  middleware?: Middleware[];
  /** Closed, in order, after the HTTP server stopped and in-flight turns finished. */
  closeables?: Closeable[];
  /** Interface to listen on; overrides config.host (default: all interfaces with an app id, loopback without). */
  host?: string;
  /** Bounds of the token signing key fetches (tests shorten them). */
  signingKeys?: Partial<Omit<SigningKeyCacheOptions, 'metadataUrl'>>;
  /** Credentials for the bot's replies instead of the app password's (tests without Entra). */
  outboundCredentials?: ServiceClientCredentialsFactory;
  /** Checks behind `GET /readyz` (default: the knowledge base only). */
  readiness?: Readiness;
  /** How long close() waits for in-flight turns (default 10 s). */
  drainTimeoutInMs?: number;
}

/** A running bot. */
export interface RunningBot {
  /** Base URL, e.g. `http://127.0.0.1:3978`; the messaging endpoint is `${url}/api/messages`. */
  url: string;
  port: number;
  /** Stops accepting requests, waits for in-flight turns, closes the dependencies. Idempotent. */
  close(): Promise<void>;
}

/** Largest request body accepted, in bytes read from the socket (bodies are never inflated). */
const MAX_BODY_BYTES = 1024 * 1024;

function sendJsonError(res: restify.Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

/** Starts the bot's HTTP server (port 0 = ephemeral). */
export async function startBot(config: BotServerConfig, deps: BotServerDeps): Promise<RunningBot> {
  const logger = deps.logger ?? createLogger(config.logLevel ?? 'info');
  const startedAt = Date.now();
  const authEnabled = Boolean(config.auth.appId);
  if (!authEnabled) {
    logger.warn(
      'MicrosoftAppId is not set: /api/messages accepts UNAUTHENTICATED requests. Use this only for local development (Agents Playground, kvbot chat).',
    );
  }
  const inbound = createInboundAuth(config.auth, deps.signingKeys, deps.outboundCredentials);
  const adapter = createCloudAdapter(config.auth, inbound.adapterAuth);
  adapter.use(inputLengthLimit());
  for (const m of deps.middleware ?? []) adapter.use(m);
  const { bot, conversationState } = createBot({
    knowledge: deps.knowledge,
    stores: deps.stores,
    storage: deps.storage,
    cards: deps.cards,
    extensions: deps.extensions,
  });
  adapter.onTurnError = createTurnErrorHandler(conversationState, logger);

  let closing = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const server = restify.createServer({ name: 'kv-access-assistant' });
  // Refuse compressed bodies before any parsing: restify's body reader inflates gzip/deflate
  // without guarding the zlib stream (a body that is not gzip killed the process) and checks the
  // size limit on the compressed bytes (a small bomb inflated to 512 MiB). The Bot Framework
  // channels never compress, so anything but identity is a client error.
  server.pre((req, res, next) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding !== '' && encoding !== 'identity') {
      sendJsonError(
        res,
        415,
        'UnsupportedContentEncoding',
        'Compressed request bodies are not accepted; send the activity uncompressed.',
      );
      return next(false);
    }
    return next();
  });
  server.use(...restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES }));

  server.get('/healthz', async (_req, res) => {
    res.send(closing ? 503 : 200, {
      status: closing ? 'stopping' : 'ok',
      kbEntries: deps.knowledge.size(),
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      sandbox: config.azure.mode === 'sandbox',
      authEnabled,
    });
  });

  // Readiness: 200 when the store, the knowledge base and Azure all answer, else 503 naming what
  // does not; /healthz above stays liveness.
  const readiness =
    deps.readiness ??
    new Readiness({ knowledge: () => ({ ok: deps.knowledge.size() > 0, entries: deps.knowledge.size() }) });
  server.get('/readyz', async (_req, res) => {
    const report = await readiness.report();
    const ready = report.ready && !closing;
    res.send(ready ? 200 : 503, {
      status: closing ? 'stopping' : ready ? 'ready' : 'not-ready',
      checks: report.checks,
    });
  });

  server.post('/api/messages', async (req, res) => {
    if (closing) return sendJsonError(res, 503, 'ShuttingDown', 'The bot is shutting down; retry shortly.');
    try {
      assertActivity(req.body);
    } catch (e) {
      if (!(e instanceof InvalidActivityError)) throw e;
      logger.warn('rejected a malformed activity', { reason: e.message });
      return sendJsonError(res, 400, 'InvalidActivity', e.message);
    }
    // Parts the bot cannot read (an entity without a type next to a mention) are dropped here
    // rather than failing the turn and losing the conversation's state.
    const dropped = sanitizeActivity(req.body as Record<string, unknown>);
    if (dropped.length) logger.warn('dropped unreadable parts of an activity', { dropped });
    if (inbound.check) {
      // Checked here, before the adapter, so a bad token is a 401 (or a 503 while the signing
      // keys were never obtained) with no internal detail, and one log line.
      const body = req.body as { channelId?: string; serviceUrl?: string };
      const verdict = await inbound.check(req.headers.authorization, {
        channelId: body.channelId,
        serviceUrl: body.serviceUrl,
      });
      if (!verdict.ok) {
        logger.warn('rejected a request token', {
          status: verdict.status,
          reason: verdict.reason,
          channelId: body.channelId,
          remote: req.socket?.remoteAddress,
        });
        if (verdict.status === 503) {
          res.header('Retry-After', String(verdict.retryAfterSeconds));
          return sendJsonError(
            res,
            503,
            'AuthenticationUnavailable',
            'The bot cannot check request tokens right now; retry later.',
          );
        }
        return sendJsonError(res, 401, 'Unauthorized', 'The request is not authorized.');
      }
    }
    inFlight++;
    try {
      await adapter.process(req as unknown as BotRequest, res as unknown as BotResponse, (context) => bot.run(context));
    } catch (e) {
      // The adapter throws (rather than answering) when its own schema check fails.
      const bad = (e as Error)?.name === 'ZodError';
      logger[bad ? 'warn' : 'error']('could not process an activity', { error: (e as Error)?.message });
      if (!res.headersSent)
        sendJsonError(
          res,
          bad ? 400 : 500,
          bad ? 'InvalidActivity' : 'InternalError',
          bad ? 'The activity does not match the Bot Framework schema.' : 'The bot failed to process the request.',
        );
    } finally {
      inFlight--;
      if (inFlight === 0) drained?.();
    }
  });

  // Without an app id anyone who reaches the port can speak as any user and make the bot post to
  // any serviceUrl, so unauthenticated mode stays on loopback unless KVBOT_HOST says otherwise.
  const host = deps.host ?? config.host ?? (authEnabled ? undefined : '127.0.0.1');
  if (!authEnabled) {
    const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
    // Loopback is the safe default, so it is news (info), not a warning; all interfaces is a warning.
    if (loopback)
      logger.info(
        `No app id: listening on loopback (${host}) only. Set KVBOT_HOST (e.g. 0.0.0.0) to accept other machines, which can then speak as any user.`,
      );
    else
      logger.warn(
        `No app id and KVBOT_HOST=${host ?? 'all interfaces'}: anyone who reaches this port can speak as any user.`,
      );
  }
  await new Promise<void>((resolve, reject) => {
    // restify re-emits the HTTP server's errors on itself; without a listener there, a port in
    // use was an uncaught exception that skipped the caller's clean-up.
    server.server.once('error', reject);
    server.once('error', reject);
    const listening = (): void => {
      server.server.off('error', reject);
      server.off('error', reject);
      resolve();
    };
    // Without a host Node listens on all interfaces (IPv6 when available, else IPv4).
    if (host) server.listen(config.port, host, listening);
    else server.listen(config.port, listening);
  });
  const port = server.address().port;
  const url = `http://localhost:${port}`;
  logger.info('bot listening', {
    url: `${url}/api/messages`,
    health: `${url}/healthz`,
    host: host ?? 'all interfaces',
    auth: authEnabled,
    sandbox: config.azure.mode === 'sandbox',
    kbEntries: deps.knowledge.size(),
  });

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise<void>((resolve) => setTimeout(resolve, deps.drainTimeoutInMs ?? 10_000).unref()),
        ]);
      }
      server.server.closeAllConnections();
      await serverClosed;
      for (const c of deps.closeables ?? []) {
        try {
          await c.close();
        } catch (e) {
          logger.error('failed to close a dependency', { error: (e as Error)?.message });
        }
      }
      logger.info('bot stopped');
    })();
    return closed;
  };
  return { url, port, close };
}
