/**
 * `npm run package` end to end: the app zip, unpacked into an empty folder with nothing else
 * (no repo, no dev dependencies, no tsx), starts with plain `node`, answers /healthz and a
 * question over the Bot Framework protocol, and SIGTERM ends it cleanly — directly and through
 * `npm run start:prod`.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { unzip, zipEntries } from '../../scripts/package/zip.js';
import { isCard, textOf } from '../helpers/card-assertions.js';

const run = promisify(execFile);

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a command in `cwd` with a clean environment and waits for the bot's "bot listening" line and a healthy /healthz. */
async function startApp(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (done) throw new Error(`${command} ${args.join(' ')} exited before it was healthy:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${command} ${args.join(' ')} was not healthy in 90 s:\n${output}`);
    }
    const port = /"message":"bot listening","url":"http:\/\/localhost:(\d+)\//.exec(output)?.[1];
    if (port) {
      const url = `http://127.0.0.1:${port}`;
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { child, url, output: () => output, exited };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the deployable app zip (npm run package)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-app-'));
  const out = path.join(work, 'out');
  const appDir = path.join(work, 'unpacked');
  const dataDir = path.join(work, 'data');
  const started: Started[] = [];

  beforeAll(async () => {
    // The real command, as a developer or CI runs it (compile, prune, zip).
    await run('npm', ['run', '-s', 'package', '--', '--app-only', '--out', out], {
      cwd: PROJECT_ROOT,
      maxBuffer: 10 * 1024 * 1024,
    });
    await unzip(path.join(out, 'kvbot-app.zip'), appDir);
  }, 600_000);

  afterAll(async () => {
    for (const s of started) s.child.kill('SIGKILL');
    // Asynchronous: tens of thousands of files; a synchronous rm stalls the worker's RPC to vitest.
    await fs.promises.rm(work, { recursive: true, force: true });
  }, 300_000);

  it('holds compiled code, production dependencies only, the knowledge base and the sandbox fixtures', async () => {
    const entries = await zipEntries(path.join(out, 'kvbot-app.zip'));
    expect(entries).toContain('dist/src/index.js');
    expect(entries).toContain('package.json');
    expect(entries).toContain('fixtures/demo-tenant.json');
    expect(entries.some((e) => e.startsWith('knowledge/') && e.endsWith('.md'))).toBe(true);
    expect(entries.some((e) => e.startsWith('node_modules/botbuilder/'))).toBe(true);
    expect(entries.some((e) => e.startsWith('node_modules/@azure/monitor-opentelemetry/'))).toBe(true);
    // Dev dependencies and sources stay out.
    for (const dev of [
      'node_modules/vitest/',
      'node_modules/typescript/',
      'node_modules/eslint/',
      'node_modules/azurite/',
      'src/',
      'test/',
    ]) {
      expect(
        entries.some((e) => e.startsWith(dev)),
        dev,
      ).toBe(false);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      devDependencies?: unknown;
    };
    expect(pkg.scripts['start:prod']).toBe('exec node dist/src/index.js');
    expect(pkg.scripts.start).toBe('exec node dist/src/index.js');
    expect(pkg.devDependencies).toBeUndefined();
  });

  it('starts with plain node in an empty folder, answers /healthz and a question over the protocol, and stops on SIGTERM', async () => {
    const app = await startApp(process.execPath, ['dist/src/index.js'], appDir, {
      KVBOT_DATA_DIR: dataDir,
      KVBOT_WATCH_KNOWLEDGE: 'false',
    });
    started.push(app);
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as {
      status: string;
      kbEntries: number;
      sandbox: boolean;
    };
    expect(health).toMatchObject({ status: 'ok', sandbox: true });
    expect(health.kbEntries).toBeGreaterThan(10);

    const client = await ProtocolClient.start({ botUrl: `${app.url}/api/messages`, channelId: 'msteams' });
    try {
      const result = await client.sendText("I can't list secrets in my key vault");
      expect(result.status).toBe(200);
      const answer = result.replies.find(isCard);
      expect(answer, JSON.stringify(result.replies).slice(0, 500)).toBeDefined();
      expect(textOf(answer).toLowerCase()).toContain('list');
    } finally {
      await client.close();
    }
    // Logs are JSON lines on stdout.
    expect(app.output()).toContain('"message":"bot listening"');
    // The compiled matcher thread (dist/…/matcher-thread-main.js) answered, not the fallback.
    if (os.availableParallelism() > 1) expect(app.output()).toContain('"message":"matching on a worker thread"');
    expect(app.output()).not.toContain('matcher thread');

    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.output()).toContain('"message":"bot stopped"');
  }, 120_000);

  it('npm run start:prod runs the same command, and SIGTERM to npm stops the bot (nothing keeps the port)', async () => {
    const app = await startApp('npm', ['run', 'start:prod'], appDir, {
      KVBOT_DATA_DIR: dataDir,
      KVBOT_WATCH_KNOWLEDGE: 'false',
    });
    started.push(app);
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.signal === 'SIGTERM' || exit.code === 0, JSON.stringify(exit)).toBe(true);
    // The bot itself is gone, not only npm: its port refuses connections.
    let reachable = true;
    for (let i = 0; i < 50 && reachable; i++) {
      reachable = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(500) }).then(
        () => true,
        () => false,
      );
      if (reachable) await new Promise((r) => setTimeout(r, 100));
    }
    expect(reachable).toBe(false);
    expect(app.output()).toContain('"message":"bot stopped"');
  }, 120_000);
});
