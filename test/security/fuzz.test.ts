/**
 * Seeded, bounded fuzzing of the real bot process (`src/index.ts` in sandbox mode) through its
 * HTTP endpoint: thousands of generated activities and card payloads, a few at a time. No answer
 * may be a 5xx other than botbuilder's 501 for invokes nobody handles, the process must not
 * crash, and afterwards it must still answer a question. The seed is printed on failure
 * (fast-check's report) and at the start; rerun with KVBOT_FUZZ_SEED=<seed>.
 *
 * Size: KVBOT_FUZZ_ACTIVITIES (default 2,000 per CI run), KVBOT_FUZZ_BATCH posted at a time
 * (default 8); `npm run fuzz` runs 10,000.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { isCard, textOf } from '../helpers/card-assertions.js';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import { postArb, type Posted } from './fuzz-activities.js';

const ACTIVITIES = Number(process.env.KVBOT_FUZZ_ACTIVITIES ?? 2_000);
const SEED = Number(process.env.KVBOT_FUZZ_SEED ?? Date.now() % 2_147_483_647);
/** Activities posted concurrently per generated case. */
const BATCH = Number(process.env.KVBOT_FUZZ_BATCH ?? 8);

/** CPU seconds a process has used (Linux /proc), for a load-independent cost figure; '?' elsewhere. */
function cpuSeconds(pid: number): string {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100).toFixed(1);
  } catch {
    return '?';
  }
}

describe(`fuzzing /api/messages (seed ${SEED}, ${ACTIVITIES} activities)`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-fuzz-'));
  let bot: BotProcess;
  let channel: ProtocolClient;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    bot = await startBotProcess({
      env: {
        KVBOT_DATA_DIR: dataDir,
        KVBOT_WATCH_KNOWLEDGE: 'false',
        KVBOT_ADMIN_IDS: '00000000-0000-0000-0000-000000000020',
        LOG_LEVEL: 'info',
      },
      name: 'fuzz',
    });
    channel = await ProtocolClient.start({ botUrl: bot.messagesUrl, timeoutInMs: 30_000 });
    process.stdout.write(`fuzz: seed ${SEED} (rerun with KVBOT_FUZZ_SEED=${SEED}), ${ACTIVITIES} activities\n`);
  }, 120_000);

  afterAll(async () => {
    await channel?.close();
    await bot?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const durations: number[] = [];
  async function post(p: Posted): Promise<number> {
    const t0 = Date.now();
    const res = await fetch(bot.messagesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: p.kind === 'json' ? JSON.stringify(p.body) : p.body,
      signal: AbortSignal.timeout(60_000),
    });
    await res.arrayBuffer();
    durations.push(Date.now() - t0);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    return res.status;
  }

  it(
    'answers every generated request without a 5xx (501 aside) and without crashing',
    async () => {
      const started = Date.now();
      const conversations = [
        'fuzz-personal',
        '19:fuzz@thread.tacv2',
        'fuzz-group',
        'a:fuzz',
        'fuzz-2',
        'fuzz-3',
        '19:fuzz2@thread.tacv2',
        'a:fuzz-4',
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.array(postArb(channel.serviceUrl, conversations), { minLength: BATCH, maxLength: BATCH }),
          async (batch) => {
            const got = await Promise.all(batch.map(post));
            for (const [i, status] of got.entries()) {
              if (status >= 500 && status !== 501)
                throw new Error(`HTTP ${status} for ${JSON.stringify(batch[i]).slice(0, 2_000)}`);
            }
          },
        ),
        // No shrinking runs against a stateful bot; the seed reproduces the run.
        { seed: SEED, numRuns: Math.ceil(ACTIVITIES / BATCH), endOnFailure: true },
      );
      durations.sort((a, b) => a - b);
      const p = (q: number): number => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
      process.stdout.write(
        `fuzz: ${durations.length} requests in ${Math.round((Date.now() - started) / 1000)} s (bot process CPU ${cpuSeconds(bot.pid)} s), statuses ${JSON.stringify(Object.fromEntries(statuses))}, latency p50 ${p(0.5)} ms p99 ${p(0.99)} ms max ${p(1)} ms\n`,
      );
      const exited = await Promise.race([
        bot.exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 100)),
      ]);
      expect(exited).toBe(false);
    },
    Math.max(600_000, ACTIVITIES * 200),
  );

  it('still answers a question afterwards, and logged no unhandled error', async () => {
    const client = await ProtocolClient.start({
      botUrl: bot.messagesUrl,
      conversationId: 'after-fuzz',
      timeoutInMs: 30_000,
    });
    try {
      const r = await client.sendText('how do I change access policy?');
      expect(r.status).toBe(200);
      const card = await client.waitFor((a) => isCard(a));
      expect(textOf(card)).toMatch(/access polic/i);
    } finally {
      await client.close();
    }
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const crashes = bot
      .log()
      .split('\n')
      .filter((l) => /unhandledRejection|uncaughtException|FATAL/i.test(l));
    expect(crashes).toEqual([]);
  }, 120_000);
});
