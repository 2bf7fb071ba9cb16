/**
 * Pins diagnostic-settings requests to api-version 2021-05-01-preview. arm-monitor 7 (the last
 * major that runs on Node 20) sends 2017-05-01-preview, whose schema has no `categoryGroup`: a
 * setting that collects the `audit` or `allLogs` group would come back without it and read as
 * "logging off". 2021-05-01-preview carries `categoryGroup` and accepts the same request bodies
 * the adapter sends (categories only), so one policy on the Monitor client fixes the reads.
 */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** The api-version the adapter reads and writes diagnostic settings at. */
export const DIAGNOSTIC_SETTINGS_API_VERSION = '2021-05-01-preview';

const DIAGNOSTIC_SETTINGS_PATH = /\/providers\/Microsoft\.Insights\/diagnosticSettings(\/|$)/i;

/** The policy (add it per call to the Monitor client). */
export const diagnosticSettingsApiVersionPolicy: PipelinePolicy = {
  name: 'kvbotDiagnosticSettingsApiVersionPolicy',
  sendRequest(request, next) {
    const url = new URL(request.url);
    if (DIAGNOSTIC_SETTINGS_PATH.test(url.pathname) && url.searchParams.has('api-version')) {
      url.searchParams.set('api-version', DIAGNOSTIC_SETTINGS_API_VERSION);
      request.url = url.toString();
    }
    return next(request);
  },
};
