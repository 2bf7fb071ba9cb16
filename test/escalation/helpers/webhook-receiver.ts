/**
 * A local HTTP webhook receiver for tests: records every request with its raw body and headers,
 * and answers with whatever status the test scripts (or holds the request open, or is down).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as received. */
export interface ReceivedRequest {
  body: string;
  headers: http.IncomingHttpHeaders;
  status: number;
}

/** A receiver on an ephemeral port. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Statuses to answer, in order; when empty, 200. `'hold'` keeps the request open until `releaseHeld()`. */
  script: Array<number | 'hold'> = [];
  private held: http.ServerResponse[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const next = this.script.shift() ?? 200;
      this.requests.push({
        body: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
        status: next === 'hold' ? 0 : next,
      });
      if (next === 'hold') this.held.push(res);
      else res.writeHead(next, { 'Content-Type': 'text/plain' }).end(next < 300 ? 'ok' : 'nope');
    });
  });

  /** Starts listening on `port` (0: ephemeral) and returns the URL. */
  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Answers every held request with 200. */
  releaseHeld(): void {
    for (const res of this.held) res.writeHead(200).end('ok');
    this.held = [];
  }

  async stop(): Promise<void> {
    this.releaseHeld();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls `condition` until it holds (or fails the test after `timeoutInMs`); no timing assertions. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutInMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
