/**
 * The emulator's HTTPS server: parses each request, applies faults, checks the bearer header,
 * dispatches to the route modules and logs the outcome. `startEmulator` is the public entry point.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { armError, faultBody, graphError } from './errors.js';
import { FaultRegistry } from './faults.js';
import type { TenantFixture } from './fixture-types.js';
import { loadFixtureFile } from './fixture-load.js';
import { validateFixture } from './fixture-validate.js';
import type { EmulatorReply, EmulatorRequest, RouteHandler } from './http-types.js';
import type { RequestLogEntry } from './request-log.js';
import { authorizationRoutes } from './routes/authorization.js';
import { controlRoute } from './routes/control.js';
import { diagnosticSettingsRoutes } from './routes/diagnostic-settings.js';
import { graphRoutes, isGraphPath } from './routes/graph.js';
import { keyVaultRoutes } from './routes/keyvault.js';
import { metricsRoutes } from './routes/metrics.js';
import { TenantState } from './tenant-state.js';
import { generateTlsIdentity } from './tls.js';

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** Path of a fixture JSON file, or a fixture object (validated either way). */
  fixture: string | TenantFixture;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Items per page on ARM list operations; default 2 so paging is always exercised. */
  pageSize?: number;
}

/** A started emulator. */
export interface RunningEmulator {
  /** `https://127.0.0.1:PORT` (use as ARM `endpoint` and as the Graph base URL). */
  readonly url: string;
  readonly port: number;
  /** PEM to trust: pass as `tlsOptions: { ca: caPem }`. */
  readonly caPem: string;
  /** The same PEM in a temp file, for other processes (`KVBOT_EMULATOR_CA`). */
  readonly caFile: string;
  /** Every served request, oldest first (control routes excluded). Clear with `requestLog.length = 0`. */
  readonly requestLog: RequestLogEntry[];
  /** Run-time fault injection. */
  readonly faults: FaultRegistry;
  /** Live tenant state (reads see every change the emulator made). */
  readonly state: TenantState;
  /** Stops listening, drops open connections and deletes the CA file. */
  close(): Promise<void>;
}

const ROUTES: RouteHandler[] = [
  graphRoutes,
  keyVaultRoutes,
  authorizationRoutes,
  diagnosticSettingsRoutes,
  metricsRoutes,
];
const MAX_BODY_BYTES = 1_000_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

function send(res: ServerResponse, reply: EmulatorReply, clientRequestId: string | undefined): void {
  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    'x-ms-correlation-request-id': randomUUID(),
    ...(clientRequestId ? { 'x-ms-client-request-id': clientRequestId } : {}),
    ...reply.headers,
  };
  if (reply.body === undefined) {
    // Two statements on purpose: restify, when loaded in the same process (sandbox mode), patches
    // ServerResponse.prototype.writeHead so it no longer returns the response.
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts an emulator; resolves once it listens. Throws `FixtureValidationError` for a bad fixture. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const fixture =
    typeof options.fixture === 'string'
      ? await loadFixtureFile(options.fixture)
      : validateFixture(structuredClone(options.fixture));
  const state = new TenantState(fixture);
  const faults = new FaultRegistry();
  for (const f of fixture.faults ?? []) faults.add(f);
  const requestLog: RequestLogEntry[] = [];
  const pageSize = options.pageSize ?? 2;
  const tls = await generateTlsIdentity();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const at = new Date().toISOString();
    const url = new URL(`https://emulator${req.url ?? '/'}`);
    const reqPath = safeDecode(url.pathname.replace(/^\/+/, '/'));
    const method = (req.method ?? 'GET').toUpperCase();
    const graph = isGraphPath(reqPath);
    const clientRequestId = (req.headers['x-ms-client-request-id'] ?? req.headers['client-request-id']) as
      string | undefined;
    const entry: RequestLogEntry = {
      method,
      path: reqPath,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      durationInMs: 0,
      at,
    };
    const control = /^\/_emulator(\/|$)/i.test(reqPath);
    const finish = (reply: EmulatorReply): void => {
      send(res, reply, clientRequestId);
      entry.status = reply.status;
      entry.durationInMs = Math.round((performance.now() - started) * 10) / 10;
      if (!control) requestLog.push(entry);
    };

    let text = '';
    try {
      text = await readBody(req);
    } catch {
      return finish(armError(413, 'RequestEntityTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
    }
    let body: unknown;
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        return finish(
          graph
            ? graphError(400, 'BadRequest', `Unable to read JSON request payload: ${(e as Error).message}`)
            : armError(
                400,
                'InvalidRequestContent',
                `The request content was invalid and could not be deserialized: '${(e as Error).message}'.`,
              ),
        );
      }
    }
    const ctx: EmulatorRequest = {
      method,
      path: reqPath,
      query: url.searchParams,
      headers: req.headers,
      body,
      baseUrl: `https://${req.headers.host ?? `127.0.0.1:${port}`}`,
      state,
      pageSize,
    };
    if (control) return finish(controlRoute(ctx, { faults, requestLog }));

    const fault = faults.take(method, reqPath, url.searchParams);
    if (fault) {
      entry.fault = [fault.latencyInMs ? 'latency' : '', fault.drop ? 'drop' : '', fault.status ? 'status' : '']
        .filter(Boolean)
        .join('+');
      if (fault.latencyInMs) await sleep(fault.latencyInMs);
      if (fault.drop) {
        entry.durationInMs = Math.round(performance.now() - started);
        requestLog.push(entry);
        req.socket.destroy();
        return;
      }
      if (fault.status) {
        const headers: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
        return finish({ status: fault.status, body: fault.body ?? faultBody(fault.status, graph), headers });
      }
    }

    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !/^Bearer\s+\S+/i.test(auth)) {
      const www = {
        'www-authenticate':
          'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
      };
      const reply = graph
        ? graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.', clientRequestId)
        : armError(
            401,
            'InvalidAuthenticationToken',
            "The access token is missing or invalid. The request must carry an 'Authorization: Bearer <token>' header.",
          );
      return finish({ ...reply, headers: www });
    }

    for (const route of ROUTES) {
      const reply = route(ctx);
      if (reply) return finish(reply);
    }
    return finish(
      graph
        ? graphError(400, 'BadRequest', `Resource not found for the segment '${reqPath}'.`, clientRequestId)
        : armError(
            404,
            'NotFound',
            `The emulator has no route for ${method} ${reqPath}. See docs/emulator.md for the supported routes.`,
          ),
    );
  }

  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[emulator] request failed:', e);
      if (!res.headersSent)
        send(res, armError(500, 'InternalServerError', `Emulator error: ${(e as Error).message}`), undefined);
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const dir = await mkdtemp(path.join(tmpdir(), 'kvbot-emulator-'));
  const caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, tls.certPem, { mode: 0o644 });
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `https://${urlHost}:${port}`,
    port,
    caPem: tls.certPem,
    caFile,
    requestLog,
    faults,
    state,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
