import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBotProcess } from '../helpers/bot-process.js';

describe('npm start (src/index.ts) as a process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-proc-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves /healthz with the real KB, and on %s stops cleanly with exit code 0',
    async (signal) => {
      // A clean environment (the helper passes only PATH plus these): no app id or Azure settings leak in.
      const bot = await startBotProcess({ env: { KVBOT_DATA_DIR: dataDir }, startTimeoutInMs: 90_000 });
      try {
        const health = await fetch(`${bot.url}/healthz`);
        const body = (await health.json()) as { status: string; kbEntries: number; sandbox: boolean };
        expect(body.status).toBe('ok');
        expect(body.kbEntries).toBeGreaterThan(0);
        expect(body.sandbox).toBe(true);
        expect(bot.log()).toContain('UNAUTHENTICATED');
        bot.kill(signal);
        expect((await bot.exited).code).toBe(0);
        expect(bot.log()).toContain('"message":"bot stopped"');
      } finally {
        await bot.stop();
      }
    },
    120_000,
  );
});
