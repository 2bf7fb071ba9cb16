/**
 * Composition root (`npm start`): config → adapters (storage, knowledge) → core services →
 * dialogs → bot → HTTP server. The only place that chooses implementations; everything else
 * receives its dependencies.
 */
import { loadConfig } from './config.js';
import { FaqService } from './adapters/knowledge/faq-service.js';
import { formatKbIssue } from './core/knowledge/kb-errors.js';
import { createStorageFactory } from './adapters/storage/storage-factory.js';
import { TurnBatchedStorage } from './adapters/bot/turn-batched-storage.js';
import type { FeedbackRecord, HumanRequestRecord, UnansweredQuestionRecord } from './core/feedback/feedback-records.js';
import { FEEDBACK_COLLECTIONS } from '../dialogs/feedback-stores.js';
import { MatcherKnowledge } from './adapters/bot/matcher-knowledge.js';
import { mergeExtensions } from './adapters/bot/create-bot.js';
import { createProbeRoutes } from '../dialogs/probe/create-probe-routes.js';
import type { ProbeConsent } from '../dialogs/probe/probe-consent.js';
import { vaultApproverCheck } from '../dialogs/probe/vault-approvers.js';
import { openAzureDirectory } from './adapters/azure/open-directory.js';
import { createAuditLog } from './adapters/storage/audit-log-factory.js';
import { ProbeService } from './core/probes/probe-service.js';
import { createApprovalFeature } from './adapters/bot/approval-feature.js';
import { createEscalation } from './adapters/bot/escalation-wiring.js';
import { escalationHooks } from './adapters/bot/escalation-hooks.js';
import { createLogger } from './adapters/bot/logger.js';
import { startBot } from './adapters/bot/bot-server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  // Adapters.
  const storage = createStorageFactory(config);
  const swept = await storage.sweepOrphans();
  if (swept.locks + swept.temps + swept.drafts > 0) logger.info('removed files left by a killed process', { ...swept });
  const faq = await FaqService.start(config.knowledgeDir, {
    watch: config.watchKnowledge,
    onReload: (event) => {
      if (event.ok) logger.info('knowledge base loaded', { entries: event.kb.entries.length, warnings: event.issues.map(formatKbIssue) });
      else logger.error('knowledge base reload failed; keeping the last good version', { issues: event.issues.map(formatKbIssue), error: event.error?.message });
    },
  });

  // Core services behind the dialogs' ports; every turn uses the KB as last reloaded.
  const knowledge = new MatcherKnowledge(() => faq.matcher);

  // Bot state reaches the store once per turn (conversation, user and escalation state together).
  const botStorage = new TurnBatchedStorage(storage.botStorage());
  const audit = createAuditLog(storage);
  const azure = await openAzureDirectory(config.azure);
  if (azure.sandboxUrl) logger.warn('SANDBOX MODE: no Azure settings, so probes and fixes go to the embedded emulator with the demo tenant; every result says so.', { emulator: azure.sandboxUrl, fixture: config.azure.sandboxFixture });
  else logger.info('azure', { mode: config.azure.mode, subscriptions: config.azure.subscriptionIds.length });

  // Features plug into the main dialog's routing. Escalation comes first so that a message being
  // relayed to a support engineer is not taken as a new question or a pasted error.
  const escalation = createEscalation({ config, storage, botStorage, logger, audit });
  await escalation.start();
  // What probes, triage and fixes find goes into the case packet; failures offer a person.
  const hooks = escalationHooks(escalation.escalations);
  const probes = createProbeRoutes({
    probes: new ProbeService(azure.directory),
    consents: storage.recordStore<ProbeConsent>('probe-consents'),
    isApprover: vaultApproverCheck(azure.directory, { approverGroupId: config.approvals.approverGroupId, timeoutInMs: config.azure.callTimeoutInMs }),
    identity: { sandbox: azure.directory.sandbox, botName: 'Key Vault Access Assistant' },
    knowledge,
    probeTimeoutInMs: config.azure.callTimeoutInMs * 4,
    audit,
    onProbeResult: hooks.onProbeResult,
    onTriage: hooks.onTriage,
  });
  const approvals = createApprovalFeature({ config, storage, directory: azure.directory, audit, logger, onFixEvent: hooks.onFixEvent });
  // The typed fix request ("give group X access to kv-y to list secrets") goes before the probe
  // request in words, which would otherwise take it for "can X list secrets in kv-y?".
  const extensions = mergeExtensions(escalation.extensions, approvals.extensions, probes);

  // Bot (dialogs, state, HTTP).
  const running = await startBot(config, {
    knowledge,
    extensions,
    stores: {
      feedback: storage.recordStore<FeedbackRecord>(FEEDBACK_COLLECTIONS.feedback),
      unanswered: storage.recordStore<UnansweredQuestionRecord>(FEEDBACK_COLLECTIONS.unanswered),
      humanRequests: storage.recordStore<HumanRequestRecord>(FEEDBACK_COLLECTIONS.humanRequests),
    },
    storage: botStorage,
    middleware: [botStorage.middleware(), approvals.middleware],
    logger,
    closeables: [faq, approvals, escalation, azure, storage],
  });
  logger.info('storage', { where: storage.description });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error('shutdown failed', { error: (e as Error)?.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  const err = e as Error;
  process.stderr.write(`kv-access-assistant failed to start: ${err?.name ?? 'Error'}: ${err?.message ?? String(e)}\n`);
  process.exit(1);
});
