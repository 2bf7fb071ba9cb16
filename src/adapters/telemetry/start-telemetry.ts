/**
 * Starts OpenTelemetry for the process. With `APPLICATIONINSIGHTS_CONNECTION_STRING` set, the
 * Azure Monitor distro (`@azure/monitor-opentelemetry`) exports traces and metrics to Application
 * Insights. Without it nothing leaves the process: a local tracer provider still creates trace ids
 * (no exporter, no span recorded) so that log lines of one turn share a `trace_id`.
 *
 * The rest of the code only talks to `@opentelemetry/api` (see bot-telemetry.ts), which is a no-op
 * until a provider is registered here.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from '../../config.js';

/** Service name on every span and metric (App Insights' cloud role name). */
export const SERVICE_NAME = 'kv-access-assistant';

/** What startTelemetry set up. */
export interface StartedTelemetry {
  /** `azure-monitor` (exporting) or `local` (trace ids for logs, nothing sent). */
  readonly exporter: 'azure-monitor' | 'local';
  /** Flushes and stops (call on shutdown so the last turns are not lost). */
  close(): Promise<void>;
}

/** Registers the global providers for `config`; call once, first thing in the composition root. */
export async function startTelemetry(config: Readonly<TelemetryConfig>): Promise<StartedTelemetry> {
  if (config.connectionString) {
    // Loaded only when used: the distro is large and starts exporters on import.
    const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
    // The distro builds its resource (App Insights cloud role name) from the environment.
    process.env.OTEL_SERVICE_NAME ??= SERVICE_NAME;
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: config.connectionString },
      // Live metrics would stream request details; standard metrics and traces are enough.
      enableLiveMetrics: false,
    });
    return { exporter: 'azure-monitor', close: () => shutdownAzureMonitor() };
  }
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  // Nothing reads the spans here, so none is recorded (no attributes kept, nothing to end): the
  // spans are non-recording but still carry trace and span ids, which is all the logs need.
  const provider = new BasicTracerProvider({ sampler: new AlwaysOffSampler() });
  trace.setGlobalTracerProvider(provider);
  return {
    exporter: 'local',
    close: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
