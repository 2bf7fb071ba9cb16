/**
 * Drives `kvbot chat` (runChat) like a person at a terminal: type a line, then wait until the
 * chat has printed something. Everything printed is kept, so a test can read what the person saw.
 */
import { PassThrough } from 'node:stream';
import { runChat } from '../../src/cli/commands/chat.js';
import type { ProtocolAccount } from '../../src/cli/chat/protocol-client.js';

/** One person's terminal running `kvbot chat`. */
export interface TerminalChat {
  /** Everything printed so far. */
  printed(): string;
  /** Types a line (as if Enter was pressed). */
  type(line: string): void;
  /** Waits until the output printed after `from` (default: everything) matches; returns that part. */
  until(pattern: RegExp, options?: { from?: number; timeoutInMs?: number }): Promise<string>;
  /** The number of the button titled `title` that was printed last (`[7] Approve` → 7). */
  button(title: string | RegExp, from?: number): number;
  /** Types /quit and resolves with the exit code. */
  quit(): Promise<number>;
}

/** Starts `kvbot chat` against `botUrl` as `user`. */
export function startTerminalChat(botUrl: string, user?: ProtocolAccount): TerminalChat {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  const waiters = new Set<() => void>();
  output.on('data', (c: Buffer) => {
    text += c.toString('utf8');
    for (const w of [...waiters]) w();
  });
  const exit = runChat({ botUrl, channelId: 'msteams', input, output, ...(user ? { user } : {}) });
  return {
    printed: () => text,
    type(line) {
      input.write(`${line}\n`);
    },
    until(pattern, options = {}) {
      const from = options.from ?? 0;
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const part = text.slice(from);
          if (!pattern.test(part)) return false;
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve(part);
          return true;
        };
        const waiter = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `The chat did not print ${pattern} within ${options.timeoutInMs ?? 20_000} ms. It printed:\n${text.slice(from)}`,
            ),
          );
        }, options.timeoutInMs ?? 20_000);
        waiters.add(waiter);
        check();
      });
    },
    button(title, from = 0) {
      const lines = text.slice(from).split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        const m = /^\s+\[(\d+)\] (.*)$/.exec(lines[i]!);
        if (m && (typeof title === 'string' ? m[2]!.startsWith(title) : title.test(m[2]!))) return Number(m[1]);
      }
      throw new Error(`No button ${String(title)} was printed. The chat printed:\n${text.slice(from)}`);
    },
    async quit() {
      input.end('/quit\n');
      return exit;
    },
  };
}
