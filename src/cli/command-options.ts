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
export function parseCommandLine<const O extends OptionSpec>(command: string, args: string[], options: O, usage: string, allowPositionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (e) {
    // parseArgs' messages name the option ("Unknown option '--user'"); drop its advice about '--'.
    const reason = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '');
    throw new UsageError(`kvbot ${command}: ${reason}\n${usage}`);
  }
}

/** A whole number at least `min`, or UsageError naming the option. */
export function wholeNumber(command: string, option: string, value: string, usage: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`kvbot ${command}: ${option} needs a whole number${max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : ` ≥ ${min}`}, got "${value}"\n${usage}`);
  }
  return n;
}
