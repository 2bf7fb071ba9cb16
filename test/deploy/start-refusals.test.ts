/**
 * The composition root refuses bad settings with the project's ConfigError (naming the setting)
 * and a failed start leaves nothing behind: no temporary certificate folder of the sandbox
 * emulator, no process. Each case runs `src/index.ts` as a process with its own TMPDIR.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kvbot-refusals-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs the bot with `env` and a fresh TMPDIR until it exits; returns its exit code, output and what it left in TMPDIR. */
async function failedStart(
  name: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string; leftovers: string[] }> {
  const tmp = path.join(work, name);
  fs.mkdirSync(tmp);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src', 'index.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      TMPDIR: tmp,
      PORT: '0',
      KVBOT_DATA_DIR: path.join(tmp, 'data'),
      KVBOT_WATCH_KNOWLEDGE: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  // tsx keeps its compile cache in TMPDIR; that is tsx's, not the bot's (production runs plain node).
  const leftovers = fs.readdirSync(tmp).filter((f) => !f.startsWith('tsx-') && f !== 'data');
  return { code, output, leftovers };
}

const APP_ID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';

describe('start-up refusals (issue 9 item 4)', () => {
  it("SingleTenant without a tenant id: ConfigError naming MicrosoftAppTenantId, not botbuilder's AssertionError", async () => {
    const r = await failedStart('single-tenant', {
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppPassword: 'x',
      KVBOT_SANDBOX: 'true',
    });
    expect(r.code).toBe(1);
    expect(r.output).toContain('ConfigError: MicrosoftAppType=SingleTenant needs MicrosoftAppTenantId');
    expect(r.output).not.toContain('AssertionError');
    expect(r.leftovers).toEqual([]);
  }, 120_000);

  it('an app id without Azure settings: refused, naming AZURE_SUBSCRIPTION_IDS and KVBOT_SANDBOX', async () => {
    const r = await failedStart('no-azure', {
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(
      /ConfigError: MicrosoftAppId is set but AZURE_SUBSCRIPTION_IDS is not.*KVBOT_SANDBOX=true/,
    );
    expect(r.leftovers).toEqual([]);
  }, 120_000);

  it('subscription ids that are not GUIDs: refused, naming the setting and the value', async () => {
    const r = await failedStart('bad-subs', { AZURE_SUBSCRIPTION_IDS: 'not-a-guid' });
    expect(r.code).toBe(1);
    expect(r.output).toContain(
      'ConfigError: AZURE_SUBSCRIPTION_IDS must be comma-separated GUIDs; not a GUID: "not-a-guid"',
    );
  }, 120_000);

  it("a start that fails after the sandbox emulator is up (port taken) removes the emulator's certificate folder", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await failedStart('port-taken', { PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.output).toContain('EADDRINUSE');
      expect(r.output).toContain('embedded emulator'); // the sandbox did start before the failure
      expect(r.leftovers).toEqual([]);
    } finally {
      blocker.close();
    }
  }, 120_000);
});
