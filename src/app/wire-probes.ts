/**
 * Builds the probe and triage feature for the composition root: the ProbeService over Azure,
 * the use case with its consent store and vault-approver rule (src/core/probes/consented-probes.ts),
 * and the conversation's routes (dialogs/probe/create-probe-routes.ts), with the hooks that hand
 * results to escalation.
 */
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config.js';
import type { AuditAppender } from '../core/audit/audit-log.js';
import type { AzureDirectory } from '../core/probes/azure-directory.js';
import { ProbeService } from '../core/probes/probe-service.js';
import { ConsentedProbes, type ConsentedProbesOptions } from '../core/probes/consented-probes.js';
import type { ProbeConsent } from '../core/probes/probe-consent.js';
import type { RecordStore } from '../core/storage/record-store.js';
import type { FaqCards } from '../../dialogs/faq-cards.js';
import type { TriageKnowledge } from '../../dialogs/triage/triage-route.js';
import { createProbeRoutes, type ProbeRoutes, type ProbeRoutesDeps } from '../../dialogs/probe/create-probe-routes.js';
import { vaultApproverCheck } from '../../dialogs/probe/vault-approvers.js';
import type { EscalationHooks } from './escalation-hooks.js';

/** The bot's name in consent cards ("… will read … as Key Vault Access Assistant"). */
const BOT_NAME = 'Key Vault Access Assistant';

/** What the probe feature is built from. */
export interface ProbesWiringOptions {
  config: {
    approvals: Pick<AppConfig['approvals'], 'approverGroupId'>;
    azure: Pick<AppConfig['azure'], 'callTimeoutInMs'>;
  };
  storage: { recordStore<T>(namespace: string): RecordStore<T> };
  directory: AzureDirectory;
  /** Titles and headings of triage answers; with `match`, the matcher for errors wrapped in a question. */
  knowledge: TriageKnowledge;
  /** The FAQ's answer card: an error wrapped in a question gets the triage card and the answer in one reply. */
  cards?: Pick<FaqCards, 'answer' | 'didYouMean' | 'noMatch'>;
  audit: AuditAppender;
  hooks?: Pick<EscalationHooks, 'onProbeResult' | 'onTriage'>;
  /** Wraps the probe service (e.g. in telemetry spans). */
  wrapProbes?: (service: ProbeService) => ProbeService;
}

/** The use case's ports and the conversation's extras: everything {@link probeRoutes} joins. */
export type ProbeRoutesOptions = Omit<ConsentedProbesOptions, 'now' | 'newId'> &
  Partial<Pick<ConsentedProbesOptions, 'now' | 'newId'>> &
  Omit<ProbeRoutesDeps, 'probes'>;

/** The use case over its ports, and the conversation over the use case (tests build the feature here too). */
export function probeRoutes(o: ProbeRoutesOptions): ProbeRoutes {
  const { probes, consents, isApprover, audit, now, newId, consentTtlInMs, probeTimeoutInMs, ...conversation } = o;
  const useCase = new ConsentedProbes({
    probes,
    consents,
    isApprover,
    now: now ?? (() => new Date()),
    newId: newId ?? randomUUID,
    audit,
    consentTtlInMs,
    probeTimeoutInMs,
  });
  return createProbeRoutes({ ...conversation, probes: useCase });
}

/** Builds the probe routes over Azure and storage. */
export function wireProbes(o: ProbesWiringOptions): ProbeRoutes {
  return probeRoutes({
    probes: o.wrapProbes ? o.wrapProbes(new ProbeService(o.directory)) : new ProbeService(o.directory),
    consents: o.storage.recordStore<ProbeConsent>('probe-consents'),
    isApprover: vaultApproverCheck(o.directory, {
      approverGroupId: o.config.approvals.approverGroupId,
      timeoutInMs: o.config.azure.callTimeoutInMs,
    }),
    identity: { sandbox: o.directory.sandbox, botName: BOT_NAME },
    knowledge: o.knowledge,
    ...(o.cards ? { cards: o.cards } : {}),
    // A probe makes several calls, each with its own deadline.
    probeTimeoutInMs: o.config.azure.callTimeoutInMs * 4,
    audit: o.audit,
    ...(o.hooks ? { onProbeResult: o.hooks.onProbeResult, onTriage: o.hooks.onTriage } : {}),
    ...(o.directory.findUserByPrincipalName ? { findPerson: personFinder(o.directory) } : {}),
  });
}

/** "bob@contoso.com" → Bob's object id, through the directory's user lookup. */
function personFinder(directory: AzureDirectory): (principalName: string) => Promise<{ id: string } | undefined> {
  return async (principalName) => {
    const user = await directory.findUserByPrincipalName?.(principalName);
    return user ? { id: user.id } : undefined;
  };
}
