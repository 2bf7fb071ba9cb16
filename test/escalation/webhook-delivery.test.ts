import { afterEach, describe, expect, it } from 'vitest';
import { WebhookOutbox, type WebhookOutboxOptions } from '../../src/adapters/webhook/webhook-outbox.js';
import type { OutboxItem } from '../../src/adapters/webhook/outbox-item.js';
import { signBody, verifySignature } from '../../src/adapters/webhook/webhook-signature.js';
import { backoffDelayInMs } from '../../src/adapters/webhook/backoff.js';
import { EscalationService } from '../../src/core/escalation/escalation-service.js';
import type { Case } from '../../src/core/escalation/case-types.js';
import type { CaseCounter } from '../../src/core/escalation/escalation-service.js';
import type { SupportChannel } from '../../src/core/escalation/escalation-ports.js';
import { ALEX, ISAIAH, RecordingNotifier, packet } from './helpers/escalation-fixture.js';
import { RecordCounters } from '../../src/core/storage/counter.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';
import { WebhookReceiver, waitFor } from './helpers/webhook-receiver.js';

const SECRET = 'test-webhook-secret';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function receiver(): Promise<WebhookReceiver> {
  const r = new WebhookReceiver();
  await r.start();
  cleanups.push(() => r.stop());
  return r;
}

function outbox(
  url: string,
  store = new MemoryRecordStore<OutboxItem>(),
  extra: Partial<WebhookOutboxOptions> = {},
): WebhookOutbox {
  const o = new WebhookOutbox({
    url,
    secret: SECRET,
    store,
    backoff: { baseDelayInMs: 5, maxDelayInMs: 40, jitterRatio: 0.5 },
    attemptTimeoutInMs: 5_000,
    ...extra,
  });
  cleanups.push(() => o.stop());
  return o;
}

async function serviceWith(sink: WebhookOutbox): Promise<EscalationService> {
  let n = 0;
  const service = new EscalationService(
    {
      cases: new MemoryRecordStore<Case>(),
      counters: new RecordCounters(new MemoryRecordStore<CaseCounter>()),
      supportChannels: new MemoryRecordStore<SupportChannel>(),
      notifier: new RecordingNotifier(),
      supportMembers: { isSupportMember: async () => true },
      audit: async () => undefined,
      events: sink,
      clock: () => new Date(),
      newId: () => `case-${++n}`,
    },
    { adminIds: [ISAIAH.aadObjectId!], reminderAfterInMs: 60_000 },
  );
  await service.registerSupportChannel({ conversation: { id: '19:support' } }, ISAIAH);
  return service;
}

describe('webhook signature', () => {
  it('verifies a signature made with the secret and rejects anything else', () => {
    const body = '{"event":"case.opened"}';
    const header = signBody(body, SECRET);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(body, header, SECRET)).toBe(true);
    expect(verifySignature(Buffer.from(body), header.toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
    expect(verifySignature(`${body} `, header, SECRET)).toBe(false);
    expect(verifySignature(body, header, 'other-secret')).toBe(false);
    expect(verifySignature(body, undefined, SECRET)).toBe(false);
    expect(verifySignature(body, 'sha256=abc', SECRET)).toBe(false);
    expect(verifySignature(body, 'md5=00', SECRET)).toBe(false);
    expect(verifySignature(body, header, '')).toBe(false);
  });

  it('backoff doubles up to the ceiling and jitter only shortens', () => {
    const o = { baseDelayInMs: 100, maxDelayInMs: 1_000, jitterRatio: 0.2 };
    expect([1, 2, 3, 4, 5, 50].map((n) => backoffDelayInMs(n, o, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelayInMs(3, o, () => 1)).toBe(320);
  });
});

describe('webhook outbox', () => {
  it('delivers a signed case event with the delivery and event headers', async () => {
    const r = await receiver();
    const box = outbox(r.url);
    const service = await serviceWith(box);
    const opened = await service.open({
      trigger: 'user-request',
      requester: ALEX,
      packet: packet({ messages: [{ at: 'x', text: 'token Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig fails' }] }),
      userConversation: { serviceUrl: 'https://smba.example', conversation: { id: 'secret-conv' } },
    });
    if (!opened.ok) throw new Error(opened.message);
    await waitFor(() => r.requests.length === 1, 'one delivery');
    const req = r.requests[0]!;
    expect(verifySignature(req.body, req.headers['x-kvbot-signature'], SECRET)).toBe(true);
    const payload = JSON.parse(req.body);
    expect(payload.event).toBe('case.opened');
    expect(req.headers['x-kvbot-event']).toBe('case.opened');
    expect(req.headers['x-kvbot-delivery']).toBe(payload.deliveryId);
    expect(payload.case).toMatchObject({
      number: 'KV-1001',
      status: 'open',
      requester: { name: 'Alex Wilber' },
      vault: 'kv-payments',
    });
    expect(typeof payload.at).toBe('string');
    // No conversation references, no pasted tokens.
    expect(req.body).not.toContain('secret-conv');
    expect(req.body).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    await waitFor(async () => (await box.pending()).length === 0, 'outbox emptied');
  });

  it('a receiver answering 500 twice then 200 gets the event three times with one delivery id, then the outbox is empty', async () => {
    const r = await receiver();
    r.script = [500, 500, 200];
    const store = new MemoryRecordStore<OutboxItem>();
    const box = outbox(r.url, store);
    const service = await serviceWith(box);
    await service.open({ trigger: 'fix-failed', requester: ALEX, packet: packet() });
    await waitFor(() => r.requests.length === 3, 'three attempts');
    await waitFor(() => store.size === 0, 'delivered item removed');
    expect(r.requests.map((q) => q.status)).toEqual([500, 500, 200]);
    expect(new Set(r.requests.map((q) => q.headers['x-kvbot-delivery'])).size).toBe(1);
    expect(new Set(r.requests.map((q) => q.body)).size).toBe(1);
    // Nothing is sent again once delivered.
    await new Promise((res) => setTimeout(res, 100));
    expect(r.requests).toHaveLength(3);
  });

  it('receiver down: the event stays in the outbox, and a later start delivers it', async () => {
    const r = new WebhookReceiver();
    await r.start();
    const url = r.url;
    const port = Number(new URL(url).port);
    await r.stop();
    const store = new MemoryRecordStore<OutboxItem>();
    const first = outbox(url, store);
    const service = await serviceWith(first);
    const opened = await service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    expect(opened.ok).toBe(true);
    await waitFor(async () => ((await first.pending())[0]?.attempts ?? 0) >= 2, 'two failed attempts');
    await first.stop();
    const [kept] = await first.pending();
    expect(kept).toMatchObject({ event: 'case.opened', state: 'pending' });
    expect(kept?.lastError).toBeTruthy();

    // The receiver comes back (same port) and a new process starts over the same outbox.
    const back = new WebhookReceiver();
    await back.start(port);
    cleanups.push(() => back.stop());
    const second = outbox(url, store);
    await second.start();
    await waitFor(() => back.requests.length === 1, 'delivery after restart');
    await waitFor(() => store.size === 0, 'outbox emptied');
    expect(JSON.parse(back.requests[0]!.body)).toMatchObject({ event: 'case.opened', deliveryId: kept?.deliveryId });
  });

  it('a slow receiver does not block open(): cases keep opening while a delivery hangs', async () => {
    const r = await receiver();
    r.script = ['hold'];
    const store = new MemoryRecordStore<OutboxItem>();
    const box = outbox(r.url, store, { attemptTimeoutInMs: 60_000 });
    const service = await serviceWith(box);
    await service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    await waitFor(() => r.heldCount === 1, 'first delivery held by the receiver');
    const second = await service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    // open() came back while the receiver still holds the first request.
    expect(second.ok).toBe(true);
    expect(r.heldCount).toBe(1);
    await waitFor(() => r.requests.length === 2, 'second event delivered independently');
    r.releaseHeld();
    await waitFor(() => store.size === 0, 'both delivered');
  });

  it('gives up after maxAttempts when configured, keeping the item marked failed', async () => {
    const r = await receiver();
    r.script = [500, 500, 500];
    const store = new MemoryRecordStore<OutboxItem>();
    const box = outbox(r.url, store, { maxAttempts: 2 });
    await box.publish({
      event: 'case.rated',
      at: new Date().toISOString(),
      case: {
        id: 'c',
        number: 'KV-1',
        status: 'resolved',
        priority: 'normal',
        trigger: 'user-request',
        requester: { id: 'u', name: 'U' },
        subject: '',
        correlationIds: [],
        createdAt: '',
        updatedAt: '',
      },
    });
    await waitFor(async () => (await box.pending())[0]?.state === 'failed', 'marked failed');
    expect(r.requests).toHaveLength(2);
    expect((await box.pending())[0]).toMatchObject({ attempts: 2, lastError: 'HTTP 500' });
  });

  it('refuses a bad URL or a missing secret with a clear message', () => {
    expect(() => new WebhookOutbox({ url: 'ftp://x', secret: 's', store: new MemoryRecordStore() })).toThrow(
      /http:\/\/ or https:\/\//,
    );
    expect(() => new WebhookOutbox({ url: 'https://x', secret: '', store: new MemoryRecordStore() })).toThrow(/secret/);
  });
});
