/**
 * Every `kvbot` command reads its flags with `node:util` parseArgs (src/cli/command-options.ts)
 * and refuses an unknown option the same way: exit code 2, the option named with the command's
 * real options, and the usage line; nothing is read or started first.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const COMMANDS: Array<[string, string[]]> = [
  ['ask', ['--bogus', 'why?']],
  ['eval', ['--bogus', 'set.jsonl']],
  ['audit', ['list', '--bogus']],
  ['audit', ['verify', '--bogus']],
  ['data', ['migrate', '--bogus']],
  ['emulator', ['--bogus']],
  ['kb', ['check', '--bogus']],
  ['kb', ['accept', 'p.md', '--bogus']],
  ['probe', ['permission-check', '--bogus']],
  ['triage', ['--bogus', 'some error']],
  ['report', ['--bogus']],
  ['chat', ['--bogus']],
];

afterEach(() => vi.restoreAllMocks());

describe('kvbot <command> --bogus', () => {
  it.each(COMMANDS)('kvbot %s %j exits 2 naming the option and the usage', async (name, args) => {
    const errors: string[] = [];
    const logs: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { errors.push(a.join(' ')); });
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { logs.push(a.join(' ')); });
    const command = (await import(`../../src/cli/commands/${name}.js`)) as { run(args: string[]): Promise<number> };
    expect(await command.run(args)).toBe(2);
    const said = [...errors, ...logs].join('\n');
    expect(said).toMatch(new RegExp(`^kvbot ${name}( \\w+)?: unknown option "--bogus" \\((options: --|this command takes no options)`));
    expect(said).toContain(`usage: kvbot ${name}`);
  });

  it('a value-taking option without its value, and a flag given a value, are named too', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { errors.push(a.join(' ')); });
    const audit = (await import('../../src/cli/commands/audit.js')) as { run(args: string[]): Promise<number> };
    expect(await audit.run(['list', '--limit'])).toBe(2);
    expect(await audit.run(['verify', '--full=yes'])).toBe(2);
    expect(await audit.run(['list', '--limit', '0'])).toBe(2);
    expect(errors.map((e) => e.split('\n')[0])).toEqual([
      'kvbot audit list: --limit needs a value',
      'kvbot audit verify: --full takes no value',
      'kvbot audit list: --limit needs a whole number ≥ 1, got "0"',
    ]);
  });
});
