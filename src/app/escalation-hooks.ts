/**
 * The hooks the composition root hands to the probe, triage and fix features so that what they
 * found lands in escalation's recent-activity log (a case opened later carries it without asking
 * the user again), and so that the moments a person should step in become offers of a case:
 * a probe that could not decide (`probe-failed`), a fix that failed to apply or verify
 * (`fix-failed`), a plan its requester gave up (`fix-rejected`), an approval nobody gave in time
 * (`approval-expired`). The features only know the hook signatures; only this file knows both sides.
 */
import type { TurnContext } from 'botbuilder';
import type { CaseTrigger } from '../core/escalation/case-types.js';
import type { ProbeResult } from '../core/probes/probe-result.js';
import { similarVaultsOf } from '../core/probes/similar-names.js';
import type { TriageResult } from '../core/triage/triage-types.js';
import type { PacketParts } from '../../dialogs/escalation/activity-log.js';
import type { FixEvent, FixEventStatus } from '../../dialogs/fix/fix-events.js';
import type { ProbeRequest } from '../../dialogs/probe/probe-request.js';

/** The part of the escalation facade the hooks use (dialogs/escalation/escalations.ts). */
export interface EscalationSink {
  offer(context: TurnContext, trigger: CaseTrigger, parts?: PacketParts): Promise<void>;
  record(context: TurnContext, parts: PacketParts): Promise<void>;
}

/** The hooks, ready for `wireProbes` and `wireApprovals`. */
export interface EscalationHooks {
  onProbeResult(context: TurnContext, result: ProbeResult, request: ProbeRequest & { vault: string }): Promise<void>;
  onTriage(context: TurnContext, result: TriageResult): Promise<void>;
  onFixEvent(context: TurnContext, event: FixEvent): Promise<void>;
}

/** Fix outcomes after which a person is offered, and as which trigger. */
const FIX_TRIGGERS: Partial<Record<FixEventStatus, CaseTrigger>> = {
  'apply-failed': 'fix-failed',
  'verify-failed': 'fix-failed',
  cancelled: 'fix-rejected',
  withdrawn: 'fix-rejected',
  expired: 'approval-expired',
};

/** Builds the hooks over the escalation facade. */
export function escalationHooks(escalations: EscalationSink): EscalationHooks {
  return {
    async onProbeResult(context, result, request) {
      const parts: PacketParts = {
        probeResult: {
          summary: `${result.verdict}: ${result.probe} on ${result.vault}${request.operation ? ` (${request.operation})` : ''}: ${result.reason}`,
          result,
        },
        vault: { name: result.vault },
      };
      // An undetermined result means Azure could not be read: the user cannot fix that alone. A
      // vault name with near names the bot found is a typo the result card offers to correct.
      if (result.verdict === 'undetermined' && similarVaultsOf(result).length === 0)
        await escalations.offer(context, 'probe-failed', parts);
      else await escalations.record(context, parts);
    },
    async onTriage(context, result) {
      await escalations.record(context, {
        triage: result,
        ...(result.fields.vault ? { vault: { name: result.fields.vault } } : {}),
      });
    },
    async onFixEvent(context, event) {
      const parts: PacketParts = {
        fixPlan: { summary: event.summary, status: event.status, ...(event.plan ? { plan: event.plan } : {}) },
        vault: { name: event.vault },
        ...(event.requestId ? { correlationId: `approval:${event.requestId}` } : {}),
        ...(event.message
          ? { note: `${event.kind === 'undo' ? 'Undo' : 'Fix'} ${event.status}: ${event.message}` }
          : {}),
      };
      const trigger = FIX_TRIGGERS[event.status];
      if (trigger) await escalations.offer(context, trigger, parts);
      else await escalations.record(context, parts);
    },
  };
}
