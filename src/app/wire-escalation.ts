/**
 * Builds escalation for the composition root: the case service over the storage ports, the
 * Teams notifier and roster check over proactive messaging, the optional webhook outbox, the
 * reminder timer, and the main dialog extensions (routes, card actions, activity-log observer).
 *
 * Called from src/index.ts (after the storage factory, before startBot); `start()` resumes webhook
 * deliveries and starts the reminders. Other features reach the facade through the hooks in
 * ./escalation-hooks.ts (`escalations.offer(context, trigger, parts)`).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { BotState, Storage, TurnContext } from 'botbuilder';
import { SnapshotBotState } from '../adapters/bot/snapshot-bot-state.js';
import { saveAtEndOfTurn } from '../adapters/bot/end-of-turn-saves.js';
import type { AppConfig } from '../config.js';
import type { AuditAppender as AuditLogAppender } from '../core/audit/audit-log.js';
import type { Case, CaseCounter, SupportChannel, EscalationAuditRecord } from '../core/escalation/index.js';
import { ESCALATION_COLLECTIONS } from '../core/escalation/escalation-collections.js';
import { EscalationService } from '../core/escalation/escalation-service.js';
import { RecordCounters, type Counters } from '../core/storage/counter.js';
import { keyedPerson } from '../core/identity/identity.js';
import type { RecordStore } from '../core/storage/record-store.js';
import type { CaseEventSink } from '../core/escalation/escalation-ports.js';
import { ActivityLog, type EscalationConversationData } from '../../dialogs/escalation/activity-log.js';
import { Escalations } from '../../dialogs/escalation/escalations.js';
import { escalationRoutes } from '../../dialogs/escalation/escalation-routes.js';
import type { BotExtensions } from '../adapters/bot/create-bot.js';
import { FileProposalWriter } from '../adapters/proposals/file-proposal-writer.js';
import { WebhookOutbox } from '../adapters/webhook/webhook-outbox.js';
import type { OutboxItem } from '../adapters/webhook/outbox-item.js';
import { TeamsEscalationCards } from '../../dialogs/escalation/teams-escalation-cards.js';
import { RosterSupportMembership } from '../adapters/bot/escalation-membership.js';
import type { Logger } from '../adapters/bot/logger.js';
import { createProactiveMessenger } from '../adapters/bot/proactive-messenger.js';
import { TeamsNotifier } from '../adapters/bot/teams-notifier.js';
import type { ProactiveMessenger } from '../../dialogs/proactive-messenger.js';

/** What escalation needs from outside. */
export interface EscalationWiringOptions {
  config: Pick<AppConfig, 'auth' | 'escalation' | 'knowledgeDir'>;
  /** The storage factory (or anything that hands out record stores, and optionally counters). */
  storage: { recordStore<T>(namespace: string): RecordStore<T>; counters?(): Counters };
  /** Bot Framework Storage, for the per-conversation recent-activity log. */
  botStorage: Storage;
  /** The tamper-evident audit log (src/core/audit); omitted, case events are only logged. */
  audit?: AuditLogAppender;
  logger?: Logger;
  /** Proactive messaging; default one over a CloudAdapter from `config.auth`. */
  messenger?: Pick<ProactiveMessenger, 'send' | 'update' | 'members'>;
  /** How often the reminder timer looks for untaken cases; default 30 s. */
  reminderCheckEveryInMs?: number;
  clock?: () => Date;
  /** `fetch` for the webhook (tests). */
  fetch?: typeof fetch;
  /** Wraps the case event sink (the webhook outbox, if any), e.g. to count case events in telemetry. */
  caseEvents?: (outbox: CaseEventSink | undefined) => CaseEventSink;
}

/** Escalation, built. */
export interface EscalationWiring {
  service: EscalationService;
  /** The facade other dialogs call: `offer(context, trigger, parts)`, `open(…)`. */
  escalations: Escalations;
  /** Main dialog extensions (text route, card actions, observer). */
  extensions: Required<Pick<BotExtensions, 'textRoutes' | 'submitRoutes' | 'observers'>>;
  outbox?: WebhookOutbox;
  /** Resumes webhook deliveries and starts the reminder timer. */
  start(): Promise<void>;
  /** One reminder sweep (what the timer runs). */
  runReminders(): Promise<void>;
  /** Stops the timer and the outbox (pending deliveries stay in the outbox). */
  close(): Promise<void>;
}

/** The escalation log's own state slot: `<channel>/conversations/<id>/escalation`. */
function escalationState(storage: Storage): BotState {
  return new SnapshotBotState(storage, async (context: TurnContext) => {
    const a = context.activity;
    if (!a.channelId || !a.conversation?.id)
      throw new Error('The activity has no channel or conversation id, so its escalation log cannot be stored.');
    return `${a.channelId}/conversations/${a.conversation.id}/escalation`;
  });
}

function auditAdapter(
  audit: AuditLogAppender | undefined,
  logger: Logger | undefined,
): (r: EscalationAuditRecord) => Promise<void> {
  return async (r) => {
    logger?.info('case event', { type: r.type, caseNumber: r.caseNumber, actor: r.actor.id });
    if (!audit) return;
    await audit.append({
      type: 'escalation',
      actor: keyedPerson(r.actor),
      ...(r.caseNumber ? { correlationId: r.caseNumber } : {}),
      data: { event: r.type, ...(r.caseId ? { caseId: r.caseId } : {}), ...(r.details ?? {}) },
    });
  };
}

/** Builds escalation from configuration and storage. */
export function wireEscalation(options: EscalationWiringOptions): EscalationWiring {
  const { config, storage, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const messenger = options.messenger ?? createProactiveMessenger(config.auth);
  const supportChannels = storage.recordStore<SupportChannel>(ESCALATION_COLLECTIONS.supportChannels);
  // The roster check reads the channel through the service, which needs the check: tie the knot late.
  const late: { service?: EscalationService } = {};
  const membership = new RosterSupportMembership({
    sender: messenger,
    channel: async () => late.service?.getSupportChannel(),
    onError: (e) =>
      logger?.warn('could not read the support channel roster', { error: e instanceof Error ? e.message : String(e) }),
  });
  const outbox =
    config.escalation.webhookUrl && config.escalation.webhookSecret
      ? new WebhookOutbox({
          url: config.escalation.webhookUrl,
          secret: config.escalation.webhookSecret,
          store: storage.recordStore<OutboxItem>(ESCALATION_COLLECTIONS.outbox),
          ...(options.fetch ? { fetch: options.fetch } : {}),
          log: (entry) =>
            logger?.[entry.level](entry.message, {
              deliveryId: entry.deliveryId,
              event: entry.event,
              attempts: entry.attempts,
            }),
        })
      : undefined;
  const service = new EscalationService(
    {
      cases: storage.recordStore<Case>(ESCALATION_COLLECTIONS.cases),
      counters:
        storage.counters?.() ?? new RecordCounters(storage.recordStore<CaseCounter>(ESCALATION_COLLECTIONS.counters)),
      supportChannels,
      notifier: new TeamsNotifier(messenger),
      supportMembers: membership,
      audit: auditAdapter(options.audit, logger),
      ...(options.caseEvents ? { events: options.caseEvents(outbox) } : outbox ? { events: outbox } : {}),
      proposals: new FileProposalWriter({ dir: path.join(config.knowledgeDir, 'proposed') }),
      clock,
      newId: randomUUID,
    },
    { adminIds: config.escalation.adminIds, reminderAfterInMs: config.escalation.reminderAfterInMs },
  );

  late.service = service;
  const state = escalationState(options.botStorage);
  const log = new ActivityLog(state.createProperty<EscalationConversationData>('log'), saveAtEndOfTurn(state), clock);
  const escalations = new Escalations({
    service,
    log,
    cards: new TeamsEscalationCards(),
    onWarnings: (warnings, what) => logger?.warn('escalation side effects failed', { what, warnings }),
  });
  const routes = escalationRoutes(escalations);

  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  const runReminders = async (): Promise<void> => {
    const { reminded, warnings } = await service.runReminders();
    if (reminded.length > 0) logger?.info('reminded the support channel', { cases: reminded.map((c) => c.number) });
    if (warnings.length > 0) logger?.warn('reminder side effects failed', { warnings });
  };

  return {
    service,
    escalations,
    extensions: { textRoutes: [routes.textRoute], submitRoutes: routes.submitRoutes, observers: [routes.observer] },
    ...(outbox ? { outbox } : {}),
    runReminders,
    async start() {
      await outbox?.start();
      if (timer) return;
      timer = setInterval(() => {
        // One sweep at a time; a slow Teams must not pile sweeps up.
        sweeping ??= runReminders()
          .catch((e: unknown) =>
            logger?.error('reminder sweep failed', { error: e instanceof Error ? e.message : String(e) }),
          )
          .finally(() => {
            sweeping = undefined;
          });
      }, options.reminderCheckEveryInMs ?? 30_000);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await sweeping;
      await outbox?.stop();
    },
  };
}
