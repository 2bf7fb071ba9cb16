/**
 * The outbound webhook for case events. Each event is first written to a durable outbox (a
 * RecordStore), then POSTed in the background with retries and exponential backoff until the
 * receiver answers 2xx. A slow or failing receiver never blocks a case action, and nothing is
 * lost on restart: `start()` resumes whatever is still in the outbox. Delivery is at-least-once;
 * receivers de-duplicate by the `X-KVBot-Delivery` id.
 */
import { randomUUID } from 'node:crypto';
import { isConcurrencyError, type RecordStore, type StoredRecord } from '../../core/storage/record-store.js';
import type { CaseEventMessage, CaseEventSink } from '../../core/escalation/escalation-ports.js';
import { DEFAULT_BACKOFF, backoffDelayInMs, type BackoffOptions } from './backoff.js';
import type { OutboxItem } from './outbox-item.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signBody } from './webhook-signature.js';

/** Something worth logging about deliveries. */
export interface WebhookLogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  deliveryId?: string;
  event?: string;
  attempts?: number;
}

/** Settings and collaborators of the outbox. */
export interface WebhookOutboxOptions {
  url: string;
  secret: string;
  store: RecordStore<OutboxItem>;
  backoff?: Partial<BackoffOptions>;
  /** Per-attempt deadline; default 10 s. */
  attemptTimeoutInMs?: number;
  /** Give up after this many failed attempts (the item stays, marked `failed`). Default: never give up. */
  maxAttempts?: number;
  fetch?: typeof fetch;
  clock?: () => Date;
  random?: () => number;
  newId?: () => string;
  log?: (entry: WebhookLogEntry) => void;
}

const KEY_PREFIX = 'outbox/';
// Time a lease outlives the attempt's own deadline, for the write-back after a slow failure.
const LEASE_MARGIN_IN_MS = 5_000;
// How soon to look again after losing a race for an item to another instance.
const CONTENDED_RETRY_IN_MS = 250;

/** Durable, retrying webhook delivery; the escalation service's CaseEventSink. */
export class WebhookOutbox implements CaseEventSink {
  private readonly backoff: BackoffOptions;
  private readonly attemptTimeoutInMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly newId: () => string;
  private readonly log: (entry: WebhookLogEntry) => void;
  private readonly instanceId = randomUUID();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly stopController = new AbortController();
  private stopped = false;

  constructor(private readonly options: WebhookOutboxOptions) {
    if (!/^https?:\/\//i.test(options.url))
      throw new TypeError(`The webhook URL must start with http:// or https://, got "${options.url}".`);
    if (!options.secret) throw new TypeError('The webhook needs a secret to sign deliveries.');
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.attemptTimeoutInMs = options.attemptTimeoutInMs ?? 10_000;
    this.fetchImpl = options.fetch ?? fetch;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.newId = options.newId ?? randomUUID;
    this.log = options.log ?? (() => undefined);
  }

  /** Resumes every pending delivery left in the outbox (after a restart or by another instance). */
  async start(): Promise<void> {
    const now = this.clock().getTime();
    for (const record of await this.options.store.list(KEY_PREFIX)) {
      if (record.value.state !== 'pending') continue;
      const due = Math.max(
        Date.parse(record.value.nextAttemptAt),
        record.value.leaseUntil ? Date.parse(record.value.leaseUntil) : 0,
      );
      this.schedule(record.key, Math.max(0, (Number.isFinite(due) ? due : now) - now));
    }
  }

  /** Stops delivering: cancels timers and aborts attempts in flight; their items stay in the outbox. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.stopController.abort();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Writes the event to the outbox (durable when this resolves) and delivers it in the background. */
  async publish(message: CaseEventMessage): Promise<void> {
    const deliveryId = this.newId();
    const at = this.clock();
    const body = JSON.stringify({ event: message.event, case: message.case, at: message.at, deliveryId });
    const item: OutboxItem = {
      deliveryId,
      event: message.event,
      body,
      createdAt: at.toISOString(),
      attempts: 0,
      nextAttemptAt: at.toISOString(),
      state: 'pending',
    };
    // Time first in the key, so list() returns deliveries in the order events happened.
    const key = `${KEY_PREFIX}${String(at.getTime()).padStart(15, '0')}-${deliveryId}`;
    await this.options.store.put(key, item, { ifNoneMatch: '*' });
    this.schedule(key, 0);
  }

  /** Items still waiting (pending or failed), oldest first. */
  async pending(): Promise<OutboxItem[]> {
    return (await this.options.store.list(KEY_PREFIX)).map((r) => r.value);
  }

  private schedule(key: string, delayInMs: number): void {
    if (this.stopped || this.timers.has(key)) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (this.inFlight.has(key)) return;
      const run = this.attempt(key)
        .catch((e: unknown) => {
          // A storage failure: try again later rather than drop the delivery.
          this.log({ level: 'error', message: `Webhook outbox error: ${e instanceof Error ? e.message : String(e)}` });
          this.schedule(key, this.backoff.maxDelayInMs);
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, run);
    }, delayInMs);
    // The outbox never keeps a process alive on its own (CLI commands, tests).
    timer.unref();
    this.timers.set(key, timer);
  }

  private async attempt(key: string): Promise<void> {
    const record = await this.options.store.get(key);
    if (!record || record.value.state !== 'pending' || this.stopped) return;
    const now = this.clock().getTime();
    const leasedUntil = record.value.leaseUntil ? Date.parse(record.value.leaseUntil) : 0;
    if (record.value.leaseOwner && record.value.leaseOwner !== this.instanceId && leasedUntil > now) {
      this.schedule(key, leasedUntil - now + CONTENDED_RETRY_IN_MS);
      return;
    }
    const claimed = await this.claim(record, now);
    if (!claimed) {
      this.schedule(key, CONTENDED_RETRY_IN_MS);
      return;
    }
    const item = claimed.value;
    const error = await this.post(item);
    if (error === undefined) {
      await this.options.store.delete(key);
      this.log({
        level: 'info',
        message: `Delivered ${item.event}`,
        deliveryId: item.deliveryId,
        event: item.event,
        attempts: item.attempts + 1,
      });
      return;
    }
    const attempts = item.attempts + 1;
    const gaveUp = this.options.maxAttempts !== undefined && attempts >= this.options.maxAttempts;
    const delay = backoffDelayInMs(attempts, this.backoff, this.random);
    const failed: OutboxItem = {
      ...item,
      attempts,
      lastError: error,
      nextAttemptAt: new Date(this.clock().getTime() + delay).toISOString(),
      state: gaveUp ? 'failed' : 'pending',
    };
    delete failed.leaseOwner;
    delete failed.leaseUntil;
    try {
      await this.options.store.put(key, failed, { ifMatch: claimed.etag });
    } catch (e) {
      if (!isConcurrencyError(e)) throw e;
    }
    this.log({
      level: gaveUp ? 'error' : 'warn',
      message: `Delivery of ${item.event} failed (${error})${gaveUp ? '; giving up' : `; retrying in ${delay} ms`}`,
      deliveryId: item.deliveryId,
      event: item.event,
      attempts,
    });
    if (!gaveUp) this.schedule(key, delay);
  }

  /** Takes the item for this instance with compare-and-swap; undefined when another instance won. */
  private async claim(record: StoredRecord<OutboxItem>, now: number): Promise<StoredRecord<OutboxItem> | undefined> {
    const leased: OutboxItem = {
      ...record.value,
      leaseOwner: this.instanceId,
      leaseUntil: new Date(now + this.attemptTimeoutInMs + LEASE_MARGIN_IN_MS).toISOString(),
    };
    try {
      return await this.options.store.put(record.key, leased, { ifMatch: record.etag });
    } catch (e) {
      if (isConcurrencyError(e)) return undefined;
      throw e;
    }
  }

  /** One POST; undefined on 2xx, otherwise why it failed. */
  private async post(item: OutboxItem): Promise<string | undefined> {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer within ${this.attemptTimeoutInMs} ms`)),
      this.attemptTimeoutInMs,
    );
    const onStop = (): void => controller.abort(new Error('the outbox was stopped'));
    this.stopController.signal.addEventListener('abort', onStop, { once: true });
    try {
      const response = await this.fetchImpl(this.options.url, {
        method: 'POST',
        body: item.body,
        signal: controller.signal,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'kvbot-webhook',
          [SIGNATURE_HEADER]: signBody(item.body, this.options.secret),
          [DELIVERY_HEADER]: item.deliveryId,
          [EVENT_HEADER]: item.event,
        },
      });
      // Free the connection; the receiver's answer body is not used.
      await response.body?.cancel().catch(() => undefined);
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (e) {
      const reason = controller.signal.aborted ? controller.signal.reason : e;
      const cause = (e as { cause?: { code?: string } } | null)?.cause?.code;
      return reason instanceof Error ? `${reason.message}${cause ? ` (${cause})` : ''}` : String(reason);
    } finally {
      clearTimeout(timer);
      this.stopController.signal.removeEventListener('abort', onStop);
    }
  }
}
