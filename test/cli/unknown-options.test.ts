/**
 * Every `kvbot` command reads its flags with `node:util` parseArgs (src/cli/command-options.ts)
 * and refuses an unknown option the same way: exit code 2, the option named with the command's
 * real options, and the usage line; nothing is read or started first.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ask from '../../src/cli/commands/ask.js';
import * as audit from '../../src/cli/commands/audit.js';
import * as chat from '../../src/cli/commands/chat.js';
import * as data from '../../src/cli/commands/data.js';
import * as emulator from '../../src/cli/commands/emulator.js';
import * as evalCommand from '../../src/cli/commands/eval.js';
import * as kb from '../../src/cli/commands/kb.js';
import * as probe from '../../src/cli/commands/probe.js';
import * as report from '../../src/cli/commands/report.js';
import * as triage from '../../src/cli/commands/triage.js';

const RUN: Record<string, (args: string[]) => Promise<number>> = {
  ask: ask.run,
  audit: audit.run,
  chat: chat.run,
  data: data.run,
  emulator: emulator.run,
  eval: evalCommand.run,
  kb: kb.run,
  probe: probe.run,
  report: report.run,
  triage: triage.run,
};

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
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
      errors.push(a.join(' '));
    });
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
      logs.push(a.join(' '));
    });
    expect(await RUN[name]!(args)).toBe(2);
    const said = [...errors, ...logs].join('\n');
    expect(said).toMatch(
      new RegExp(`^kvbot ${name}( \\w+)?: unknown option "--bogus" \\((options: --|this command takes no options)`),
    );
    expect(said).toContain(`usage: kvbot ${name}`);
  });

  it('a value-taking option without its value, and a flag given a value, are named too', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
      errors.push(a.join(' '));
    });
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
