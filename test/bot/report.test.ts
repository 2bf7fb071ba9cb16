import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport, runReport } from '../../src/cli/commands/report.js';
import { createStorageFactory } from '../../src/adapters/storage/storage-factory.js';
import { summariseFeedback } from '../../src/core/feedback/report-summary.js';
import { feedbackKey, timeOrderedKey, toKeySegment } from '../../src/core/feedback/record-keys.js';
import type {
  FeedbackRecord,
  HumanRequestRecord,
  UnansweredQuestionRecord,
} from '../../src/core/feedback/feedback-records.js';
import { FEEDBACK_COLLECTIONS } from '../../dialogs/feedback-stores.js';
import { memoryFeedbackStores } from '../helpers/memory-feedback-stores.js';

const conversation = { channelId: 'msteams', conversationId: 'a:1' };
const vote = (entryId: string, helpful: boolean, user: string): FeedbackRecord => ({
  entryId,
  helpful,
  user: { id: user, name: user },
  conversation,
  at: '2026-01-01T00:00:00.000Z',
});
const unanswered = (question: string, at: string): UnansweredQuestionRecord => ({
  question,
  nearest: [],
  reason: 'no-match',
  user: { id: 'u', name: 'U' },
  conversation,
  at,
});

describe('feedback report summary', () => {
  it('counts votes per entry (most 👎 first) and groups unanswered questions ignoring case and punctuation', () => {
    const report = summariseFeedback(
      [
        vote('error-403', true, 'a'),
        vote('error-403', false, 'b'),
        vote('error-429', false, 'a'),
        vote('error-429', false, 'c'),
        vote('access-logging', true, 'a'),
      ],
      [
        unanswered('What is the weather?', '2026-01-01T00:00:00.000Z'),
        unanswered('what is the  WEATHER', '2026-01-03T00:00:00.000Z'),
        unanswered('pizza', '2026-01-02T00:00:00.000Z'),
      ],
      [{ ref: 'H-1', user: { id: 'u', name: 'U' }, conversation, at: '2026-01-01T00:00:00.000Z', status: 'open' }],
    );
    expect(report.totals).toEqual({
      votes: 5,
      helpful: 2,
      notHelpful: 3,
      unanswered: 3,
      humanRequests: 1,
      openHumanRequests: 1,
    });
    expect(report.perEntry).toEqual([
      { entryId: 'error-429', helpful: 0, notHelpful: 2 },
      { entryId: 'error-403', helpful: 1, notHelpful: 1 },
      { entryId: 'access-logging', helpful: 1, notHelpful: 0 },
    ]);
    expect(report.topUnanswered).toEqual([
      { question: 'what is the  WEATHER', count: 2, lastAskedAt: '2026-01-03T00:00:00.000Z' },
      { question: 'pizza', count: 1, lastAskedAt: '2026-01-02T00:00:00.000Z' },
    ]);
  });

  it('escapes channel ids into valid, distinct record key segments', () => {
    expect(toKeySegment('29:1abc@x')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(toKeySegment('a_b')).not.toBe(toKeySegment('a:b'));
    expect(toKeySegment('..')).not.toContain('.');
    expect(feedbackKey('error-403', '29:1abc')).toMatch(/^error-403\/[A-Za-z0-9_-]+$/);
    expect(timeOrderedKey(new Date('2026-01-02T03:04:05.678Z'), 'x')).toBe('2026-01-02T03-04-05-678Z_x');
  });

  it('reads the records from the stores', async () => {
    const stores = memoryFeedbackStores();
    await stores.feedback.put(feedbackKey('error-403', 'a'), vote('error-403', false, 'a'));
    await stores.unanswered.put(timeOrderedKey(new Date(), '1'), unanswered('pizza', '2026-01-01T00:00:00.000Z'));
    const report = await buildReport(stores);
    expect(report.totals).toMatchObject({ votes: 1, notHelpful: 1, unanswered: 1 });
  });
});

describe('kvbot report', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it('summarises what is stored in the configured data directory, as JSON and as text', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-report-'));
    dirs.push(dataDir);
    const config = { dataDir, storage: { kind: 'file' as const, container: 'kvbot' } };
    const factory = createStorageFactory(config);
    await factory
      .recordStore<FeedbackRecord>(FEEDBACK_COLLECTIONS.feedback)
      .put(feedbackKey('error-403', '29:user'), vote('error-403', true, '29:user'));
    await factory
      .recordStore<UnansweredQuestionRecord>(FEEDBACK_COLLECTIONS.unanswered)
      .put(timeOrderedKey(new Date(), 'q1'), unanswered('pizza?', '2026-01-01T00:00:00.000Z'));
    await factory
      .recordStore<HumanRequestRecord>(FEEDBACK_COLLECTIONS.humanRequests)
      .put(timeOrderedKey(new Date(), 'H-1'), {
        ref: 'H-1',
        user: { id: 'u', name: 'U' },
        conversation,
        at: '2026-01-01T00:00:00.000Z',
        status: 'open',
      });

    const out: string[] = [];
    expect(await runReport(['--json'], config, (t) => out.push(t))).toBe(0);
    const json = JSON.parse(out[0] ?? '{}');
    expect(json.totals).toEqual({
      votes: 1,
      helpful: 1,
      notHelpful: 0,
      unanswered: 1,
      humanRequests: 1,
      openHumanRequests: 1,
    });
    expect(json.perEntry).toEqual([{ entryId: 'error-403', helpful: 1, notHelpful: 0 }]);

    const text: string[] = [];
    expect(await runReport([], config, (t) => text.push(t))).toBe(0);
    expect(text[0]).toContain(`file:${dataDir}`);
    expect(text[0]).toMatch(/error-403\s+👍\s+1\s+👎\s+0/);
    expect(text[0]).toContain('1×  pizza?');
  });

  it('--since reads each collection through its time index (SQLite): only the window counts', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-report-'));
    dirs.push(dataDir);
    const config = { dataDir, storage: { kind: 'sqlite' as const, container: 'kvbot' } };
    const factory = createStorageFactory(config);
    await factory
      .recordStore<FeedbackRecord>(FEEDBACK_COLLECTIONS.feedback)
      .put(feedbackKey('error-403', '29:a'), { ...vote('error-403', true, '29:a'), at: '2026-01-01T00:00:00.000Z' });
    await factory
      .recordStore<FeedbackRecord>(FEEDBACK_COLLECTIONS.feedback)
      .put(feedbackKey('error-403', '29:b'), { ...vote('error-403', false, '29:b'), at: '2026-03-01T00:00:00.000Z' });
    await factory
      .recordStore<UnansweredQuestionRecord>(FEEDBACK_COLLECTIONS.unanswered)
      .put('old', unanswered('pizza?', '2026-01-01T00:00:00.000Z'));
    await factory
      .recordStore<UnansweredQuestionRecord>(FEEDBACK_COLLECTIONS.unanswered)
      .put('new', unanswered('pasta?', '2026-03-02T00:00:00.000Z'));
    factory.close();
    const out: string[] = [];
    expect(await runReport(['--json', '--since', '2026-02-01'], config, (t) => out.push(t))).toBe(0);
    const json = JSON.parse(out[0] ?? '{}');
    expect(json.totals).toMatchObject({ votes: 1, helpful: 0, notHelpful: 1, unanswered: 1 });
    expect(json.topUnanswered.map((q: { question: string }) => q.question)).toEqual(['pasta?']);
    const err: string[] = [];
    expect(await runReport(['--since', 'last week'], config, (t) => err.push(t))).toBe(2);
    expect(err[0]).toContain('ISO 8601');
  });

  it('an empty data directory gives an empty report, and a bad option a usage message', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-report-'));
    dirs.push(dataDir);
    const config = { dataDir, storage: { kind: 'file' as const, container: 'kvbot' } };
    const out: string[] = [];
    expect(await runReport(['--json'], config, (t) => out.push(t))).toBe(0);
    expect(JSON.parse(out[0] ?? '{}').totals.votes).toBe(0);
    const err: string[] = [];
    expect(await runReport(['--bogus'], config, (t) => err.push(t))).toBe(2);
    expect(err[0]).toContain('usage: kvbot report');
  });
});
