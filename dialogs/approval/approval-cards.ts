/**
 * The approval card, in two views of the same stored request. Approvers get Approve / Reject
 * (`Action.Execute`, verb `approval.decide`, data `{ requestId, version, decision }` plus the
 * comment input; an `Action.Submit` fallback for clients without Universal Actions). Everyone else
 * — the requester included — and everyone after a decision gets the read-only status. While the
 * request is pending, the card has a `refresh` block so Teams redraws it per viewer.
 */
import type { Attachment } from 'botbuilder';
import { hoursLabel, utcMinute } from '../time-labels.js';
import type { ApprovalRequest } from '../../src/core/approvals/approval-request.js';
import {
  card,
  facts,
  submit,
  text,
  type CardAction,
  type CardElement,
  type CardOptions,
} from '../cards/adaptive-card.js';
import { planDetails, undoTitle, withoutUndoPrefix } from '../fix/plan-elements.js';
import { APPROVAL_SUBMIT_ACTION, APPROVAL_VERBS } from './approval-actions.js';

/** Teams allows at most 60 user ids in `refresh.userIds`. */
const MAX_REFRESH_USERS = 60;

const STATUS_TEXT: Record<ApprovalRequest['status'], string> = {
  pending: 'Waiting for approval',
  approved: 'Approved — applying',
  applying: 'Approved — applying',
  applied: 'Applied',
  rejected: 'Rejected',
  failed: 'Not applied',
  expired: 'Expired (nobody decided in time)',
  undone: 'Applied, then undone',
  superseded: 'Replaced by a newer plan',
};

/** Which view to draw. */
export type ApprovalView = 'approver' | 'status';

/** Options of {@link approvalCard}. */
export interface ApprovalCardOptions {
  /** Teams user ids (MRIs) of approvers whose clients should refresh the card to the approver view. */
  refreshUserIds?: readonly string[];
  /** A line to show on top (e.g. why the viewer sees the status only). */
  notice?: string;
}

/** One line on the request's state, with who decided and the apply/verify outcome. */
export function statusLine(r: ApprovalRequest): string {
  const decision = r.decisions.at(-1);
  const by = decision ? ` by ${decision.by.name}${decision.comment ? ` ("${decision.comment}")` : ''}` : '';
  const parts = [`${STATUS_TEXT[r.status]}${r.status === 'pending' ? '' : by}`];
  const verification = r.apply?.verification;
  if (verification) parts.push(verification.ok ? 'verified by re-reading Azure' : 'not verified yet');
  if (r.status === 'failed' && typeof r.apply?.detail === 'object' && r.apply.detail && 'message' in r.apply.detail)
    parts.push(String((r.apply.detail as { message: unknown }).message));
  return parts.join(' — ');
}

/** How long the access lasts: until when once applied, for how long before. */
function grantFacts(r: ApprovalRequest): Array<[string, string]> {
  if (r.grantExpiresAt) return [['Access until', `${utcMinute(r.grantExpiresAt)} (revoked automatically)`]];
  if (r.grantHours)
    return [
      ['Access for', `${hoursLabel(r.grantHours).toLowerCase()} from when it is applied (then revoked automatically)`],
    ];
  return [];
}

/** The card for `view`. Pending requests carry a refresh block; decided ones are final. */
export function approvalCard(r: ApprovalRequest, view: ApprovalView, options: ApprovalCardOptions = {}): Attachment {
  const summary = r.plan.summary;
  const actionable = view === 'approver' && r.status === 'pending';
  const body: Array<CardElement | undefined> = [
    text(
      `${r.kind === 'undo' ? 'Undo request' : 'Approval request'}: ${r.kind === 'undo' ? withoutUndoPrefix(summary) : summary}`,
      { weight: 'Bolder', size: 'Medium' },
    ),
    ...(options.notice ? [text(options.notice, { color: 'Attention' })] : []),
    facts([
      ['Requested by', r.requester.name || r.requester.id],
      ['Justification', r.justification],
      ['Status', statusLine(r)],
      ...grantFacts(r),
      ...(r.status === 'pending' ? [['Decide before', utcMinute(r.expiresAt)] as [string, string]] : []),
      ['Request', `${r.id} (v${r.version})`],
    ]),
    ...planDetails(r.plan),
  ];
  const actions: CardAction[] = [];
  if (actionable) {
    body.push({ type: 'Input.Text', id: 'comment', label: 'Comment (optional)', isMultiline: true, maxLength: 1000 });
    for (const decision of ['approve', 'reject'] as const) {
      const title = decision === 'approve' ? 'Approve' : 'Reject';
      const data = { requestId: r.id, version: r.version, decision };
      actions.push({
        type: 'Action.Execute',
        verb: APPROVAL_VERBS.decide,
        title,
        data,
        ...(decision === 'approve' ? { style: 'positive' } : { style: 'destructive' }),
        fallback: submit(title, { kvbot: APPROVAL_SUBMIT_ACTION, ...data }),
      });
    }
  } else if (view === 'approver') {
    body.push(text('This request has been decided; the card is read-only.', { isSubtle: true }));
  }
  const extra: CardOptions = {};
  if (r.status === 'pending') {
    const userIds = [...new Set(options.refreshUserIds ?? [])].slice(0, MAX_REFRESH_USERS);
    extra.refresh = {
      action: { type: 'Action.Execute', verb: APPROVAL_VERBS.refresh, title: 'Refresh', data: { requestId: r.id } },
      userIds,
    };
  }
  return card(body, actions, extra);
}

/** Short text for notifications about a request. */
export function requestLabel(r: ApprovalRequest): string {
  const summary = r.plan.summary;
  const hours = r.grantExpiresAt
    ? ` (until ${utcMinute(r.grantExpiresAt)})`
    : r.grantHours
      ? ` (for ${hoursLabel(r.grantHours).toLowerCase()})`
      : '';
  return `${r.kind === 'undo' ? `${undoTitle(summary)}` : summary}${hours}`;
}
