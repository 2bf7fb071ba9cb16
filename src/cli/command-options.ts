/**
 * Command-line options for every `kvbot` command, over `node:util` `parseArgs`: one way to read
 * flags, and one kind of mistake message (`kvbot <command>: <what is wrong>` plus the usage line)
 * instead of a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The option declarations of a command (what `parseArgs` takes as `options`). */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** A mistake on the command line; `message` is ready to print. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parsed flags and positional arguments. */
export interface CommandLine<V> {
  values: V;
  positionals: string[];
}

/**
 * Parses `args` for `command`. Unknown options, missing values and (unless `positionals` is
 * true) stray arguments throw UsageError with `usage` appended.
 */
export function parseCommandLine<const O extends OptionSpec>(
  command: string,
  args: string[],
  options: O,
  usage: string,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (e) {
    throw new UsageError(`kvbot ${command}: ${mistake(e as Error & { code?: string }, options)}\n${usage}`);
  }
}

/**
 * parseArgs' error in one short sentence of the same style for every command: `unknown option
 * "--user" (options: --bot, --as)`, `--vault needs a value`, `--json takes no value`,
 * `unexpected argument "x"` (its own messages differ per case and carry advice about `--`).
 */
function mistake(e: Error & { code?: string }, options: OptionSpec): string {
  const named = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const known = Object.keys(options).map((o) => `--${o}`);
      return `unknown option "${named}"${known.length ? ` (options: ${known.join(', ')})` : ' (this command takes no options)'}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(e.message) ? `${named} takes no value` : `${named} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${/'([^']*)'/.exec(e.message)?.[1] ?? ''}"`;
    default:
      return e.message;
  }
}

/** A whole number at least `min`, or UsageError naming the option. */
export function wholeNumber(
  command: string,
  option: string,
  value: string,
  usage: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(
      `kvbot ${command}: ${option} needs a whole number${max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : ` ≥ ${min}`}, got "${value}"\n${usage}`,
    );
  }
  return n;
}

/**
 * {@link parseCommandLine} for a command's `run`: a mistake is printed to `out` (stderr by
 * default) and gives undefined, so the command returns exit code 2.
 */
export function commandLineOrUsage<const O extends OptionSpec>(
  command: string,
  args: string[],
  options: O,
  usage: string,
  opts: { positionals?: boolean; out?: (text: string) => void } = {},
) {
  try {
    return parseCommandLine(command, args, options, usage, opts.positionals ?? false);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    (opts.out ?? console.error)(e.message);
    return undefined;
  }
}
