/**
 * Telemetry with OpenTelemetry's in-memory exporters: the real bot server over the Bot Framework
 * protocol (turn → faq.match in one trace), the real probe service over the emulator (probe.run →
 * azure.* spans), the feature hooks (triage span, probe verdicts, fix outcomes) and case events;
 * and no message text in telemetry unless the setting says so.
 */
import { context, metrics, trace, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { MemoryStorage, type TurnContext } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startBot } from '../../src/adapters/bot/bot-server.js';
import { BotTelemetry, METRICS } from '../../src/adapters/bot/bot-telemetry.js';
import type { EscalationHooks } from '../../src/app/escalation-hooks.js';
import { ProtocolClient, ALEX } from '../../src/cli/chat/protocol-client.js';
import { SILENT_LOGGER } from '../../src/adapters/bot/logger.js';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import type { ProbeResult } from '../../src/core/probes/probe-result.js';
import type { TriageResult } from '../../src/core/triage/triage-types.js';
import type { CaseEventMessage } from '../../src/core/escalation/escalation-ports.js';
import { FakeKnowledge } from '../helpers/fake-knowledge.js';
import { memoryFeedbackStores } from '../helpers/memory-feedback-stores.js';
import { startSandboxAzure, type SandboxAzure } from '../helpers/sandbox-probes.js';

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const metricReader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const meterProvider = new MeterProvider({ readers: [metricReader] });

/** Sum of a counter's data points whose attributes include `match`. */
async function counter(name: string, match: Record<string, unknown> = {}): Promise<number> {
  await metricReader.forceFlush();
  const points =
    metricExporter
      .getMetrics()
      .at(-1)
      ?.scopeMetrics.flatMap((s) => s.metrics)
      .filter((m) => m.descriptor.name === name)
      .flatMap((m) => m.dataPoints as DataPoint<number>[]) ?? [];
  return points
    .filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))
    .reduce((sum, p) => sum + p.value, 0);
}

function named(name: string): ReadableSpan[] {
  return spans.getFinishedSpans().filter((s) => s.name === name);
}

const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
});
afterAll(async () => {
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  trace.disable();
  metrics.disable();
  context.disable();
});
beforeEach(() => spans.reset());

describe('one trace per turn over the real protocol (issue 9 item 5)', () => {
  for (const includeMessageText of [false, true]) {
    it(`turn → faq.match in one trace, questions counted; message text ${includeMessageText ? 'included when KVBOT_TELEMETRY_INCLUDE_TEXT=true' : 'never recorded by default'}`, async () => {
      const telemetry = new BotTelemetry({ includeMessageText });
      const knowledge = new FakeKnowledge();
      const bot = await startBot(loadConfig({ PORT: '0' }), {
        knowledge: telemetry.knowledge(knowledge),
        stores: memoryFeedbackStores(),
        storage: new MemoryStorage(),
        middleware: [telemetry.middleware()],
        logger: SILENT_LOGGER,
        host: '127.0.0.1',
      });
      const client = await ProtocolClient.start({
        botUrl: `${bot.url}/api/messages`,
        channelId: 'msteams',
        user: ALEX,
      });
      const before = {
        answered: await counter(METRICS.questions, { outcome: 'answered' }),
        declined: await counter(METRICS.questions, { outcome: 'declined' }),
      };
      try {
        const question = 'what does 403 forbidden mean? my token is eyJsecret';
        expect((await client.sendText(question)).status).toBe(200);
        expect((await client.sendText('zebra quantum marmalade')).status).toBe(200);
      } finally {
        await client.close();
        await bot.close();
      }
      const turns = named('turn').filter((t) => t.attributes['kvbot.activity.type'] === 'message');
      expect(turns).toHaveLength(2);
      const matches = named('faq.match');
      expect(matches.length).toBeGreaterThanOrEqual(2);
      for (const turn of turns) {
        expect(turn.kind).toBe(SpanKind.SERVER);
        expect(turn.attributes['kvbot.channel']).toBe('msteams');
        const match = matches.find((m) => m.spanContext().traceId === turn.spanContext().traceId);
        expect(match, "faq.match in the turn's trace").toBeDefined();
        expect(parentOf(match!)).toBe(turn.spanContext().spanId);
      }
      expect(new Set(turns.map((t) => t.spanContext().traceId)).size).toBe(2);
      expect(matches.map((m) => m.attributes['kvbot.faq.outcome'])).toEqual(
        expect.arrayContaining(['answered', 'declined']),
      );
      expect(await counter(METRICS.questions, { outcome: 'answered' })).toBe(before.answered + 1);
      expect(await counter(METRICS.questions, { outcome: 'declined' })).toBe(before.declined + 1);

      const recorded = JSON.stringify(spans.getFinishedSpans().map((s) => ({ a: s.attributes, e: s.events })));
      if (includeMessageText) expect(recorded).toContain('what does 403 forbidden mean?');
      else {
        expect(recorded).not.toContain('403 forbidden');
        expect(recorded).not.toContain('eyJsecret');
        expect(recorded).not.toContain('zebra');
      }
      // The turn latency histogram got both turns.
      await metricReader.forceFlush();
      const latency = metricExporter
        .getMetrics()
        .at(-1)!
        .scopeMetrics.flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === METRICS.turnDuration);
      expect(latency?.descriptor.unit).toBe('ms');
      expect(
        (latency?.dataPoints as Array<DataPoint<{ count: number }>>).reduce((n, p) => n + p.value.count, 0),
      ).toBeGreaterThanOrEqual(2);
    }, 60_000);
  }
});

describe('probes and their Azure calls, fixes, approvals and cases', () => {
  let sandbox: SandboxAzure;
  beforeAll(async () => {
    sandbox = await startSandboxAzure();
  }, 60_000);
  afterAll(() => sandbox?.close());

  it('a probe is a span with its verdict, and each Azure call inside it a client span in the same trace', async () => {
    const telemetry = new BotTelemetry();
    const probes = telemetry.traced(
      'probe',
      new ProbeService(telemetry.traced('azure', sandbox.directory, SpanKind.CLIENT)),
    );
    const result = await trace.getTracer('test').startActiveSpan('turn', async (turn) => {
      try {
        return await probes.run('permission-check', {
          vault: 'kv-payments',
          principal: ALEX.aadObjectId!,
          operation: 'secrets/list',
        });
      } finally {
        turn.end();
      }
    });
    const [probe] = named('probe.run');
    expect(probe).toBeDefined();
    expect(probe!.attributes).toMatchObject({
      'kvbot.probe': 'permission-check',
      'kvbot.probe.verdict': result.verdict,
    });
    const calls = spans.getFinishedSpans().filter((s) => s.name.startsWith('azure.'));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.kind).toBe(SpanKind.CLIENT);
      expect(call.spanContext().traceId).toBe(probe!.spanContext().traceId);
      expect(parentOf(call)).toBe(probe!.spanContext().spanId);
    }
    expect(calls.map((c) => c.name)).toContain('azure.findVault');
    // The object id of the person checked is not in telemetry.
    expect(JSON.stringify(calls.map((c) => c.attributes))).not.toContain(ALEX.aadObjectId!);
  }, 60_000);

  it('a failing Azure call marks its span as an error with the error type (not the message)', async () => {
    const telemetry = new BotTelemetry();
    const directory = telemetry.traced('azure', sandbox.directory, SpanKind.CLIENT);
    await expect(
      directory.getVault(
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/nope',
      ),
    ).rejects.toThrow();
    const [span] = named('azure.getVault');
    expect(span!.status.code).toBe(2);
    expect(span!.attributes['error.type']).toBeDefined();
  }, 60_000);

  it('fix applies are write spans; triage, probe verdicts, fix outcomes, approval decisions and cases are recorded', async () => {
    const telemetry = new BotTelemetry();
    const seen: string[] = [];
    const inner: EscalationHooks = {
      onTriage: async () => void seen.push('triage'),
      onProbeResult: async () => void seen.push('probe'),
      onFixEvent: async (_c, e) => void seen.push(`fix:${e.status}`),
    };
    const hooks = telemetry.hooks(inner);
    const turnContext = {} as TurnContext;
    const forwarded: CaseEventMessage[] = [];
    const cases = telemetry.caseEvents({ publish: async (m) => void forwarded.push(m) });
    const base = {
      applied: await counter(METRICS.fixes, { outcome: 'applied' }),
      refused: await counter(METRICS.fixes, { outcome: 'refused' }),
      denied: await counter(METRICS.probes, { verdict: 'denied' }),
      opened: await counter(METRICS.cases, { event: 'opened' }),
      resolved: await counter(METRICS.cases, { event: 'resolved' }),
    };
    await trace.getTracer('test').startActiveSpan('turn', async (turn) => {
      await hooks.onTriage(turnContext, {
        kind: 'rbac-denied',
        fields: {},
        answer: null,
        probe: { name: 'permission-check' },
        summary: 's',
        nextSteps: [],
      } as unknown as TriageResult);
      await hooks.onProbeResult(
        turnContext,
        { probe: 'permission-check', vault: 'kv-payments', verdict: 'denied', sandbox: true } as unknown as ProbeResult,
        { probe: 'permission-check', vault: 'kv-payments' },
      );
      await hooks.onFixEvent(turnContext, {
        status: 'verified',
        kind: 'fix',
        vault: 'kv-payments',
        summary: 'add',
        requestId: 'r1',
      });
      await hooks.onFixEvent(turnContext, {
        status: 'rejected',
        kind: 'fix',
        vault: 'kv-payments',
        summary: 'add',
        requestId: 'r2',
      });
      const summary = { number: 'KV-1', priority: 'high' } as unknown as CaseEventMessage['case'];
      await cases.publish({ event: 'case.opened', at: 'now', case: summary });
      await cases.publish({ event: 'case.resolved', at: 'now', case: summary });
      turn.end();
    });
    expect(seen).toEqual(['triage', 'probe', 'fix:verified', 'fix:rejected']);
    expect(forwarded.map((m) => m.event)).toEqual(['case.opened', 'case.resolved']);
    const [triage] = named('triage');
    expect(triage!.attributes).toMatchObject({
      'kvbot.triage.kind': 'rbac-denied',
      'kvbot.triage.probe': 'permission-check',
    });
    const [turn] = named('turn');
    expect(parentOf(triage!)).toBe(turn!.spanContext().spanId);
    expect(turn!.events.map((e) => e.name)).toEqual([
      'probe.result',
      'fix.verified',
      'fix.rejected',
      'case.opened',
      'case.resolved',
    ]);
    expect(turn!.events[2]!.attributes).toMatchObject({ 'kvbot.approval.request': 'r2' });
    expect(await counter(METRICS.fixes, { outcome: 'applied' })).toBe(base.applied + 1);
    expect(await counter(METRICS.fixes, { outcome: 'refused' })).toBe(base.refused + 1);
    expect(await counter(METRICS.probes, { verdict: 'denied' })).toBe(base.denied + 1);
    expect(await counter(METRICS.cases, { event: 'opened' })).toBe(base.opened + 1);
    expect(await counter(METRICS.cases, { event: 'resolved' })).toBe(base.resolved + 1);

    // Writes (a fix's apply or undo) are marked on the Azure span.
    const directory = telemetry.traced('azure', sandbox.directory, SpanKind.CLIENT);
    await directory
      .deleteRoleAssignment(
        '/subscriptions/11111111-1111-4111-8111-111111111111/providers/Microsoft.Authorization/roleAssignments/00000000-0000-0000-0000-00000000dead',
      )
      .catch(() => undefined);
    expect(named('azure.deleteRoleAssignment')[0]!.attributes['kvbot.azure.write']).toBe(true);
  }, 60_000);
});
