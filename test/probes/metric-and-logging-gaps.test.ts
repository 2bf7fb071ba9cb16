/**
 * Pure verdicts when Azure's answer has gaps: a metric that failed or came back empty, and a
 * diagnostic setting whose enabled log entry has no name (a category group read at an api-version
 * without `categoryGroup`). None of these may read as "fine" or as "logging off".
 */
import { describe, expect, it } from 'vitest';
import { evaluateAvailability } from '../../src/core/probes/availability.js';
import type { Metric } from '../../src/core/probes/azure-model.js';
import { evaluateLoggingStatus } from '../../src/core/probes/logging-status.js';
import { evaluateThrottling } from '../../src/core/probes/throttling.js';
import { vault } from '../helpers/fake-directory.js';

const kv = vault('kv-gaps', {});
const at = (h: number) => `2025-01-15T${String(h).padStart(2, '0')}:00:00Z`;
const avail = (xs: number[]): Metric => ({
  name: 'Availability',
  unit: 'Percent',
  series: [{ dimensions: {}, points: xs.map((v, i) => ({ timeStamp: at(i), average: v, minimum: v })) }],
});
const latency = (xs: number[]): Metric => ({
  name: 'ServiceApiLatency',
  unit: 'MilliSeconds',
  series: [{ dimensions: {}, points: xs.map((v, i) => ({ timeStamp: at(i), average: v, maximum: v })) }],
});
const failed = (name: string, code: string, message?: string): Metric => ({
  name,
  unit: 'Count',
  series: [],
  error: { code, ...(message ? { message } : {}) },
});

describe('availability with gaps in the metrics', () => {
  it('is allowed only when both metrics answered with data', () => {
    expect(evaluateAvailability(kv, [avail([100, 100]), latency([40, 50])]).verdict).toBe('allowed');
  });

  it('is undetermined, naming the error, when Availability failed', () => {
    const r = evaluateAvailability(kv, [
      failed('Availability', 'InvalidSamplingType', 'Sampling type is not found.'),
      latency([40]),
    ]);
    expect(r.verdict).toBe('undetermined');
    expect(r.reason).toContain('InvalidSamplingType: Sampling type is not found.');
  });

  it('is undetermined when a metric is missing from the answer', () => {
    const r = evaluateAvailability(kv, [avail([100])]);
    expect(r.verdict).toBe('undetermined');
    expect(r.reason).toMatch(/did not include the ServiceApiLatency metric/);
  });

  it('is still denied when the metric that answered shows a breach, and says what is missing', () => {
    const r = evaluateAvailability(kv, [avail([100, 92]), failed('ServiceApiLatency', 'Throttled')]);
    expect(r.verdict).toBe('denied');
    expect(r.reason).toMatch(/availability dropped to 92 %.*ServiceApiLatency metric \(Throttled\)/);
  });
});

describe('throttling with a failed metric', () => {
  it('is undetermined with the per-metric error, not "no 429s"', () => {
    const r = evaluateThrottling(kv, [failed('ServiceApiResult', 'InvalidSamplingType', 'nope')], 60);
    expect(r).toMatchObject({ verdict: 'undetermined', total: 0 });
    expect(r.reason).toContain('InvalidSamplingType: nope');
  });
});

describe('logging status with unnamed log entries', () => {
  const setting = (logs: { category?: string; categoryGroup?: string; enabled: boolean }[]) => ({
    name: 's',
    logs,
    metrics: [],
    workspaceId: '/law',
  });

  it('an enabled entry without category or group is undetermined, and offers no enable-audit-logging fix', () => {
    const r = evaluateLoggingStatus(kv, [setting([{ enabled: true }])]);
    expect(r).toMatchObject({ verdict: 'undetermined', fixes: [] });
    expect(r.reason).toMatch(/cannot tell/);
  });

  it('audit and allLogs groups count as audit logging; a named non-audit category does not', () => {
    expect(evaluateLoggingStatus(kv, [setting([{ categoryGroup: 'audit', enabled: true }])]).verdict).toBe('allowed');
    expect(evaluateLoggingStatus(kv, [setting([{ categoryGroup: 'allLogs', enabled: true }])]).verdict).toBe('allowed');
    expect(
      evaluateLoggingStatus(kv, [setting([{ category: 'AzurePolicyEvaluationDetails', enabled: true }])]),
    ).toMatchObject({ verdict: 'denied', fixes: ['enable-audit-logging'] });
  });
});
