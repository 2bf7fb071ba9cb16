import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

/** Starts `src/index.ts` (what `npm start` runs) as its own process on an ephemeral port. */
function startBotProcess(dataDir: string) {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(PROJECT_ROOT, 'src', 'index.ts')], {
    cwd: PROJECT_ROOT,
    // A clean environment: no MicrosoftAppId or Azure settings leak in from the developer's shell.
    env: { PATH: process.env.PATH ?? '', PORT: '0', KVBOT_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const listening = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      const m = /"message":"bot listening","url":"([^"]+)"/.exec(stderr);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`bot exited early with ${code}:\n${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, listening, exited, log: () => stderr };
}

describe('npm start (src/index.ts) as a process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-proc-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it.each(['SIGTERM', 'SIGINT'] as const)('serves /healthz with the real KB, and on %s stops cleanly with exit code 0', async (signal) => {
    const bot = startBotProcess(dataDir);
    try {
      const messagesUrl = await bot.listening;
      const health = await fetch(messagesUrl.replace('/api/messages', '/healthz'));
      const body = await health.json() as { status: string; kbEntries: number; sandbox: boolean };
      expect(body.status).toBe('ok');
      expect(body.kbEntries).toBeGreaterThan(0);
      expect(body.sandbox).toBe(true);
      expect(bot.log()).toContain('UNAUTHENTICATED');
      bot.child.kill(signal);
      expect(await bot.exited).toBe(0);
      expect(bot.log()).toContain('"message":"bot stopped"');
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });
});
