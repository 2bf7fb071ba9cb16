import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseProbeArgs, run } from '../../src/cli/commands/probe.js';

describe('kvbot probe argument parsing', () => {
  it('reads the probe name and flags, in either --flag value or --flag=value form', () => {
    expect(
      parseProbeArgs([
        'permission-check',
        '--vault',
        'kv-a',
        '--principal=abc-123',
        '--operation',
        'keys/sign',
        '--client-ip',
        '1.2.3.4',
        '--json',
      ]),
    ).toEqual({
      name: 'permission-check',
      json: true,
      args: { vault: 'kv-a', principal: 'abc-123', operation: 'keys/sign', clientIp: '1.2.3.4' },
    });
  });

  it.each([
    [['permission-check', '--vault'], /--vault needs a value/],
    [['permission-check', '--vault', '--json'], /--vault needs a value/],
    [['permission-check', '--bogus', 'x'], /unknown option "--bogus" \(options: --vault, --principal/],
    [['permission-check', 'extra'], /unexpected argument "extra"/],
  ])('refuses %j', (argv, message) => {
    const r = parseProbeArgs(argv);
    expect('error' in r && r.error).toMatch(message);
  });
});

describe('kvbot probe', () => {
  const errors: string[] = [];
  const logs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    errors.length = 0;
    logs.length = 0;
  });
  function capture() {
    vi.spyOn(console, 'error').mockImplementation((m: unknown) => {
      errors.push(String(m));
    });
    vi.spyOn(console, 'log').mockImplementation((m: unknown) => {
      logs.push(String(m));
    });
  }

  it.each([
    [['permission-check', '--vault', 'kv-payments'], /needs the object id/],
    [['nope', '--vault', 'kv-payments'], /unknown probe "nope"/],
    [['logging-status'], /--vault is required/],
    [
      ['permission-check', '--vault', 'kv-payments', '--principal', '00000000-0000-0000-0000-0000000000020'],
      /not an Entra object id/,
    ],
    [
      ['permission-check', '--vault', 'kv-payments', '--principal', 'x', '--operation', 'secrets/fly'],
      /not an Entra object id|not a secrets permission/,
    ],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    capture();
    expect(await run(argv)).toBe(2);
    expect(errors.join('\n')).toMatch(message);
    expect(logs).toEqual([]);
  });

  it('runs a probe in sandbox mode against the demo tenant and prints the JSON contract', async () => {
    capture();
    vi.stubEnv('KVBOT_EMULATOR_URL', '');
    vi.stubEnv('AZURE_SUBSCRIPTION_IDS', '');
    expect(await run(['arm-export', '--vault', 'kv-payments', '--json'])).toBe(0);
    const out = JSON.parse(logs[0]!) as Record<string, unknown>;
    expect(out).toMatchObject({ probe: 'arm-export', vault: 'kv-payments', sandbox: true });
    expect(['access-policy', 'rbac']).toContain(out.model);
    expect(['allowed', 'denied', 'undetermined']).toContain(out.verdict);
    expect(typeof out.reason).toBe('string');
    expect(Array.isArray(out.evidence) && Array.isArray(out.fixes)).toBe(true);
    vi.unstubAllEnvs();
  });
});
