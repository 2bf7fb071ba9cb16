/**
 * The conversation around a decision: posting the approval card to approvers (the registered
 * approvals channel and 1:1 with every approver the bot can reach), telling requester and
 * approver how a decision ended, turning every posted card read-only, and the expiry notice.
 * What a decision does (apply once, verify, re-plan, undo, revoke) is the use case
 * `ApprovedFixes` in src/core/approvals; this module renders its outcomes.
 */
import type { Activity, Attachment, TurnContext } from 'botbuilder';
import { utcMinute } from '../time-labels.js';
import { MessageFactory } from 'botbuilder';
import type { ApprovalRefusal } from '../../src/core/approvals/approval-refusal.js';
import type { Identity } from '../../src/core/identity/identity.js';
import { appliedPlanOf, type ApprovalRequest, type Person } from '../../src/core/approvals/approval-request.js';
import type { ApprovalService } from '../../src/core/approvals/approval-service.js';
import type { ApprovedFixes } from '../../src/core/approvals/approved-fixes.js';
import type { EntitlementChecker } from '../../src/core/approvals/entitlement-checker.js';
import { appliedCard, planCard } from '../fix/fix-cards.js';
import type { FixEvent, FixEventHook } from '../fix/fix-events.js';
import type { ApprovalContacts, KnownUser, PostedCard } from './approval-contacts.js';
import { approvalCard, requestLabel, statusLine } from './approval-cards.js';
import type { ProactiveMessenger, StoredReference } from '../proactive-messenger.js';

/** Logs what could not be delivered (a person is told another way, or it is retried). */
export type WorkflowLogger = (message: string, detail: Record<string, unknown>) => void;

/** What the workflow works with. */
export interface ApprovalWorkflowOptions {
  /** Reads requests (cards, views, "my approvals"). */
  approvals: Pick<ApprovalService, 'get' | 'list'>;
  /** The use case: decide, apply, verify, re-plan, undo, revoke (src/core/approvals/approved-fixes.ts). */
  decisions: Pick<ApprovedFixes, 'decide' | 'revokeDue'>;
  entitlements: EntitlementChecker;
  contacts: ApprovalContacts;
  messenger: Pick<ProactiveMessenger, 'send' | 'update' | 'continue'>;
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

/** What {@link ApprovalWorkflow.approvalsOf} found for a person. */
export interface ApprovalsOf {
  /** Pending requests of others that the person may decide now. */
  toDecide: ApprovalRequest[];
  /** The person's own requests not yet applied or ended. */
  mine: ApprovalRequest[];
  /** Pending requests whose vault's approvers could not be checked (Azure did not answer). */
  unchecked: number;
}

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
      const id = await this.trySend(
        channel.reference,
        MessageFactory.attachment(approvalCard(request, 'status', { refreshUserIds })),
        { requestId: request.id, to: 'approvals channel' },
      );
      if (id) posts.push({ reference: channel.reference, activityId: id, audience: 'channel' });
    }
    for (const approver of approvers) {
      const intro = `${request.requester.name || 'Someone'} asks for your approval: ${requestLabel(request)}.`;
      const id = await this.trySend(
        approver.reference,
        {
          ...MessageFactory.attachment(approvalCard(request, 'approver', { refreshUserIds })),
          text: intro,
        } as Partial<Activity>,
        { requestId: request.id, to: approver.aadObjectId },
      );
      if (id) posts.push({ reference: approver.reference, activityId: id, audience: 'approver' });
    }
    await this.o.contacts.updateRequest(request.id, (c) => ({ ...c, posts: [...c.posts, ...posts] }));
    return {
      approvers: approvers.filter((a) =>
        posts.some((p) => p.reference.conversation?.id === a.reference.conversation?.id),
      ),
      channel: posts.some((p) => p.audience === 'channel'),
    };
  }

  /** The card `viewer` should see for a request (Universal Actions refresh, "show approval <id>"). */
  async cardFor(requestId: string, viewer: Viewer): Promise<Attachment | undefined> {
    const request = await this.o.approvals.get(requestId);
    if (!request) return undefined;
    return approvalCard(request, await this.viewOf(request, viewer), {
      refreshUserIds: await this.refreshIds(request),
    });
  }

  /**
   * "My approvals": the pending requests `viewer` may decide now (Azure asked once per vault, as a
   * card click would be) and the viewer's own requests that are still open, oldest first. A person
   * whom the bot did not know when a request was sent never got its card; this is how they find it.
   */
  async approvalsOf(viewer: Viewer): Promise<ApprovalsOf> {
    if (!viewer.aadObjectId) return { toDecide: [], mine: [], unchecked: 0 };
    const me = viewer.aadObjectId;
    const pending = (await this.o.approvals.list({ status: 'pending' })).filter((r) => r.requester.id !== me);
    const entitledByVault = new Map<string, Promise<boolean | undefined>>();
    const entitled = (vaultId: string) => {
      if (!entitledByVault.has(vaultId))
        entitledByVault.set(
          vaultId,
          this.o.entitlements.isEntitledApprover(me, vaultId).then(
            (a) => a.entitled,
            (e: unknown) => {
              this.log('could not check whether the viewer may approve', {
                vault: vaultId,
                error: (e as Error)?.message,
              });
              return undefined;
            },
          ),
        );
      return entitledByVault.get(vaultId)!;
    };
    const answers = await Promise.all(pending.map((r) => entitled(r.vault.id)));
    const byAge = (a: ApprovalRequest, b: ApprovalRequest) => a.createdAt.localeCompare(b.createdAt);
    const mine = (await this.o.approvals.list({ requesterId: me }))
      .filter((r) => r.status === 'pending' || r.status === 'approved' || r.status === 'applying')
      .sort(byAge);
    return {
      toDecide: pending.filter((_, i) => answers[i] === true).sort(byAge),
      mine,
      unchecked: answers.filter((a) => a === undefined).length,
    };
  }

  /** The read-only card of a request (after a refusal, the clicker sees the current state). */
  async statusCard(requestId: string | undefined): Promise<Attachment | undefined> {
    const request = requestId ? await this.o.approvals.get(requestId) : undefined;
    return request ? approvalCard(request, 'status') : undefined;
  }

  /**
   * Applies a card click (approve/reject) by `actor` through the use case, then tells people and
   * re-draws the cards from its outcome. An approval is applied, verified and reported before this returns.
   */
  async decide(payload: unknown, actor: Person): Promise<DecideOutcome> {
    const outcome = await this.o.decisions.decide(payload, actor);
    switch (outcome.kind) {
      case 'refused':
        // An expiry found at click time changed the request: show everyone the final card, tell the requester.
        if (outcome.request && outcome.expired) await this.expired(outcome.request);
        return { ok: false, refusal: outcome.refusal, ...(outcome.request ? { request: outcome.request } : {}) };
      case 'rejected': {
        const { request, withdrawn, comment } = outcome;
        await this.refreshPosts(request);
        if (!withdrawn)
          await this.tellRequester(
            request,
            `${actor.name} rejected your request: ${requestLabel(request)}.${comment ? ` Comment: "${comment}"` : ''} Nothing was changed.`,
          );
        await this.event(request, withdrawn ? 'withdrawn' : 'rejected', comment ? { message: comment } : {});
        return {
          ok: true,
          request,
          message: withdrawn
            ? 'You withdrew your request. Nothing was changed.'
            : `Rejected. Nothing was changed; ${request.requester.name} has been told.`,
        };
      }
      case 'claimed-elsewhere':
        return { ok: true, request: outcome.request, message: `Approved. ${statusLine(outcome.request)}.` };
      case 'stale': {
        const { request, message, fresh, draft } = outcome;
        if (draft) await this.tellRequester(request, MessageFactory.attachment(planCard(draft)));
        else
          await this.tellRequester(
            request,
            `${message}${fresh && fresh.kind !== 'planned' ? ` Now: ${fresh.message}` : ''}`,
          );
        await this.refreshPosts(request);
        await this.event(request, 'stale', { message });
        return {
          ok: true,
          request,
          message: `Approved, but nothing was applied: ${message} ${request.requester.name} was asked to confirm the new plan.`,
        };
      }
      case 'apply-failed':
        await this.refreshPosts(outcome.request);
        await this.tellRequester(
          outcome.request,
          `Your request was approved by ${actor.name}, but applying it failed: ${outcome.message}`,
        );
        await this.event(outcome.request, 'apply-failed', { message: outcome.message });
        return { ok: true, request: outcome.request, message: `Approved, but applying failed: ${outcome.message}` };
      case 'applied': {
        const { request, plan, verify } = outcome;
        await this.refreshPosts(request);
        const lines = [`Approved by ${actor.name}.`, verify.message];
        if (request.grantExpiresAt)
          lines.push(`This access is removed automatically at ${utcMinute(request.grantExpiresAt)}.`);
        await this.tellRequester(
          request,
          MessageFactory.attachment(appliedCard(request.id, plan, lines, request.kind === 'fix')),
        );
        await this.event(request, verify.status === 'verified' ? 'verified' : 'verify-failed', {
          plan,
          ...(verify.status === 'verified' ? {} : { message: verify.message }),
        });
        return {
          ok: true,
          request,
          message: `Approved and applied: ${plan.summary}. ${verify.message} ${request.requester.name} has been told.`,
        };
      }
    }
  }

  /** Revokes applied time-limited grants whose time is up (the use case), telling each requester; returns the requests revoked. */
  async revokeDue(now?: Date): Promise<ApprovalRequest[]> {
    const revoked: ApprovalRequest[] = [];
    for await (const outcome of this.o.decisions.revokeDue(now)) {
      if (outcome.kind === 'not-revoked') {
        this.log('time-limited grant could not be revoked', {
          requestId: outcome.request.id,
          status: outcome.apply.status,
          message: outcome.apply.message,
        });
        continue;
      }
      const { request, undo } = outcome;
      revoked.push(request);
      await this.refreshPosts(request);
      const verified =
        undo.verify?.status === 'verified' ? ' Verified by re-reading Azure.' : ` ${undo.verify?.message ?? ''}`;
      await this.tellRequester(
        request,
        `Your time-limited access ended at ${request.grantExpiresAt ? utcMinute(request.grantExpiresAt) : 'its end time'}: ${undo.apply.plan.summary}.${verified} Ask again if you still need it.`,
      );
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
    await this.tellRequester(
      request,
      `Nobody decided on your request in time, so it expired at ${utcMinute(request.expiresAt)}: ${requestLabel(request)}. Nothing was changed. Ask for the fix again, or ask a person to help.`,
    );
    await this.event(request, 'expired');
  }

  /** Re-draws every posted card of a request from its stored state (read-only once decided). */
  async refreshPosts(request: ApprovalRequest): Promise<void> {
    const contacts = await this.o.contacts.forRequest(request.id);
    const refreshUserIds = request.status === 'pending' ? await this.refreshIds(request) : [];
    for (const post of contacts.posts) {
      const view = post.audience === 'approver' ? 'approver' : 'status';
      try {
        await this.o.messenger.update(
          post.reference,
          post.activityId,
          MessageFactory.attachment(approvalCard(request, view, { refreshUserIds })),
        );
      } catch (e) {
        this.log('could not update a posted approval card', {
          requestId: request.id,
          activityId: post.activityId,
          error: (e as Error)?.message,
        });
      }
    }
  }

  private async tellRequester(request: ApprovalRequest, message: string | Partial<Activity>): Promise<void> {
    const { requesterReference } = await this.o.contacts.forRequest(request.id);
    const reference = requesterReference ?? (await this.o.contacts.user(request.requester.id))?.reference;
    if (!reference) {
      this.log('no conversation to tell the requester in', { requestId: request.id, requester: request.requester.id });
      return;
    }
    await this.trySend(reference, typeof message === 'string' ? MessageFactory.text(message) : message, {
      requestId: request.id,
      to: 'requester',
    });
  }

  /**
   * Tells the hook about a request's outcome in a proactive turn of the requester's conversation.
   * Never throws: the decision is already made and recorded; a failing hook is only logged.
   */
  private async event(
    request: ApprovalRequest,
    status: FixEvent['status'],
    extra: Partial<FixEvent> = {},
  ): Promise<void> {
    const hook = this.o.onFixEvent;
    const messenger = this.o.messenger;
    if (!hook) return;
    const plan = extra.plan ?? appliedPlanOf(request);
    const event: FixEvent = {
      status,
      kind: request.kind,
      vault: request.vault.name,
      summary: plan.summary,
      requestId: request.id,
      plan,
      ...(extra.message ? { message: extra.message } : {}),
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

  private async trySend(
    reference: StoredReference,
    activity: Partial<Activity>,
    detail: Record<string, unknown>,
  ): Promise<string | undefined> {
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
        this.log('could not check whether a known user may approve', {
          user: user.aadObjectId,
          error: (e as Error)?.message,
        });
      }
    }
    return out;
  }

  private async refreshIds(request: ApprovalRequest): Promise<string[]> {
    const contacts = await this.o.contacts.users();
    const ids: string[] = [];
    for (const u of contacts) {
      if (!u.userId || u.aadObjectId === request.requester.id) continue;
      const entitled = await this.o.entitlements.isEntitledApprover(u.aadObjectId, request.vault.id).then(
        (e) => e.entitled,
        () => false,
      );
      if (entitled) ids.push(u.userId);
    }
    return ids;
  }

  private async viewOf(request: ApprovalRequest, viewer: Viewer): Promise<'approver' | 'status'> {
    if (request.status !== 'pending' || !viewer.aadObjectId || viewer.aadObjectId === request.requester.id)
      return 'status';
    const answer = await this.o.entitlements
      .isEntitledApprover(viewer.aadObjectId, request.vault.id)
      .catch(() => ({ entitled: false }));
    return answer.entitled ? 'approver' : 'status';
  }
}
