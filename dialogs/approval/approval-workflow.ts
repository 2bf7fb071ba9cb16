/**
 * What happens around a decision: posting the approval card to approvers (the registered
 * approvals channel and 1:1 with every approver the bot can reach), applying an approved fix
 * exactly once (the ApprovalService's apply claim), verifying it by re-reading Azure, re-planning
 * when the vault changed, telling requester and approver, turning every posted card read-only,
 * and revoking time-limited grants when they run out. The rules themselves (who may decide, and
 * when) are the ApprovalService's; this module never bypasses them.
 */
import type { Activity, Attachment, TurnContext } from 'botbuilder';
import { MessageFactory } from 'botbuilder';
import type { ApprovalRefusal } from '../../src/core/approvals/approval-refusal.js';
import type { Identity } from '../../src/core/identity/identity.js';
import type { ApprovalRequest, Person } from '../../src/core/approvals/approval-request.js';
import type { ApprovalService } from '../../src/core/approvals/approval-service.js';
import type { EntitlementChecker } from '../../src/core/approvals/entitlement-checker.js';
import type { AuditAppender } from '../../src/core/audit/audit-log.js';
import { SYSTEM_ACTOR } from '../../src/core/audit/audit-record.js';
import type { FixPlan } from '../../src/core/fixes/fix-plan.js';
import type { FixService } from '../../src/core/fixes/fix-service.js';
import { appliedCard, planCard } from '../fix/fix-cards.js';
import type { FixDrafts } from '../fix/fix-drafts.js';
import type { FixEvent, FixEventHook } from '../fix/fix-events.js';
import { isDrawablePlan } from '../fix/plan-elements.js';
import type { ApprovalContacts, KnownUser, PostedCard } from './approval-contacts.js';
import { approvalCard, requestLabel, statusLine } from './approval-cards.js';
import type { ProactiveMessenger, StoredReference } from '../proactive-messenger.js';

/** Logs what could not be delivered (a person is told another way, or it is retried). */
export type WorkflowLogger = (message: string, detail: Record<string, unknown>) => void;

/** What the workflow works with. */
export interface ApprovalWorkflowOptions {
  approvals: ApprovalService;
  fixes: FixService;
  entitlements: EntitlementChecker;
  contacts: ApprovalContacts;
  messenger: Pick<ProactiveMessenger, 'send' | 'update' | 'continue'>;
  drafts: FixDrafts;
  audit: AuditAppender;
  log?: WorkflowLogger;
  /** Told (in a proactive turn of the requester's conversation) how decided requests ended; see fix-events.ts. */
  onFixEvent?: FixEventHook;
}

/** Who is looking at a card or clicking it (unknown viewers, without an Entra object id, only ever see the status). */
export type Viewer = Pick<Identity, 'aadObjectId' | 'name'>;

/** The outcome of a card click. `message` is for the person who clicked. */
export type DecideOutcome =
  | { ok: true; request: ApprovalRequest; message: string }
  | { ok: false; refusal: ApprovalRefusal; request?: ApprovalRequest };

/** Who the approval card went to. */
export interface Distribution {
  approvers: KnownUser[];
  channel: boolean;
}

/** The approval flow around the ApprovalService. */
export class ApprovalWorkflow {
  private readonly log: WorkflowLogger;

  constructor(private readonly o: ApprovalWorkflowOptions) {
    this.log = o.log ?? (() => undefined);
  }

  /**
   * Sends the approval card for a new request: to the approvals channel (status view, refreshed
   * to buttons for the approvers Teams can identify) and 1:1 (buttons) to every person the bot has
   * a 1:1 conversation with who is entitled to approve it now. Remembers where the requester is.
   */
  async distribute(request: ApprovalRequest, requesterReference: StoredReference): Promise<Distribution> {
    await this.o.contacts.updateRequest(request.id, (c) => ({ ...c, requesterReference }));
    const approvers = await this.reachableApprovers(request);
    const refreshUserIds = approvers.map((a) => a.userId).filter((id): id is string => !!id);
    const posts: PostedCard[] = [];
    const channel = await this.o.contacts.channel();
    if (channel) {
      const id = await this.trySend(channel.reference, MessageFactory.attachment(approvalCard(request, 'status', { refreshUserIds })), { requestId: request.id, to: 'approvals channel' });
      if (id) posts.push({ reference: channel.reference, activityId: id, audience: 'channel' });
    }
    for (const approver of approvers) {
      const intro = `${request.requester.name || 'Someone'} asks for your approval: ${requestLabel(request)}.`;
      const id = await this.trySend(approver.reference, { ...MessageFactory.attachment(approvalCard(request, 'approver', { refreshUserIds })), text: intro } as Partial<Activity>, { requestId: request.id, to: approver.aadObjectId });
      if (id) posts.push({ reference: approver.reference, activityId: id, audience: 'approver' });
    }
    await this.o.contacts.updateRequest(request.id, (c) => ({ ...c, posts: [...c.posts, ...posts] }));
    return { approvers: approvers.filter((a) => posts.some((p) => p.reference.conversation?.id === a.reference.conversation?.id)), channel: posts.some((p) => p.audience === 'channel') };
  }

  /** The card `viewer` should see for a request (Universal Actions refresh, "show approval <id>"). */
  async cardFor(requestId: string, viewer: Viewer): Promise<Attachment | undefined> {
    const request = await this.o.approvals.get(requestId);
    if (!request) return undefined;
    return approvalCard(request, await this.viewOf(request, viewer), { refreshUserIds: await this.refreshIds(request) });
  }

  /** The read-only card of a request (after a refusal, the clicker sees the current state). */
  async statusCard(requestId: string | undefined): Promise<Attachment | undefined> {
    const request = requestId ? await this.o.approvals.get(requestId) : undefined;
    return request ? approvalCard(request, 'status') : undefined;
  }

  /**
   * Applies a card click (approve/reject) by `actor`. Refusals come from the ApprovalService
   * (which audits them). An approval is applied, verified and reported before this returns.
   */
  async decide(payload: unknown, actor: Person): Promise<DecideOutcome> {
    const result = await this.o.approvals.decide(payload, actor);
    if (!result.ok) {
      const request = result.refusal.requestId ? await this.o.approvals.get(result.refusal.requestId) : undefined;
      // An expiry found at click time changed the request: show everyone the final card, tell the requester.
      if (request && result.refusal.code === 'expired') await this.expired(request);
      return { ok: false, refusal: result.refusal, ...(request ? { request } : {}) };
    }
    const request = result.value;
    if (request.status === 'rejected') {
      const decision = request.decisions.at(-1);
      const withdrawn = decision?.by.id === request.requester.id;
      await this.refreshPosts(request);
      if (!withdrawn) await this.tellRequester(request, `${actor.name} rejected your request: ${requestLabel(request)}.${decision?.comment ? ` Comment: "${decision.comment}"` : ''} Nothing was changed.`);
      await this.event(request, withdrawn ? 'withdrawn' : 'rejected', decision?.comment ? { message: decision.comment } : {});
      return { ok: true, request, message: withdrawn ? 'You withdrew your request. Nothing was changed.' : `Rejected. Nothing was changed; ${request.requester.name} has been told.` };
    }
    return this.execute(request, actor);
  }

  /** Revokes applied time-limited grants whose time is up; returns the requests revoked. */
  async revokeDue(now?: Date): Promise<ApprovalRequest[]> {
    const revoked: ApprovalRequest[] = [];
    for (const request of await this.o.approvals.dueRevocations(now)) {
      const plan = appliedPlanOf(request);
      if (!plan) continue;
      const undo = await this.o.fixes.undo(plan);
      if (undo.apply.status !== 'applied') {
        await this.o.audit.append({ type: 'undo', actor: SYSTEM_ACTOR, vault: request.vault.name, requestId: request.id, data: { revocation: true, ok: false, status: undo.apply.status, message: undo.apply.message } });
        this.log('time-limited grant could not be revoked', { requestId: request.id, status: undo.apply.status, message: undo.apply.message });
        continue;
      }
      const marked = await this.o.approvals.markUndone(request.id, 'revocation', SYSTEM_ACTOR);
      if (!marked.ok) continue;
      revoked.push(marked.value);
      await this.refreshPosts(marked.value);
      const verified = undo.verify?.status === 'verified' ? ' Verified by re-reading Azure.' : ` ${undo.verify?.message ?? ''}`;
      await this.tellRequester(marked.value, `Your time-limited access ended at ${request.grantExpiresAt}: ${undo.apply.plan.summary}.${verified} Ask again if you still need it.`);
    }
    return revoked;
  }

  /**
   * A request expired without a decision (the timer's sweep, or a click that found it expired):
   * re-draws its cards and tells the requester once, offering what comes next through the hook.
   */
  async expired(request: ApprovalRequest): Promise<void> {
    await this.refreshPosts(request);
    let first = false;
    await this.o.contacts.updateRequest(request.id, (c) => {
      first = !c.expiryNoticeSent;
      return { ...c, expiryNoticeSent: true };
    });
    if (!first) return;
    await this.tellRequester(request, `Nobody decided on your request in time, so it expired at ${request.expiresAt}: ${requestLabel(request)}. Nothing was changed. Ask for the fix again, or ask a person to help.`);
    await this.event(request, 'expired');
  }

  /** Re-draws every posted card of a request from its stored state (read-only once decided). */
  async refreshPosts(request: ApprovalRequest): Promise<void> {
    const contacts = await this.o.contacts.forRequest(request.id);
    const refreshUserIds = request.status === 'pending' ? await this.refreshIds(request) : [];
    for (const post of contacts.posts) {
      const view = post.audience === 'approver' ? 'approver' : 'status';
      try {
        await this.o.messenger.update(post.reference, post.activityId, MessageFactory.attachment(approvalCard(request, view, { refreshUserIds })));
      } catch (e) {
        this.log('could not update a posted approval card', { requestId: request.id, activityId: post.activityId, error: (e as Error)?.message });
      }
    }
  }

  private async execute(approved: ApprovalRequest, actor: Person): Promise<DecideOutcome> {
    const claim = await this.o.approvals.claimApply(approved.id);
    if (!claim.ok) {
      const now = (await this.o.approvals.get(approved.id)) ?? approved;
      return { ok: true, request: now, message: `Approved. ${statusLine(now)}.` };
    }
    const plan = approved.plan as FixPlan;
    const applied = await this.o.fixes.apply(plan);
    if (applied.status === 'stale') {
      const done = await this.finish(approved.id, false, { stale: true, message: applied.message });
      const fresh = applied.fresh;
      if (fresh?.kind === 'planned' && approved.kind === 'fix') {
        const draft = await this.o.drafts.create({ kind: 'fix', requester: approved.requester, plan: fresh.plan, note: `${approved.vault.name} changed after you asked, so the approved plan was not applied. Here is the plan for the vault as it is now; confirm it to ask for approval again.` });
        await this.tellRequester(done, MessageFactory.attachment(planCard(draft)));
      } else {
        await this.tellRequester(done, `${applied.message}${fresh && fresh.kind !== 'planned' ? ` Now: ${fresh.message}` : ''}`);
      }
      await this.refreshPosts(done);
      await this.event(done, 'stale', { message: applied.message });
      return { ok: true, request: done, message: `Approved, but nothing was applied: ${applied.message} ${approved.requester.name} was asked to confirm the new plan.` };
    }
    if (applied.status === 'failed') {
      const done = await this.finish(approved.id, false, { message: applied.message, failure: applied.failure });
      await this.refreshPosts(done);
      await this.tellRequester(done, `Your request was approved by ${actor.name}, but applying it failed: ${applied.message}`);
      await this.event(done, 'apply-failed', { message: applied.message });
      return { ok: true, request: done, message: `Approved, but applying failed: ${applied.message}` };
    }
    await this.finish(approved.id, true, { plan: applied.plan, replanned: applied.replanned, message: applied.message });
    const verify = await this.o.fixes.verify(applied.plan);
    const recorded = await this.o.approvals.recordVerification(approved.id, { ok: verify.status === 'verified', detail: { status: verify.status, message: verify.message, ...('checks' in verify ? { checks: verify.checks } : {}) } });
    let final = recorded.ok ? recorded.value : ((await this.o.approvals.get(approved.id)) ?? approved);
    if (approved.kind === 'undo' && approved.undoOf) {
      await this.o.approvals.markUndone(approved.undoOf, approved.id, { id: actor.id, name: actor.name });
      final = (await this.o.approvals.get(approved.id)) ?? final;
    }
    await this.refreshPosts(final);
    const lines = [`Approved by ${actor.name}.`, verify.message];
    if (approved.grantExpiresAt) lines.push(`This access is removed automatically at ${approved.grantExpiresAt}.`);
    await this.tellRequester(final, MessageFactory.attachment(appliedCard(final.id, applied.plan, lines, approved.kind === 'fix')));
    await this.event(final, verify.status === 'verified' ? 'verified' : 'verify-failed', { plan: applied.plan, ...(verify.status === 'verified' ? {} : { message: verify.message }) });
    return { ok: true, request: final, message: `Approved and applied: ${applied.plan.summary}. ${verify.message} ${approved.requester.name} has been told.` };
  }

  private async finish(requestId: string, succeeded: boolean, detail: Record<string, unknown>): Promise<ApprovalRequest> {
    const r = await this.o.approvals.finishApply(requestId, { succeeded, detail });
    if (r.ok) return r.value;
    const stored = await this.o.approvals.get(requestId);
    if (!stored) throw new Error(`Approval request ${requestId} vanished while it was being applied.`);
    return stored;
  }

  private async tellRequester(request: ApprovalRequest, message: string | Partial<Activity>): Promise<void> {
    const { requesterReference } = await this.o.contacts.forRequest(request.id);
    const reference = requesterReference ?? (await this.o.contacts.user(request.requester.id))?.reference;
    if (!reference) {
      this.log('no conversation to tell the requester in', { requestId: request.id, requester: request.requester.id });
      return;
    }
    await this.trySend(reference, typeof message === 'string' ? MessageFactory.text(message) : message, { requestId: request.id, to: 'requester' });
  }

  /**
   * Tells the hook about a request's outcome in a proactive turn of the requester's conversation.
   * Never throws: the decision is already made and recorded; a failing hook is only logged.
   */
  private async event(request: ApprovalRequest, status: FixEvent['status'], extra: Partial<FixEvent> = {}): Promise<void> {
    const hook = this.o.onFixEvent;
    const messenger = this.o.messenger;
    if (!hook) return;
    const plan = extra.plan ?? appliedPlanOf(request);
    const event: FixEvent = {
      status, kind: request.kind, vault: request.vault.name, summary: plan?.summary ?? requestLabel(request), requestId: request.id,
      ...(plan ? { plan } : {}), ...(extra.message ? { message: extra.message } : {}),
    };
    try {
      const { requesterReference } = await this.o.contacts.forRequest(request.id);
      const reference = requesterReference ?? (await this.o.contacts.user(request.requester.id))?.reference;
      if (!reference) return;
      await messenger.continue(reference, (context: TurnContext) => hook(context, event));
    } catch (e) {
      this.log('a fix event hook failed', { requestId: request.id, status, error: (e as Error)?.message });
    }
  }

  private async trySend(reference: StoredReference, activity: Partial<Activity>, detail: Record<string, unknown>): Promise<string | undefined> {
    try {
      return (await this.o.messenger.send(reference, activity)) ?? undefined;
    } catch (e) {
      this.log('could not send a proactive message', { ...detail, error: (e as Error)?.message });
      return undefined;
    }
  }

  private async reachableApprovers(request: ApprovalRequest): Promise<KnownUser[]> {
    const out: KnownUser[] = [];
    for (const user of await this.o.contacts.users()) {
      if (user.aadObjectId === request.requester.id) continue;
      try {
        if ((await this.o.entitlements.isEntitledApprover(user.aadObjectId, request.vault.id)).entitled) out.push(user);
      } catch (e) {
        this.log('could not check whether a known user may approve', { user: user.aadObjectId, error: (e as Error)?.message });
      }
    }
    return out;
  }

  private async refreshIds(request: ApprovalRequest): Promise<string[]> {
    const contacts = await this.o.contacts.users();
    const ids: string[] = [];
    for (const u of contacts) {
      if (!u.userId || u.aadObjectId === request.requester.id) continue;
      const entitled = await this.o.entitlements.isEntitledApprover(u.aadObjectId, request.vault.id).then((e) => e.entitled, () => false);
      if (entitled) ids.push(u.userId);
    }
    return ids;
  }

  private async viewOf(request: ApprovalRequest, viewer: Viewer): Promise<'approver' | 'status'> {
    if (request.status !== 'pending' || !viewer.aadObjectId || viewer.aadObjectId === request.requester.id) return 'status';
    const answer = await this.o.entitlements.isEntitledApprover(viewer.aadObjectId, request.vault.id).catch(() => ({ entitled: false }));
    return answer.entitled ? 'approver' : 'status';
  }
}

/** The plan actually applied for a request (re-planning may have refreshed it), else the approved one. */
export function appliedPlanOf(request: ApprovalRequest): FixPlan | undefined {
  const detail = request.apply?.detail as { plan?: unknown } | undefined;
  if (detail && isDrawablePlan(detail.plan)) return detail.plan;
  return isDrawablePlan(request.plan) ? request.plan : undefined;
}
