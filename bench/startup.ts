/**
 * Cold start and memory: spawns the bot exactly as `npm start` runs it (Node with the tsx loader,
 * sandbox mode, a fresh data dir), measures the time until `GET /healthz` answers 200, then reads
 * the process's resident memory (VmRSS) at rest and after a burst of FAQ questions over the real
 * Bot Framework protocol is not needed here: /healthz readiness is the contract being measured.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** Result of one cold start. */
export interface StartupBenchResult {
  coldStartMs: number;
  rssMbAtRest: number;
}

const ROOT = path.resolve(__dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Starts the bot once and measures cold start to a healthy /healthz and resident memory. */
export async function runStartupBench(): Promise<StartupBenchResult> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      KVBOT_DATA_DIR: dataDir,
      KVBOT_WATCH_KNOWLEDGE: 'false',
      LOG_LEVEL: 'warn',
      MicrosoftAppId: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`bot not healthy within 60 s: ${stderr.slice(-2000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const coldStartMs = Math.round(performance.now() - started);
    await new Promise((r) => setTimeout(r, 500));
    return { coldStartMs, rssMbAtRest: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
