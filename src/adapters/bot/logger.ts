/**
 * The bot's log: pino, one JSON line per event on stdout (what App Service and container hosts
 * collect), filtered by the configured level. Every line written inside a traced turn carries
 * `trace_id` and `span_id`, so a log line leads to its trace in Application Insights. Tokens,
 * Authorization headers, passwords and secrets are redacted wherever they appear in the fields,
 * and bearer tokens and JWTs are scrubbed from text.
 *
 * Line shape (kept from the first logger, which tests and `kvbot` tooling read):
 * `{"level":"info","time":"<ISO>","trace_id":…,"span_id":…,"message":"…",…fields}`.
 */
import { isSpanContextValid, trace, context as otelContext } from '@opentelemetry/api';
import pino from 'pino';

/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logger used by the server and the turn error handler. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Replacement for redacted values. */
export const REDACTED = '[redacted]';

/** Field names whose values never reach a log (any depth, any case). */
const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-kvbot-signature|.*token|.*password|.*secret|.*apikey|.*api-key|connectionstring|.*connection_string|client_assertion)$/i;
/** Bearer tokens and JWTs inside free text (error messages quote request headers). */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/** Account keys and signatures in storage connection strings and SAS URLs. */
const KEY_IN_TEXT = /\b(AccountKey|SharedAccessSignature|sig|InstrumentationKey)=([^;&\s"]+)/gi;

/** Removes secrets from a string. */
export function scrubText(text: string): string {
  return text.replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED).replace(KEY_IN_TEXT, `$1=${REDACTED}`);
}

/** A copy of `value` with secret fields redacted and secrets scrubbed from strings. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: scrubText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY.test(key) && v !== undefined && v !== null && v !== '' ? REDACTED : redact(v, depth + 1);
  }
  return out;
}

/** The active span's ids, for log-to-trace correlation (nothing outside a traced turn). */
function traceFields(): Record<string, string> {
  const span = trace.getSpan(otelContext.active());
  const ctx = span?.spanContext();
  return ctx && isSpanContextValid(ctx) ? { trace_id: ctx.traceId, span_id: ctx.spanId } : {};
}

/**
 * A logger writing JSON lines at or above `level` to stdout, or to `sink` (one line per call,
 * without the newline) for tests and tools that keep stdout for their own output.
 */
export function createLogger(level: LogLevel, sink?: (line: string) => void): Logger {
  // Synchronous on stdout so that the last lines before process.exit() are not lost.
  const destination = sink
    ? { write: (line: string) => sink(line.endsWith('\n') ? line.slice(0, -1) : line) }
    : pino.destination({ fd: 1, sync: true });
  const log = pino(
    {
      level,
      base: undefined,
      messageKey: 'message',
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceFields,
    },
    destination,
  );
  const at =
    (lvl: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      // The message goes first in the object so that lines read `"message":"…","<first field>":…`.
      log[lvl](redact({ message, ...fields }) as Record<string, unknown>);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that drops everything (tests that do not look at logs). */
export const SILENT_LOGGER: Logger = createLogger('error', () => undefined);
