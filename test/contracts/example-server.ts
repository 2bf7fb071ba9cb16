/**
 * A local HTTPS server that answers with Azure's and Microsoft Graph's published example
 * responses (test/contracts/azure-examples/), so the real adapter can be run against the real
 * shapes: each route is a method, a path pattern and a body; hosts in `nextLink`s are rewritten
 * to this server, nothing else changes.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { generateTlsIdentity } from '../../src/emulator/tls.js';

const DIR = path.resolve(__dirname, 'azure-examples');

/** A published example file, parsed. */
export function example(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Record<string, unknown>;
}

/** The 200 body of an azure-rest-api-specs example file. */
export function specBody(file: string): Record<string, unknown> {
  const e = example(file) as { responses: Record<string, { body: Record<string, unknown> }> };
  return e.responses['200']!.body;
}

/** One served route. `status` defaults to 200. */
export interface ExampleRoute {
  method: string;
  path: RegExp;
  /** Matched against the query string when set. */
  query?: (q: URLSearchParams) => boolean;
  status?: number;
  body: unknown;
}

/** A request the server saw. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

/** A running example server. */
export interface ExampleServer {
  url: string;
  caPem: string;
  seen: SeenRequest[];
  routes: ExampleRoute[];
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the server; `routes` can be changed while it runs (first match wins). */
export async function startExampleServer(routes: ExampleRoute[] = []): Promise<ExampleServer> {
  const tls = await generateTlsIdentity();
  const seen: SeenRequest[] = [];
  const state = { url: '' };
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(`https://x${req.url ?? '/'}`);
      const p = decodeURIComponent(url.pathname.replace(/^\/+/, '/'));
      seen.push({ method: req.method ?? 'GET', path: p, query: url.searchParams, body: await read(req) });
      const route = routes.find(
        (r) => r.method === req.method && r.path.test(p) && (!r.query || r.query(url.searchParams)),
      );
      const status = route ? (route.status ?? 200) : 404;
      const body = route ? route.body : { error: { code: 'NoExample', message: `no example for ${req.method} ${p}` } };
      // Only the host of absolute links changes: the published examples point at management.azure.com / graph.microsoft.com.
      const text = JSON.stringify(body).replace(/https:\/\/(management\.azure\.com|graph\.microsoft\.com)/g, state.url);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-ms-request-id': `example-${seen.length}`,
      });
      res.end(text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: state.url,
    caPem: tls.certPem,
    seen,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
