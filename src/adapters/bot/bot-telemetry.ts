/**
 * The bot's traces and metrics, through `@opentelemetry/api` only. That package is a pure API
 * (no I/O, no SDK, a no-op until start-telemetry.ts registers a provider), so adapters use it
 * directly instead of a home-made port; the pure core stays untouched: it is instrumented from
 * the outside, by wrapping its ports (the Azure directory, the probe service, the knowledge, the
 * feature hooks, the case event sink) at the composition root.
 *
 * One trace per turn: `turn` (middleware) → `faq.match`, `triage`, `probe.run` → `azure.<call>`.
 * Fix applies and verifications are `azure.*` spans marked `kvbot.azure.write`; approval
 * decisions, fix outcomes and case events are span events plus counters.
 *
 * Privacy: no message text, names or tokens in telemetry; only kinds, verdicts, counts, vault
 * names and entry ids. `KVBOT_TELEMETRY_INCLUDE_TEXT=true` adds the user's text to the turn span.
 */
import {
  SpanKind,
  SpanStatusCode,
  metrics,
  trace,
  type Attributes,
  type Counter,
  type Histogram,
  type Span,
} from '@opentelemetry/api';
import type { Middleware, TurnContext } from 'botbuilder';
import type { CaseEventMessage, CaseEventSink } from '../../core/escalation/escalation-ports.js';
import type { FaqMatchResult } from '../../core/knowledge/faq-types.js';
import type { FaqKnowledge } from '../../../dialogs/faq-knowledge.js';
import type { EscalationHooks } from '../../app/escalation-hooks.js';

/** Instrumentation scope name. */
export const INSTRUMENTATION_NAME = 'kv-access-assistant';

/** Metric names (OpenTelemetry semantic style; App Insights shows them as customMetrics). */
export const METRICS = {
  questions: 'kvbot.questions',
  probes: 'kvbot.probes',
  fixes: 'kvbot.fixes',
  cases: 'kvbot.cases',
  turnDuration: 'kvbot.turn.duration',
} as const;

/** How the bot dealt with a question: `answered` (one confident entry), `suggested` (did-you-mean), `declined` (nothing confident). */
export type QuestionOutcome = 'answered' | 'suggested' | 'declined' | 'smalltalk';

/** Maps a matcher result to the reported outcome. */
export function questionOutcome(result: FaqMatchResult): QuestionOutcome {
  if (result.kind === 'answer') return 'answered';
  if (result.kind === 'smalltalk') return 'smalltalk';
  return result.kind === 'ambiguous' || result.suggestions.length > 0 ? 'suggested' : 'declined';
}

/** Fix event statuses counted as applied / refused. */
const FIX_APPLIED = new Set(['verified', 'verify-failed']);
const FIX_REFUSED = new Set(['rejected', 'stale', 'apply-failed', 'expired']);

/** Azure directory calls that change something (a fix's apply or an undo). */
const WRITE_CALLS = /^(update|create|delete|put)/;

/** Options of {@link BotTelemetry}. */
export interface BotTelemetryOptions {
  /** Put the user's message text on the turn span (KVBOT_TELEMETRY_INCLUDE_TEXT). */
  includeMessageText?: boolean;
}

/** Creates the spans and metrics; every method is safe when no provider is registered. */
export class BotTelemetry {
  private readonly tracer = trace.getTracer(INSTRUMENTATION_NAME);
  private readonly questions: Counter;
  private readonly probes: Counter;
  private readonly fixes: Counter;
  private readonly cases: Counter;
  private readonly turnDuration: Histogram;

  constructor(private readonly options: BotTelemetryOptions = {}) {
    const meter = metrics.getMeter(INSTRUMENTATION_NAME);
    this.questions = meter.createCounter(METRICS.questions, {
      description: 'Questions by outcome: answered, suggested, declined, smalltalk',
    });
    this.probes = meter.createCounter(METRICS.probes, { description: 'Probe runs by probe and verdict' });
    this.fixes = meter.createCounter(METRICS.fixes, {
      description:
        'Fix events by status (applied = verified or verify-failed; refused = rejected, stale, apply-failed, expired)',
    });
    this.cases = meter.createCounter(METRICS.cases, { description: 'Support case events (opened, resolved, ...)' });
    this.turnDuration = meter.createHistogram(METRICS.turnDuration, {
      description: 'Time to handle one incoming activity',
      unit: 'ms',
    });
  }

  /** Middleware: one `turn` span around every activity (the trace's root), and its latency. */
  middleware(): Middleware {
    return {
      onTurn: (context: TurnContext, next: () => Promise<void>) => {
        const activity = context.activity;
        const attributes: Attributes = {
          'kvbot.activity.type': activity.type ?? 'unknown',
          'kvbot.channel': activity.channelId ?? 'unknown',
          'kvbot.conversation.type': activity.conversation?.conversationType ?? 'personal',
          ...(activity.value &&
          typeof activity.value === 'object' &&
          typeof (activity.value as { action?: unknown }).action === 'string'
            ? { 'kvbot.action': (activity.value as { action: string }).action }
            : {}),
          ...(this.options.includeMessageText && activity.text ? { 'kvbot.message.text': activity.text } : {}),
        };
        const started = performance.now();
        return this.tracer.startActiveSpan('turn', { kind: SpanKind.SERVER, attributes }, async (span) => {
          try {
            await next();
          } catch (e) {
            fail(span, e);
            throw e;
          } finally {
            span.end();
            this.turnDuration.record(performance.now() - started, {
              'kvbot.activity.type': String(attributes['kvbot.activity.type']),
            });
          }
        });
      },
    };
  }

  /** The knowledge port with a `faq.match` span and the questions counter. */
  knowledge(inner: FaqKnowledge): FaqKnowledge {
    return {
      match: (text) =>
        this.tracer.startActiveSpan('faq.match', (span) => {
          const done = (result: FaqMatchResult): FaqMatchResult => {
            const outcome = questionOutcome(result);
            span.setAttributes({
              'kvbot.faq.kind': result.kind,
              'kvbot.faq.outcome': outcome,
              'kvbot.faq.suggestions': result.suggestions.length,
              ...(result.answer ? { 'kvbot.faq.entry': result.answer.id, 'kvbot.faq.score': result.answer.score } : {}),
            });
            this.questions.add(1, { outcome });
            span.end();
            return result;
          };
          const failed = (e: unknown): never => {
            fail(span, e);
            span.end();
            throw e;
          };
          try {
            const result = inner.match(text);
            return result instanceof Promise ? result.then(done, failed) : done(result);
          } catch (e) {
            return failed(e);
          }
        }),
      entry: (id) => inner.entry(id),
      size: () => inner.size(),
      // Triage has its own span (hooks below); this only passes the port's optional method on.
      ...(inner.triage ? { triage: (text: string) => inner.triage!(text) } : {}),
    };
  }

  /** The feature hooks with triage spans, probe verdicts, fix outcomes and approval decisions recorded. */
  hooks(inner: EscalationHooks): EscalationHooks {
    return {
      onTriage: (context, result) =>
        this.inSpan(
          'triage',
          {
            'kvbot.triage.kind': result.kind,
            'kvbot.triage.has_answer': result.answer !== null,
            ...(result.probe ? { 'kvbot.triage.probe': result.probe.name } : {}),
          },
          () => inner.onTriage(context, result),
        ),
      onProbeResult: (context, result, request) => {
        this.probes.add(1, { probe: result.probe, verdict: result.verdict, sandbox: result.sandbox });
        trace.getActiveSpan()?.addEvent('probe.result', {
          'kvbot.probe': result.probe,
          'kvbot.probe.verdict': result.verdict,
          'kvbot.vault': result.vault,
        });
        return this.inSpan(
          'probe.escalation-hook',
          {
            'kvbot.probe': result.probe,
            'kvbot.probe.verdict': result.verdict,
            ...(request.operation ? { 'kvbot.probe.operation': request.operation } : {}),
          },
          () => inner.onProbeResult(context, result, request),
        );
      },
      onFixEvent: (context, event) => {
        const attributes = {
          status: event.status,
          kind: event.kind,
          outcome: FIX_APPLIED.has(event.status) ? 'applied' : FIX_REFUSED.has(event.status) ? 'refused' : 'other',
        };
        this.fixes.add(1, attributes);
        // Approval decisions (approved → verified/verify-failed/apply-failed, rejected, expired) as events on the turn that made them.
        trace.getActiveSpan()?.addEvent(`fix.${event.status}`, {
          'kvbot.fix.kind': event.kind,
          'kvbot.vault': event.vault,
          ...(event.requestId ? { 'kvbot.approval.request': event.requestId } : {}),
        });
        return inner.onFixEvent(context, event);
      },
    };
  }

  /** A case event sink that counts and traces case events, then forwards them (to the webhook outbox, if any). */
  caseEvents(inner?: CaseEventSink): CaseEventSink {
    return {
      publish: async (message: CaseEventMessage) => {
        const event = message.event.replace(/^case\./, '');
        this.cases.add(1, { event, priority: String(message.case.priority ?? 'unknown') });
        trace.getActiveSpan()?.addEvent(message.event, { 'kvbot.case.number': message.case.number });
        await inner?.publish(message);
      },
    };
  }

  /**
   * Wraps every method of a port object (the Azure directory, the probe service) in a span named
   * `<prefix>.<method>`. Only the method name and, for probes, the probe name are recorded: the
   * arguments may hold object ids of people.
   */
  traced<T extends object>(prefix: string, target: T, kind: SpanKind = SpanKind.INTERNAL): T {
    return new Proxy(target, {
      get: (obj, prop, receiver) => {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string' || prop === 'constructor') return value;
        return (...args: unknown[]) => {
          const attributes: Attributes = {
            ...(WRITE_CALLS.test(prop) ? { 'kvbot.azure.write': true } : {}),
            ...(prefix === 'probe' && typeof args[0] === 'string' ? { 'kvbot.probe': args[0] } : {}),
          };
          return this.tracer.startActiveSpan(`${prefix}.${prop}`, { kind, attributes }, (span) => {
            let result: unknown;
            try {
              result = (value as (...a: unknown[]) => unknown).apply(obj, args);
            } catch (e) {
              fail(span, e);
              span.end();
              throw e;
            }
            if (!(result instanceof Promise)) {
              span.end();
              return result;
            }
            return result.then(
              (v: unknown) => {
                const verdict =
                  v && typeof v === 'object' && 'verdict' in v ? (v as { verdict: unknown }).verdict : undefined;
                if (typeof verdict === 'string') span.setAttribute('kvbot.probe.verdict', verdict);
                span.end();
                return v;
              },
              (e: unknown) => {
                fail(span, e);
                span.end();
                throw e;
              },
            );
          });
        };
      },
    });
  }

  private inSpan<R>(name: string, attributes: Attributes, fn: () => Promise<R>): Promise<R> {
    return this.tracer.startActiveSpan(name, { attributes }, async (span) => {
      try {
        return await fn();
      } catch (e) {
        fail(span, e);
        throw e;
      } finally {
        span.end();
      }
    });
  }
}

/** Marks a span failed with the error's name and code (not its message: messages can quote user input). */
function fail(span: Span, e: unknown): void {
  const err = e as { name?: string; code?: string; statusCode?: number };
  span.setStatus({ code: SpanStatusCode.ERROR, message: err?.name ?? 'Error' });
  span.setAttributes({
    'error.type': err?.code ?? err?.name ?? 'Error',
    ...(typeof err?.statusCode === 'number' ? { 'http.response.status_code': err.statusCode } : {}),
  });
}
