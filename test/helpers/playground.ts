/**
 * Runs Microsoft 365 Agents Playground (a local Teams emulator) against a bot for end-to-end
 * tests: its own port, conversation id, log and recording files in a temp dir, no browser
 * auto-open, no telemetry. See /work/shared/notes/agents-playground.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import { freePort } from './free-port.js';

/** A running playground. */
export interface Playground {
  url: string;
  port: number;
  conversationId: string;
  dir: string;
  /** Everything it printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** The Debian chromium path, or undefined when it is not installed. */
export function findChromium(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'chromium');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

async function waitUntil(
  check: () => Promise<boolean>,
  timeoutInMs: number,
  what: string,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutInMs} ms waiting for ${what}. Playground output:\n${output()}`);
}

/** Starts the playground for a bot's messaging endpoint and waits until it answers /_debug/ping. */
export async function startPlayground(
  botMessagesUrl: string,
  options: { timeoutInMs?: number } = {},
): Promise<Playground> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-playground-'));
  const requested = await freePort();
  const conversationId = `kvbot-e2e-${process.pid}-${Date.now()}`;
  const bin = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'agentsplayground');
  // The project's playground config (real GUIDs for the demo users), with this run's chat id.
  const config = fs
    .readFileSync(path.join(PROJECT_ROOT, '.m365agentsplayground.yml'), 'utf8')
    .replace(/^(personalChat:\n\s+id:) .*$/m, `$1 ${conversationId}`);
  fs.writeFileSync(path.join(dir, '.m365agentsplayground.yml'), config);
  let printed = '';
  const child: ChildProcess = spawn(
    bin,
    [
      'start',
      '-e',
      botMessagesUrl,
      '-c',
      'msteams',
      '--disable-telemetry',
      '-p',
      String(requested),
      '--conversation-id',
      conversationId,
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dir, 'playground.log'),
        M365_AGENTS_PLAYGROUND_RECORDING_FILE: path.join(dir, 'events_recording.log'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let port = requested;
  const onData = (chunk: Buffer): void => {
    printed += chunk.toString('utf8');
    // If the requested port was taken meanwhile, the playground picks another and says so.
    const m = /Listening on (\d+)/.exec(printed);
    if (m?.[1]) port = Number(m[1]);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`playground exited with ${child.exitCode}:\n${printed}`);
        const res = await fetch(`http://127.0.0.1:${port}/_debug/ping`, { signal: AbortSignal.timeout(1_000) });
        return res.ok && (await res.text()).includes('pong');
      },
      options.timeoutInMs ?? 30_000,
      'the playground to answer /_debug/ping',
      () => printed,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `http://localhost:${port}`, port, conversationId, dir, output: () => printed, stop };
}
