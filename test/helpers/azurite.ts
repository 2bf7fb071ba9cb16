/**
 * Starts a throwaway Azurite blob service for a test file: in memory, on an ephemeral port on
 * loopback (port 0, read back from Azurite's "listens on" line, so there is no pick-then-bind race).
 * Call `stop()` in afterAll; it sends SIGTERM and waits for the process to exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './free-port.js';

/** The well-known development account key Azurite accepts (public, not a secret). */
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite. */
export interface Azurite {
  port: number;
  /** Where it listens, as Azurite prints it (`https://…` when started with `--cert`). */
  url: string;
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * Spawns Azurite and resolves once it accepts connections. `extraArgs` are added to the command line
 * (e.g. `--oauth basic --cert … --key …` for HTTPS with bearer tokens).
 */
export async function startAzurite(options: { timeoutInMs?: number; extraArgs?: string[] } = {}): Promise<Azurite> {
  const main = path.resolve(__dirname, '../../node_modules/azurite/dist/src/blob/main.js');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      '--silent',
      '--inMemoryPersistence',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      ...(options.extraArgs ?? []),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`Azurite did not start within ${options.timeoutInMs ?? 20_000} ms. Output:\n${output}`));
    }, options.timeoutInMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listens on (https?:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code} before listening. Output:\n${output}`));
    });
  });
  const port = Number(new URL(url).port);
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
  return {
    port,
    url,
    connectionString,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Starts a throwaway Azurite table service (in memory, loopback). The table service does not
 * print the port it bound when given port 0, so a free port is picked first and the start is
 * retried if another process took it in between.
 */
export async function startAzuriteTables(options: { timeoutInMs?: number } = {}): Promise<Azurite> {
  const main = path.resolve(__dirname, '../../node_modules/azurite/dist/src/table/main.js');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      process.execPath,
      [
        main,
        '--silent',
        '--inMemoryPersistence',
        '--tableHost',
        '127.0.0.1',
        '--tablePort',
        String(port),
        '--skipApiVersionCheck',
        '--disableTelemetry',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGTERM');
          reject(
            new Error(`Azurite (tables) did not start within ${options.timeoutInMs ?? 20_000} ms. Output:\n${output}`),
          );
        }, options.timeoutInMs ?? 20_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('successfully started')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`Azurite (tables) exited with code ${code} before listening. Output:\n${output}`));
        });
      });
    } catch (e) {
      lastError = e;
      continue;
    }
    return {
      port,
      url: `http://127.0.0.1:${port}`,
      connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_ACCOUNT_KEY};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
      stop: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
  }
  throw lastError;
}
