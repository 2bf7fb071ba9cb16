import { spawnSync } from 'node:child_process';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { createLogger, REDACTED } from '../../src/adapters/bot/logger.js';

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'debug') {
  const lines: string[] = [];
  return {
    lines,
    logger: createLogger(level, (l) => lines.push(l)),
    parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('the pino logger (issue 9 item 5)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager();

  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
  });
  afterAll(async () => {
    context.disable();
    await provider.shutdown();
  });

  it('keeps the line shape the tools read: level label, ISO time, message before the fields', () => {
    const { lines, logger } = capture('info');
    logger.debug('not shown');
    logger.info('bot listening', { url: 'http://localhost:1/api/messages', kbEntries: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\{"level":"info","time":"\d{4}-\d\d-\d\dT[^"]+Z","message":"bot listening","url":"http:\/\/localhost:1\/api\/messages","kbEntries":3\}$/,
    );
  });

  it('redacts tokens, Authorization headers, passwords and secrets at any depth and inside text', () => {
    const { logger, parsed } = capture();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLWJ5dGVz';
    logger.warn(`rejected Bearer ${jwt}`, {
      headers: { Authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      request: { body: { access_token: 'abc123', refresh_token: 'r', password: 'p', MicrosoftAppPassword: 'secret!' } },
      error: `fetch failed: authorization: Bearer abcdefghijklmnop; AccountKey=Eby8vdM02xNOcqFlqUw==;`,
      webhookSecret: 'whsec',
      kbEntries: 12,
    });
    const [line] = parsed();
    const text = JSON.stringify(line);
    for (const secret of [jwt, 'abc123', 'secret!', 'whsec', 'abcdefghijklmnop', 'Eby8vdM02xNOcqFlqUw'])
      expect(text).not.toContain(secret);
    expect(line).toMatchObject({
      headers: { Authorization: REDACTED, 'content-type': 'application/json' },
      webhookSecret: REDACTED,
      kbEntries: 12,
    });
    expect((line!.request as { body: Record<string, unknown> }).body).toEqual({
      access_token: REDACTED,
      refresh_token: REDACTED,
      password: REDACTED,
      MicrosoftAppPassword: REDACTED,
    });
    expect(line!.message).toBe(`rejected Bearer ${REDACTED}`);
  });

  it('carries the trace and span id of the active span on every line written inside it', () => {
    const { logger, parsed } = capture();
    logger.info('outside');
    const tracer = provider.getTracer('test');
    tracer.startActiveSpan('turn', (span) => {
      logger.info('inside');
      tracer.startActiveSpan('probe', (child) => {
        logger.info('nested');
        child.end();
      });
      span.end();
    });
    const [outside, inside, nested] = parsed();
    expect(outside).not.toHaveProperty('trace_id');
    const turn = exporter.getFinishedSpans().find((s) => s.name === 'turn')!;
    const probe = exporter.getFinishedSpans().find((s) => s.name === 'probe')!;
    expect(inside).toMatchObject({ trace_id: turn.spanContext().traceId, span_id: turn.spanContext().spanId });
    expect(nested).toMatchObject({ trace_id: turn.spanContext().traceId, span_id: probe.spanContext().spanId });
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('writes to stdout by default (nothing on stderr)', () => {
    const script =
      "const { createLogger } = require('./src/adapters/bot/logger.ts'); createLogger('info').info('hello', { a: 1 });";
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ level: 'info', message: 'hello', a: 1 });
    expect(
      result.stderr.replace(/\(node:\d+\) \[DEP\d+\][^\n]*\n(\(Use `node --trace-deprecation[^\n]*\n)?/g, ''),
    ).toBe('');
  });
});
