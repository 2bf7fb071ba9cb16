/**
 * A Bot Framework channel in miniature, for talking to a running bot over the real protocol
 * (the chat CLI and the protocol tests use it). It hosts its own `serviceUrl`, a small Bot
 * Connector (`POST /v3/conversations/:id/activities[/:replyToId]`, `PUT` updates, `DELETE`,
 * `GET .../members`) that collects what the bot sends, and posts user activities to the bot's
 * `/api/messages` like Teams would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { DEMO_USERS } from './demo-users.js';

/** A channel account (user or bot). */
export interface ProtocolAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

/** An activity as JSON (the client does not depend on botbuilder's types). */
export type ProtocolActivity = Record<string, unknown> & {
  type?: string;
  id?: string;
  text?: string;
  attachments?: Array<{ contentType?: string; content?: unknown }>;
};

/** Alex Wilber, the Agents Playground's current user in the demo tenant. */
export const ALEX: ProtocolAccount = DEMO_USERS.alex;
/** The demo tenant id. */
export const DEMO_TENANT_ID = '00000000-0000-0000-0000-000000000001';

/** Options of `ProtocolClient.start`. */
export interface ProtocolClientOptions {
  /** The bot's messaging endpoint, e.g. `http://localhost:3978/api/messages`. */
  botUrl: string;
  channelId?: 'msteams' | 'emulator';
  conversationId?: string;
  /** Teams conversation type (default `personal`). */
  conversationType?: 'personal' | 'groupChat' | 'channel';
  user?: ProtocolAccount;
  bot?: ProtocolAccount;
  tenantId?: string;
  /** Extra headers on every POST to the bot (e.g. Authorization). */
  headers?: Record<string, string>;
  /** Default timeout of `waitFor` and of each POST. */
  timeoutInMs?: number;
}

/** The bot's HTTP answer to one posted activity, and what it sent during that turn. */
export interface SendResult {
  status: number;
  body: string;
  /** Activities the bot sent to the serviceUrl while the request was open (the turn's replies). */
  replies: ProtocolActivity[];
}

/** `waitFor` gave up. */
export class ProtocolTimeoutError extends Error {
  override readonly name = 'ProtocolTimeoutError';
  constructor(
    readonly timeoutInMs: number,
    readonly received: ProtocolActivity[],
  ) {
    super(
      `No matching activity from the bot within ${timeoutInMs} ms; received ${received.length}: ${received.map((a) => `${a.type}:${String(a.text ?? (a.attachments ? '[card]' : ''))}`).join(', ')}`,
    );
  }
}

/** The posted request could not reach the bot. */
export class BotUnreachableError extends Error {
  override readonly name = 'BotUnreachableError';
  constructor(
    readonly botUrl: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot reach the bot at ${botUrl}. Is it running (npm start)?`, options);
  }
}

/** Told about every activity the bot sends (`sent`) or replaces (`updated`), as it arrives. */
export type ActivityListener = (activity: ProtocolActivity, kind: 'sent' | 'updated') => void;

interface Waiter {
  predicate: (a: ProtocolActivity) => boolean;
  resolve: (a: ProtocolActivity) => void;
}

/** A local channel for one conversation with one bot. */
export class ProtocolClient {
  /** Everything the bot sent, in arrival order (with the ids this connector assigned). */
  readonly received: ProtocolActivity[] = [];
  /** Updates (PUT) the bot made to earlier activities. */
  readonly updates: ProtocolActivity[] = [];
  readonly conversationId: string;
  readonly user: ProtocolAccount;
  readonly bot: ProtocolAccount;
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<ActivityListener>();
  private nextId = 1;

  private constructor(
    private readonly server: http.Server,
    readonly serviceUrl: string,
    private readonly options: ProtocolClientOptions,
  ) {
    this.conversationId = options.conversationId ?? `kvbot-chat-${randomUUID()}`;
    this.user = options.user ?? ALEX;
    this.bot = options.bot ?? { id: '28:kv-access-assistant', name: 'KV Bot' };
  }

  /** Starts the local serviceUrl on an ephemeral loopback port. */
  static async start(options: ProtocolClientOptions): Promise<ProtocolClient> {
    // The server exists before the client that handles its requests.
    const holder: { client?: ProtocolClient } = {};
    const server = http.createServer((req, res) => {
      if (holder.client) holder.client.handle(req, res);
      else {
        res.statusCode = 503;
        res.end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    holder.client = new ProtocolClient(server, `http://127.0.0.1:${port}`, options);
    return holder.client;
  }

  /** Posts an activity to the bot, filling in channel, conversation, from, recipient and serviceUrl. */
  async send(activity: ProtocolActivity): Promise<SendResult> {
    const full = this.complete(activity);
    return this.post(full);
  }

  /** Posts raw bytes to the bot (for malformed-request tests). */
  async postRaw(body: string, contentType = 'application/json'): Promise<{ status: number; body: string }> {
    const res = await this.fetchBot(body, contentType);
    return { status: res.status, body: await res.text() };
  }

  /** A user message. */
  sendText(text: string, extra: ProtocolActivity = {}): Promise<SendResult> {
    return this.send({ type: 'message', text, textFormat: 'plain', ...extra });
  }

  /** An Adaptive Card Action.Submit: a message with `value` and no text, replying to the card. */
  sendSubmit(value: unknown, replyToId?: string): Promise<SendResult> {
    return this.send({ type: 'message', value, ...(replyToId ? { replyToId } : {}) });
  }

  /** The bot being added to the conversation (triggers its welcome). */
  sendBotAdded(): Promise<SendResult> {
    return this.send({ type: 'conversationUpdate', membersAdded: [this.user, this.bot] });
  }

  /**
   * Resolves with the first activity matching `predicate` received at or after index `from`
   * (default: any already received), or rejects with ProtocolTimeoutError.
   */
  waitFor(
    predicate: (a: ProtocolActivity) => boolean,
    options: { from?: number; timeoutInMs?: number } = {},
  ): Promise<ProtocolActivity> {
    const existing = this.received.slice(options.from ?? 0).find(predicate);
    if (existing) return Promise.resolve(existing);
    const timeoutInMs = options.timeoutInMs ?? this.options.timeoutInMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (a) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(a);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new ProtocolTimeoutError(timeoutInMs, [...this.received]));
      }, timeoutInMs);
      this.waiters.add(waiter);
    });
  }

  /**
   * Calls `listener` for every activity the bot sends or updates from now on, including
   * proactive ones outside any turn (e.g. "your fix was approved"). Returns the unsubscribe.
   */
  onActivity(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the local serviceUrl. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private complete(activity: ProtocolActivity): ProtocolActivity {
    const channelId = this.options.channelId ?? 'msteams';
    const conversationType = this.options.conversationType ?? 'personal';
    const tenantId = this.options.tenantId ?? DEMO_TENANT_ID;
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId,
      serviceUrl: this.serviceUrl,
      from: this.user,
      recipient: this.bot,
      conversation: { id: this.conversationId, conversationType, tenantId, isGroup: conversationType !== 'personal' },
      ...(channelId === 'msteams' ? { channelData: { tenant: { id: tenantId } } } : {}),
      locale: 'en-US',
      ...activity,
    };
  }

  private async fetchBot(body: string, contentType: string): Promise<Response> {
    try {
      return await fetch(this.options.botUrl, {
        method: 'POST',
        headers: { 'content-type': contentType, ...this.options.headers },
        body,
        signal: AbortSignal.timeout(this.options.timeoutInMs ?? 30_000),
      });
    } catch (e) {
      throw new BotUnreachableError(this.options.botUrl, { cause: e });
    }
  }

  private async post(activity: ProtocolActivity): Promise<SendResult> {
    const from = this.received.length;
    const res = await this.fetchBot(JSON.stringify(activity), 'application/json');
    const body = await res.text();
    return { status: res.status, body, replies: this.received.slice(from) };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.serviceUrl);
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const json = (status: number, body: unknown): void => {
        // Separate calls: restify (when loaded in the same process) patches writeHead to not return `this`.
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      let body: ProtocolActivity = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as ProtocolActivity) : {};
      } catch {
        return json(400, { error: { code: 'BadArgument', message: 'Body is not JSON' } });
      }
      // v3 / conversations / :conversationId / activities [/ :activityId] | members
      if (parts[0] !== 'v3' || parts[1] !== 'conversations')
        return json(404, { error: { code: 'NotFound', message: `No route ${req.method} ${url.pathname}` } });
      if (parts.length === 2 && req.method === 'POST') return json(200, { id: this.conversationId });
      if (parts[3] === 'members' && req.method === 'GET') return json(200, [this.user]);
      if (parts[3] !== 'activities')
        return json(404, { error: { code: 'NotFound', message: `No route ${req.method} ${url.pathname}` } });
      if (req.method === 'POST') {
        const id = `${this.nextId++}`;
        this.receive({ ...body, id, ...(parts[4] ? { replyToId: parts[4] } : {}) });
        return json(200, { id });
      }
      if (req.method === 'PUT' && parts[4]) {
        const updated = { ...body, id: parts[4] };
        this.updates.push(updated);
        for (const l of [...this.listeners]) l(updated, 'updated');
        return json(200, { id: parts[4] });
      }
      if (req.method === 'DELETE') return json(200, {});
      return json(405, { error: { code: 'MethodNotAllowed', message: `${req.method} ${url.pathname}` } });
    });
  }

  private receive(activity: ProtocolActivity): void {
    this.received.push(activity);
    for (const l of [...this.listeners]) l(activity, 'sent');
    for (const w of [...this.waiters]) if (w.predicate(activity)) w.resolve(activity);
  }
}
