/**
 * Runs the real composition root (`src/index.ts`, what `npm start` runs) as a child process for
 * tests that need whole bot processes: scale-out (several instances on one Azurite), restarts,
 * signals. The child gets a clean environment (PATH plus what the test passes), so nothing from
 * the developer's shell (MicrosoftAppId, Azure settings) leaks in.
 *
 * Readiness: with `PORT=0` (the default) the bound URL is read from the bot's own
 * `"bot listening"` log line (so LOG_LEVEL must be `debug` or `info`, the default here); with a
 * fixed port, `/healthz` is polled. Either way `startBotProcess` resolves only after `/healthz`
 * answered `{"status":"ok"}`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';

/** Options of {@link startBotProcess}. */
export interface BotProcessOptions {
  /** Environment of the bot on top of PATH (PORT defaults to 0, LOG_LEVEL to info). */
  env?: Record<string, string>;
  /** How long to wait for `/healthz` (default 90 s: CI machines are busy). */
  startTimeoutInMs?: number;
  /** A name for failure messages (e.g. "bot A"). */
  name?: string;
}

/** How a bot process ended. */
export interface BotProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running bot process. */
export interface BotProcess {
  readonly name: string;
  readonly pid: number;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** `${url}/api/messages`. */
  readonly messagesUrl: string;
  /** Everything it printed on stdout and stderr (JSON log lines), for failure messages. */
  log(): string;
  /** The parsed JSON log lines at `level` or above (`warn` → warn and error). */
  logLines(level?: 'debug' | 'info' | 'warn' | 'error'): Array<Record<string, unknown>>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<BotProcessExit>;
  /** SIGTERM, then SIGKILL if it has not exited within `timeoutInMs` (default 10 s). Idempotent. */
  stop(options?: { timeoutInMs?: number }): Promise<BotProcessExit>;
  /** Sends a signal without waiting (e.g. SIGKILL for a crash test). */
  kill(signal: NodeJS.Signals): void;
}

/** The bot did not become healthy in time, or exited first. Carries its output. */
export class BotProcessStartError extends Error {
  override readonly name = 'BotProcessStartError';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}\n--- bot output ---\n${output}`);
  }
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
// Children still running when the test worker exits (a failed beforeAll, a crash) are killed.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
    return res.ok && ((await res.json()) as { status?: string }).status === 'ok';
  } catch {
    return false;
  }
}

/** Spawns `node --import tsx src/index.ts` in the repo root and waits until `/healthz` is ok. */
export async function startBotProcess(options: BotProcessOptions = {}): Promise<BotProcess> {
  const name = options.name ?? 'bot';
  const env = { PORT: '0', LOG_LEVEL: 'info', ...options.env, PATH: process.env.PATH ?? '' };
  const fixedPort = Number(env.PORT);
  if (fixedPort === 0 && !['debug', 'info'].includes(env.LOG_LEVEL)) {
    throw new Error(
      `startBotProcess(${name}): with PORT=0 the URL is read from the "bot listening" log line, which LOG_LEVEL=${env.LOG_LEVEL} hides; use info or a fixed PORT.`,
    );
  }
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'index.ts')], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  let listeningUrl: string | undefined;
  const onData = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    listeningUrl ??= /"message":"bot listening","url":"(https?:\/\/[^"]+)\/api\/messages"/.exec(output)?.[1];
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<BotProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  let exit: BotProcessExit | undefined;
  void exited.then((e) => (exit = e));

  let stopping: Promise<BotProcessExit> | undefined;
  const stop = (stopOptions: { timeoutInMs?: number } = {}): Promise<BotProcessExit> => {
    stopping ??= (async () => {
      if (exit) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopOptions.timeoutInMs ?? 10_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    })();
    return stopping;
  };

  const timeoutInMs = options.startTimeoutInMs ?? 90_000;
  const deadline = Date.now() + timeoutInMs;
  let url: string | undefined;
  while (!url || !(await healthy(url))) {
    if (exit)
      throw new BotProcessStartError(
        `${name} exited (code ${exit.code}, signal ${exit.signal}) before it was healthy`,
        output,
      );
    if (Date.now() > deadline) {
      await stop();
      throw new BotProcessStartError(`${name} was not healthy within ${timeoutInMs} ms`, output);
    }
    url ??=
      fixedPort > 0
        ? `http://127.0.0.1:${fixedPort}`
        : listeningUrl?.replace('://localhost', '://127.0.0.1').replace('://[::]', '://127.0.0.1');
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = Number(new URL(url).port);
  return {
    name,
    pid: child.pid!,
    url,
    port,
    messagesUrl: `${url}/api/messages`,
    log: () => output,
    logLines: (level = 'debug') =>
      output
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        })
        .filter((l) => LEVELS.indexOf(l.level as (typeof LEVELS)[number]) >= LEVELS.indexOf(level)),
    exited,
    stop,
    kill: (signal) => {
      child.kill(signal);
    },
  };
}
