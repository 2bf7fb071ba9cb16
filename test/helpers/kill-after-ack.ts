/**
 * The kill -9 harness of the cross-process storage tests: a writer child prints `ack N` after each
 * acknowledged write; it is SIGKILLed right after its `killAfter`-th acknowledgement.
 */
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/** SIGKILLs `child` after its `killAfter`-th `ack N` line; resolves with the last ack seen (rejects if it exits on its own). */
export function killAfterAck(child: ChildProcessByStdio<null, Readable, Readable>, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let lastAck = -1;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdout.on('data', (c: Buffer) => {
      buffer += c.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^ack (\d+)$/.exec(line);
        if (m) lastAck = Number(m[1]);
      }
      if (lastAck >= killAfter && child.signalCode === null) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lastAck);
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}
