/**
 * Escalation as Teams messages: the offer card (priority choice), the support channel's case
 * card with the full packet and its actions, the user's notices (taken, reply, resolved with
 * 👍/👎) and the thread notices. Every Action.Submit carries `{ kvbot: 'case.…', caseId }`.
 */
import type { Activity, Attachment } from 'botbuilder';
import {
  CASE_PRIORITIES,
  type Case,
  type CasePriority,
  type CaseTrigger,
} from '../../src/core/escalation/case-types.js';
import type { SupportNotice, UserNotice } from '../../src/core/escalation/escalation-ports.js';
import type { CaseOffer, EscalationCards } from './escalation-cards.js';
import { CASE_TEXT_INPUT, ESCALATION_ACTIONS, PRIORITY_INPUT, PROPOSE_FAQ_INPUT } from './escalation-actions.js';
import { card, dismiss, facts, submit, text, type CardAction, type CardElement } from '../cards/adaptive-card.js';

/** Button titles (tests and the chat CLI look for them). */
export const ESCALATION_BUTTONS = Object.freeze({
  open: 'Open a case',
  dismiss: 'Not now',
  take: 'Take',
  reply: 'Reply',
  resolve: 'Resolve',
  reopen: 'Reopen',
  helpful: '👍 Solved',
  notHelpful: '👎 Not solved',
});

const TRIGGER_TEXT: Record<CaseTrigger, string> = {
  'user-request': 'You asked for a person.',
  'unanswered-twice': "I couldn't answer your last two questions, so a person may do better.",
  'probe-failed': "I couldn't finish checking your access.",
  'fix-failed': "The fix didn't work.",
  'fix-rejected': 'You turned the proposed fix down.',
  'approval-expired': 'Nobody approved the fix in time.',
};

const SUPPORT_TRIGGER_TEXT: Record<CaseTrigger, string> = {
  'user-request': 'The user asked for a person.',
  'unanswered-twice': 'The bot could not answer two questions in a row.',
  'probe-failed': 'An access check (probe) failed.',
  'fix-failed': 'A fix failed.',
  'fix-rejected': 'The user rejected the proposed fix.',
  'approval-expired': 'The approval of a fix expired.',
};

const STATUS_TEXT: Record<Case['status'], string> = {
  open: 'Open, waiting',
  assigned: 'Assigned',
  resolved: 'Resolved',
  reopened: 'Reopened, waiting',
};

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function section(title: string, lines: string[]): CardElement[] {
  return lines.length === 0 ? [] : [text(title, { weight: 'Bolder', spacing: 'Medium' }), text(lines.join('\n'))];
}

function short(value: unknown, max = 600): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The case card posted to the support channel (and updated in place). */
export function supportCaseCard(c: Case): Attachment {
  const p = c.packet;
  const body: Array<CardElement | undefined> = [
    text(`${c.number} · ${cap(c.priority)} priority · ${STATUS_TEXT[c.status]}`, {
      style: 'heading',
      size: 'Medium',
      weight: 'Bolder',
    }),
    text(SUPPORT_TRIGGER_TEXT[c.trigger]),
    facts([
      ['Requester', `${c.requester.name}${c.requester.aadObjectId ? ` (${c.requester.aadObjectId})` : ''}`],
      ['Assigned to', c.assignee?.name],
      ['Trigger', c.trigger],
      ['Priority', `${c.priority}${c.priority !== c.suggestedPriority ? ` (suggested ${c.suggestedPriority})` : ''}`],
      ['Why', c.priorityReasons.join(' ')],
      ['Vault', p.vault ? `${p.vault.name}${p.vault.id ? ` (${p.vault.id})` : ''}` : undefined],
      ['Tenant', p.tenantId],
      ['Opened', c.createdAt],
    ]),
    ...section(
      "User's messages",
      p.messages.map((m) => `> ${m.text.replace(/\n/g, ' ')}`),
    ),
    ...section(
      'FAQ matches',
      (p.faqMatches ?? []).map((m) => `- ${m.question} (${m.id}) — score ${m.score.toFixed(2)}`),
    ),
    ...section('Triage', p.triage !== undefined ? [short(p.triage)] : []),
    ...section(
      'Probe evidence',
      (p.probeResults ?? []).map((r) => `- ${r.summary}`),
    ),
    ...section(
      'Fix plans',
      (p.fixPlans ?? []).map((f) => `- ${f.summary} — **${f.status}**`),
    ),
    ...section('Note', p.note ? [p.note] : []),
    ...section('Correlation ids', p.correlationIds?.length ? [p.correlationIds.join(', ')] : []),
  ];
  if (c.resolution) body.push(...section(`Resolved by ${c.resolution.by.name}`, [c.resolution.note]));
  if (c.rating) body.push(text(`User rating: ${c.rating.helpful ? '👍 solved' : '👎 not solved'}`));
  const actions: CardAction[] = [];
  const data = (kvbot: string): Record<string, unknown> => ({ kvbot, caseId: c.id });
  if (c.status === 'resolved') {
    actions.push(submit(ESCALATION_BUTTONS.reopen, data(ESCALATION_ACTIONS.reopen)));
  } else {
    body.push({
      type: 'Input.Text',
      id: CASE_TEXT_INPUT,
      isMultiline: true,
      maxLength: 4000,
      placeholder: 'Message to the user, or the resolution note',
    });
    body.push({
      type: 'Input.Toggle',
      id: PROPOSE_FAQ_INPUT,
      title: 'On Resolve, also propose the note as a new FAQ answer',
      valueOn: 'true',
      valueOff: 'false',
      value: 'false',
    });
    if (!c.assignee) actions.push(submit(ESCALATION_BUTTONS.take, data(ESCALATION_ACTIONS.take)));
    else actions.push(submit(ESCALATION_BUTTONS.reply, data(ESCALATION_ACTIONS.reply)));
    actions.push(submit(ESCALATION_BUTTONS.resolve, data(ESCALATION_ACTIONS.resolve)));
  }
  return card(body, actions);
}

/** What the user is told, as an activity. */
export function userNoticeActivity(c: Case, notice: UserNotice): Partial<Activity> {
  const personal =
    (c.conversations.user as { conversation?: { conversationType?: string } } | undefined)?.conversation
      ?.conversationType === 'personal';
  switch (notice.kind) {
    case 'opened':
      return {
        text:
          `I've opened case **${notice.caseNumber}** (priority ${notice.priority}) with everything we've covered, so you won't have to repeat yourself. ` +
          (notice.supportReached
            ? "The support team has it; I'll tell you here when someone takes it."
            : notice.noSupportChannel
              ? 'No support channel is registered yet, so nobody has seen it so far; the case is saved and goes to the support team once a bot admin registers their channel (by mentioning me there with **register support channel**).'
              : "I couldn't reach the support channel just now; the case is saved and I'll keep trying.") +
          ' Type **my cases** to see your cases.',
      };
    case 'taken':
      return {
        text:
          `**${notice.engineer.name}** has taken your case ${notice.caseNumber}.` +
          (personal
            ? ` Anything you write here now goes to them; type **done** when you want to talk to me again.`
            : ''),
      };
    case 'reply':
      return { text: `**${notice.engineer.name}** (${notice.caseNumber}): ${notice.text}` };
    case 'resolved':
      return {
        attachments: [
          card(
            [
              text(`${notice.caseNumber} is resolved`, { style: 'heading', weight: 'Bolder' }),
              text(`**${notice.engineer.name}**: ${notice.note}`),
              text('Did this solve your problem?'),
            ],
            [
              submit(ESCALATION_BUTTONS.helpful, { kvbot: ESCALATION_ACTIONS.rate, caseId: c.id, helpful: true }),
              submit(ESCALATION_BUTTONS.notHelpful, { kvbot: ESCALATION_ACTIONS.rate, caseId: c.id, helpful: false }),
              submit(ESCALATION_BUTTONS.reopen, { kvbot: ESCALATION_ACTIONS.reopen, caseId: c.id }),
            ],
          ),
        ],
      };
    case 'reopened':
      return { text: `${notice.caseNumber} was reopened by ${notice.by.name} and is back with the support team.` };
  }
}

/** What is posted in the case's thread. */
export function supportNoticeText(c: Case, notice: SupportNotice): string {
  switch (notice.kind) {
    case 'user-reply':
      return `**${notice.user.name}** (${notice.caseNumber}): ${notice.text}`;
    case 'rated':
      return `${c.requester.name} rated the resolution of ${notice.caseNumber}: ${notice.helpful ? '👍 solved' : '👎 not solved'}.`;
    case 'reopened':
      return `${notice.caseNumber} was reopened by ${notice.by.name}${notice.reason ? `: ${notice.reason}` : ''}. It needs someone to take it.`;
    case 'reminder':
      return `⏰ ${notice.caseNumber} (${c.priority}) has been waiting since ${notice.waitingSince} and nobody has taken it yet.`;
  }
}

/** Teams builders for the user-side escalation cards. */
export class TeamsEscalationCards implements EscalationCards {
  offer(offer: CaseOffer): Attachment {
    const suggested: CasePriority = offer.suggestion.priority;
    return card(
      [
        text('Talk to a person?', { style: 'heading', weight: 'Bolder' }),
        text(
          `${TRIGGER_TEXT[offer.trigger]} I can open a case for the support team${offer.contents.length ? ` with ${offer.contents.join(', ')}` : ''}, so you won't have to start again.`,
        ),
        text(`Suggested priority: **${suggested}**. ${offer.suggestion.reasons.join(' ')}`, { isSubtle: true }),
        {
          type: 'Input.ChoiceSet',
          id: PRIORITY_INPUT,
          label: 'Priority',
          style: 'compact',
          value: suggested,
          choices: CASE_PRIORITIES.map((p) => ({ title: cap(p), value: p })),
        },
      ],
      [
        submit(ESCALATION_BUTTONS.open, { kvbot: ESCALATION_ACTIONS.open, trigger: offer.trigger }),
        dismiss(ESCALATION_BUTTONS.dismiss, { kvbot: ESCALATION_ACTIONS.dismiss }),
      ],
    );
  }

  myCases(cases: readonly Case[], heading = 'Your cases'): Attachment {
    const body: CardElement[] = [text(heading, { style: 'heading', weight: 'Bolder' })];
    for (const c of cases.slice(0, 10)) {
      const who = c.assignee ? ` · ${c.assignee.name}` : '';
      const subject = c.packet.messages[0]?.text ?? c.trigger;
      body.push(
        text(`**${c.number}** · ${STATUS_TEXT[c.status]}${who} · ${c.priority}\n${short(subject, 120)}`, {
          spacing: 'Medium',
        }),
      );
    }
    if (cases.length > 10) body.push(text(`…and ${cases.length - 10} older.`, { isSubtle: true }));
    return card(body);
  }
}
