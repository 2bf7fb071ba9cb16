/**
 * Cards of the fix flow for the requester: the plan to confirm (with a required justification
 * and an optional time limit), the group picker when a name matches several groups, and the
 * result with its Undo button.
 */
import type { Attachment } from 'botbuilder';
import type { FixPlan, GroupCandidate } from '../../src/core/fixes/fix-plan.js';
import type { FixRequest } from '../../src/core/fixes/fix-request.js';
import { FIX_ACTIONS, GRANT_HOURS } from './fix-actions.js';
import type { FixDraft } from '../../src/core/fixes/fix-drafts.js';
import { card, dismiss, submit, text, type CardElement } from '../cards/adaptive-card.js';
import { diffElements, planDetails, planFacts, undoTitle } from './plan-elements.js';
import { hoursLabel } from '../time-labels.js';

/** The plan card: what will change, and the requester's confirmation. */
export function planCard(draft: FixDraft): Attachment {
  const plan = draft.plan;
  const title = draft.kind === 'undo' ? undoTitle(plan.summary) : `Proposed fix: ${plan.summary}`;
  const durations = [...new Set([...GRANT_HOURS, ...(draft.grantHours ? [draft.grantHours] : [])])].sort(
    (a, b) => a - b,
  );
  const body: Array<CardElement | undefined> = [
    text(title, { weight: 'Bolder', size: 'Medium' }),
    ...(draft.note ? [text(draft.note, { color: 'Attention' })] : []),
    ...planDetails(plan),
    text('Nothing changes until someone entitled to approve changes to this vault (not you) approves it.', {
      isSubtle: true,
      spacing: 'Medium',
    }),
    {
      type: 'Input.Text',
      id: 'justification',
      label: 'Why is this needed? (required; the approver sees it)',
      isRequired: true,
      errorMessage: 'Please give a justification.',
      isMultiline: true,
      maxLength: 500,
    },
  ];
  if (draft.kind === 'fix') {
    body.push({
      type: 'Input.ChoiceSet',
      id: 'grantHours',
      label: 'For how long?',
      style: 'compact',
      value: String(draft.grantHours ?? 0),
      choices: durations.map((h) => ({ title: hoursLabel(h), value: String(h) })),
    });
  }
  return card(body, [
    submit('Send for approval', { kvbot: FIX_ACTIONS.confirm, draftId: draft.id }, { style: 'positive' }),
    dismiss('Cancel', { kvbot: FIX_ACTIONS.cancel, draftId: draft.id }),
  ]);
}

/** "Which group did you mean?" for a display name that matches several groups. */
export function candidatesCard(
  message: string,
  candidates: readonly GroupCandidate[],
  request: FixRequest,
): Attachment {
  const operations = 'operations' in request ? request.operations : [];
  const actions = candidates.slice(0, 10).map((c) =>
    submit(`${c.displayName} (${c.id.slice(0, 8)}…)${c.securityEnabled ? '' : ' — not a security group'}`, {
      kvbot: FIX_ACTIONS.propose,
      fix: 'grant-group-access',
      vault: request.vault,
      group: c.id,
      operations,
    }),
  );
  return card(
    [
      text('Which group do you mean?', { weight: 'Bolder' }),
      text(message),
      ...candidates
        .slice(0, 10)
        .map((c) =>
          text(
            `• ${c.displayName} — ${c.id}${c.securityEnabled ? '' : ' (not security-enabled: cannot be granted access)'}`,
            { size: 'Small' },
          ),
        ),
    ],
    actions,
  );
}

/** The result of an applied fix for the requester (and approver), with Undo when there is one. */
export function appliedCard(requestId: string, plan: FixPlan, lines: string[], offerUndo: boolean): Attachment {
  return card(
    [
      text(`Done: ${plan.summary}`, { weight: 'Bolder' }),
      ...lines.map((l) => text(l)),
      planFacts(plan),
      ...diffElements(plan),
    ],
    offerUndo && plan.inverse ? [submit('Undo', { kvbot: FIX_ACTIONS.undo, requestId })] : [],
  );
}
