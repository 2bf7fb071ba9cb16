/**
 * Assembles the fix + approval feature for the composition root: entitlements over Azure, the
 * ApprovalService and FixService over the configured storage, conversation references, the
 * proactive messenger, the dialog routes, the middleware (Universal Actions and references) and
 * the expiry/revocation timer.
 */
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'botbuilder';
import type { AppConfig } from '../config.js';
import { ApprovalService } from '../core/approvals/approval-service.js';
import type { EntitlementChecker } from '../core/approvals/entitlement-checker.js';
import type { AuditAppender } from '../core/audit/audit-log.js';
import { FixService } from '../core/fixes/fix-service.js';
import type { AzureDirectory } from '../core/probes/azure-directory.js';
import { createApprovalService } from '../adapters/storage/approval-service-factory.js';
import type { StorageFactory } from '../adapters/storage/storage-factory.js';
import {
  ApprovalContacts,
  type ApprovalsChannel,
  type KnownUser,
  type RequestContacts,
} from '../../dialogs/approval/approval-contacts.js';
import { DirectoryEntitlementChecker } from '../core/approvals/directory-entitlement-checker.js';
import { approvalSubmitRoute, approvalTextRoute } from '../../dialogs/approval/approval-routes.js';
import { ApprovalTurns } from '../../dialogs/approval/approval-turns.js';
import { ApprovalWorkflow } from '../../dialogs/approval/approval-workflow.js';
import { ApprovedFixes } from '../core/approvals/approved-fixes.js';
import { FixDrafts, type FixDraft } from '../core/fixes/fix-drafts.js';
import { FixProposals } from '../core/fixes/fix-proposals.js';
import type { FixEventHook } from '../../dialogs/fix/fix-events.js';
import { FixFlow } from '../../dialogs/fix/fix-flow.js';
import { fixSubmitRoutes, fixTextRoute } from '../../dialogs/fix/fix-routes.js';
import type { ProactiveMessenger } from '../../dialogs/proactive-messenger.js';
import type { BotExtensions } from '../adapters/bot/create-bot.js';
import { approvalMiddleware } from '../adapters/bot/approval-middleware.js';
import { startApprovalTimer, type ApprovalTimer } from '../adapters/bot/approval-timer.js';
import type { Logger } from '../adapters/bot/logger.js';
import { createProactiveMessenger } from '../adapters/bot/proactive-messenger.js';

/** What the feature is built from. */
export interface ApprovalFeatureOptions {
  config: Pick<AppConfig, 'approvals' | 'auth'> & { escalation: Pick<AppConfig['escalation'], 'adminIds'> };
  storage: StorageFactory;
  directory: AzureDirectory;
  audit: AuditAppender;
  logger?: Logger;
  /** Overrides (tests): the messenger, entitlements, services, clock, timer interval. */
  messenger?: Pick<ProactiveMessenger, 'send' | 'update' | 'continue'>;
  entitlements?: EntitlementChecker;
  approvals?: ApprovalService;
  fixes?: FixService;
  clock?: () => Date;
  timerIntervalInMs?: number;
  /** false: no timer (tests drive `timer.tick()` themselves through `workflow`). */
  startTimer?: boolean;
  /** Told how fixes go (plan shown, cancelled, rejected, failed, verified, expired); see dialogs/fix/fix-events.ts. */
  onFixEvent?: FixEventHook;
}

/** The assembled feature. */
export interface ApprovalFeature {
  /** Pass to `createBot` / `startBot` (merge with other features' routes). */
  extensions: Required<Pick<BotExtensions, 'textRoutes' | 'submitRoutes'>>;
  /** Add to the adapter with `adapter.use(middleware)`. */
  middleware: Middleware;
  approvals: ApprovalService;
  fixes: FixService;
  /** The use cases: decisions (apply, verify, re-plan, undo, revoke) and the requester's proposals. */
  decisions: ApprovedFixes;
  proposals: FixProposals;
  workflow: ApprovalWorkflow;
  flow: FixFlow;
  turns: ApprovalTurns;
  contacts: ApprovalContacts;
  timer?: ApprovalTimer;
  /** Stops the timer. */
  close(): void;
}

/** Builds the feature. */
export function wireApprovals(o: ApprovalFeatureOptions): ApprovalFeature {
  const entitlements =
    o.entitlements ??
    new DirectoryEntitlementChecker(o.directory, { approverGroupId: o.config.approvals.approverGroupId });
  const approvals =
    o.approvals ??
    createApprovalService({ storage: o.storage, audit: o.audit, entitlements, config: o.config, clock: o.clock });
  const fixes = o.fixes ?? new FixService(o.directory, { newGuid: randomUUID });
  const contacts = new ApprovalContacts(
    {
      users: o.storage.recordStore<KnownUser>('approval-users'),
      settings: o.storage.recordStore<ApprovalsChannel>('approval-settings'),
      requests: o.storage.recordStore<RequestContacts>('approval-contacts'),
    },
    o.clock,
  );
  const drafts = new FixDrafts(o.storage.recordStore<FixDraft>('fix-drafts'), randomUUID, o.clock);
  const messenger = o.messenger ?? createProactiveMessenger(o.config.auth);
  const log = (message: string, detail: Record<string, unknown>) => o.logger?.warn(message, detail);
  // The use cases (src/core) ...
  const decisions = new ApprovedFixes({ approvals, fixes, drafts, audit: o.audit });
  const proposals = new FixProposals({
    fixes,
    approvals,
    drafts,
    audit: o.audit,
    clock: o.clock ?? (() => new Date()),
  });
  // ... and the conversation over them (dialogs/).
  const workflow = new ApprovalWorkflow({
    approvals,
    decisions,
    entitlements,
    contacts,
    messenger,
    log,
    ...(o.onFixEvent ? { onFixEvent: o.onFixEvent } : {}),
  });
  const flow = new FixFlow({ proposals, workflow, ...(o.onFixEvent ? { onFixEvent: o.onFixEvent } : {}) });
  const turns = new ApprovalTurns({
    workflow,
    contacts,
    adminIds: o.config.escalation.adminIds,
    clock: o.clock,
    audit: o.audit,
  });
  const timer =
    o.startTimer === false
      ? undefined
      : startApprovalTimer({ approvals, workflow, logger: o.logger, intervalInMs: o.timerIntervalInMs });
  return {
    extensions: {
      textRoutes: [approvalTextRoute(turns), fixTextRoute(flow)],
      submitRoutes: [...fixSubmitRoutes(flow), approvalSubmitRoute(turns)],
    },
    middleware: approvalMiddleware(turns, o.logger),
    approvals,
    fixes,
    decisions,
    proposals,
    workflow,
    flow,
    turns,
    contacts,
    timer,
    close: () => timer?.close(),
  };
}
