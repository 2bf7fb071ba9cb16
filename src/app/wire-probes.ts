/**
 * Builds the probe and triage feature for the composition root: the ProbeService over Azure,
 * the consent store, the vault-approver rule, and the conversation's routes
 * (dialogs/probe/create-probe-routes.ts), with the hooks that hand results to escalation.
 */
import type { AppConfig } from '../config.js';
import type { AuditAppender } from '../core/audit/audit-log.js';
import type { AzureDirectory } from '../core/probes/azure-directory.js';
import { ProbeService } from '../core/probes/probe-service.js';
import type { RecordStore } from '../core/storage/record-store.js';
import type { FaqKnowledge } from '../../dialogs/faq-knowledge.js';
import { createProbeRoutes, type ProbeRoutes } from '../../dialogs/probe/create-probe-routes.js';
import type { ProbeConsent } from '../../dialogs/probe/probe-consent.js';
import { vaultApproverCheck } from '../../dialogs/probe/vault-approvers.js';
import type { EscalationHooks } from './escalation-hooks.js';

/** The bot's name in consent cards ("… will read … as Key Vault Access Assistant"). */
const BOT_NAME = 'Key Vault Access Assistant';

/** What the probe feature is built from. */
export interface ProbesWiringOptions {
  config: { approvals: Pick<AppConfig['approvals'], 'approverGroupId'>; azure: Pick<AppConfig['azure'], 'callTimeoutInMs'> };
  storage: { recordStore<T>(namespace: string): RecordStore<T> };
  directory: AzureDirectory;
  knowledge: Pick<FaqKnowledge, 'entry'>;
  audit: AuditAppender;
  hooks?: Pick<EscalationHooks, 'onProbeResult' | 'onTriage'>;
  /** Wraps the probe service (e.g. in telemetry spans). */
  wrapProbes?: (service: ProbeService) => ProbeService;
}

/** Builds the probe routes over Azure and storage. */
export function wireProbes(o: ProbesWiringOptions): ProbeRoutes {
  return createProbeRoutes({
    probes: o.wrapProbes ? o.wrapProbes(new ProbeService(o.directory)) : new ProbeService(o.directory),
    consents: o.storage.recordStore<ProbeConsent>('probe-consents'),
    isApprover: vaultApproverCheck(o.directory, { approverGroupId: o.config.approvals.approverGroupId, timeoutInMs: o.config.azure.callTimeoutInMs }),
    identity: { sandbox: o.directory.sandbox, botName: BOT_NAME },
    knowledge: o.knowledge,
    // A probe makes several calls, each with its own deadline.
    probeTimeoutInMs: o.config.azure.callTimeoutInMs * 4,
    audit: o.audit,
    ...(o.hooks ? { onProbeResult: o.hooks.onProbeResult, onTriage: o.hooks.onTriage } : {}),
  });
}
