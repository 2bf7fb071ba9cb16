/** Probe results for test fakes of the probe service. */
import type { ProbeResult } from '../../src/core/probes/probe-result.js';

/** An `undetermined` permission check of `vault` (Azure could not say), with any extra result fields. */
export function undeterminedCheck(vault: string, reason: string, extra: Record<string, unknown> = {}): ProbeResult {
  return {
    probe: 'permission-check',
    vault,
    model: null,
    verdict: 'undetermined',
    sandbox: false,
    evidence: [],
    fixes: [],
    reason,
    ...extra,
  };
}
