/**
 * The case lifecycle as pure functions: each takes the current case and returns the next case
 * plus the event to record, or a refusal. No I/O, no clock: the service supplies `now`, stores
 * the result with compare-and-swap and runs the side effects.
 *
 * open ──take──▶ assigned ──resolve──▶ resolved ──reopen──▶ reopened ──take──▶ assigned …
 *   └────────────resolve (auto-assigns)──────▲
 */
import type { Case, CaseEvent, CaseEventType, CasePerson, CasePriority } from './case-types.js';
import { CASE_PRIORITIES } from './case-types.js';
import { refuse, type CaseRefusal } from './case-refusal.js';

/** A successful transition: the next case (version/updatedAt are set by the service) and its event. */
export interface Transition {
  ok: true;
  case: Case;
  event: CaseEvent;
}

/** What every transition returns. */
export type TransitionResult = Transition | CaseRefusal;

/** Longest free text accepted in a reply or note; longer text is refused, not silently cut. */
export const MAX_CASE_TEXT_LENGTH = 4000;

/** The actor recorded for things the bot does by itself (reminders). */
export const BOT_ACTOR: CasePerson = Object.freeze({ id: 'kvbot', name: 'Key Vault Access Assistant' });

function event(type: CaseEventType, actor: CasePerson, at: string, text?: string): CaseEvent {
  return text === undefined ? { at, type, actor } : { at, type, actor, text };
}

function done(next: Case, ev: CaseEvent): Transition {
  return { ok: true, case: { ...next, events: [...next.events, ev] }, event: ev };
}

function checkText(text: unknown, what: string, current: Case): string | CaseRefusal {
  if (typeof text !== 'string' || text.trim() === '')
    return refuse('empty-text', `The ${what} is empty; write something for the other side to read.`, current);
  if (text.length > MAX_CASE_TEXT_LENGTH)
    return refuse(
      'text-too-long',
      `The ${what} is ${text.length} characters; the limit is ${MAX_CASE_TEXT_LENGTH}.`,
      current,
    );
  return text.trim();
}

const waiting = (c: Case): boolean => c.status === 'open' || c.status === 'reopened';

/** An engineer takes the case. Refused when it is resolved or someone already holds it. */
export function takeCase(c: Case, engineer: CasePerson, now: string): TransitionResult {
  if (c.status === 'resolved') return refuse('case-resolved', `${c.number} is already resolved; reopen it first.`, c);
  if (c.assignee) {
    return c.assignee.id === engineer.id
      ? refuse('already-yours', `You already have ${c.number}.`, c)
      : refuse('already-assigned', `${c.number} is already taken by ${c.assignee.name}.`, c);
  }
  const next: Case = { ...c, status: 'assigned', assignee: engineer };
  delete next.reminderDueAt;
  return done(next, event('taken', engineer, now));
}

/** The assigned engineer writes to the user. */
export function engineerReply(c: Case, engineer: CasePerson, text: string, now: string): TransitionResult {
  const body = checkText(text, 'reply', c);
  if (typeof body !== 'string') return body;
  if (c.status === 'resolved')
    return refuse('case-resolved', `${c.number} is resolved; reopen it to write to the user again.`, c);
  if (!c.assignee) return refuse('not-assigned', `Nobody has taken ${c.number} yet; take it before replying.`, c);
  if (c.assignee.id !== engineer.id)
    return refuse(
      'not-your-case',
      `${c.number} is held by ${c.assignee.name}; only they can reply through the bot.`,
      c,
    );
  return done(c, event('engineer-reply', engineer, now, body));
}

/** The requester adds to the case; it goes to the case thread. */
export function userReply(c: Case, user: CasePerson, text: string, now: string): TransitionResult {
  const body = checkText(text, 'message', c);
  if (typeof body !== 'string') return body;
  if (c.requester.id !== user.id)
    return refuse('not-requester', `${c.number} belongs to ${c.requester.name}; only they can add to it.`, c);
  if (c.status === 'resolved')
    return refuse('case-resolved', `${c.number} is resolved; reopen it if the problem is back.`, c);
  return done(c, event('user-reply', user, now, body));
}

/**
 * An engineer resolves the case with a note for the user. An untaken case is assigned to the
 * resolver (a quick answer should not need two clicks); a case held by someone else is refused.
 */
export function resolveCase(
  c: Case,
  engineer: CasePerson,
  note: string,
  now: string,
  proposalFile?: string,
): TransitionResult {
  const body = checkText(note, 'resolution note', c);
  if (typeof body !== 'string') return body;
  if (c.status === 'resolved') return refuse('case-resolved', `${c.number} is already resolved.`, c);
  if (c.assignee && c.assignee.id !== engineer.id)
    return refuse('not-your-case', `${c.number} is held by ${c.assignee.name}; only they can resolve it.`, c);
  const next: Case = {
    ...c,
    status: 'resolved',
    assignee: c.assignee ?? engineer,
    resolution: proposalFile
      ? { at: now, by: engineer, note: body, proposalFile }
      : { at: now, by: engineer, note: body },
  };
  delete next.reminderDueAt;
  delete next.rating;
  return done(next, event('resolved', engineer, now, body));
}

/**
 * Reopens a resolved case (the requester, or a support member). It goes back to the queue
 * unassigned, with a new reminder deadline.
 */
export function reopenCase(
  c: Case,
  actor: CasePerson,
  isSupportMember: boolean,
  reason: string | undefined,
  now: string,
  reminderDueAt: string,
): TransitionResult {
  if (c.status !== 'resolved')
    return refuse('not-resolved', `${c.number} is not resolved, so there is nothing to reopen.`, c);
  if (c.requester.id !== actor.id && !isSupportMember)
    return refuse('not-requester', `Only ${c.requester.name} or the support team can reopen ${c.number}.`, c);
  const text = typeof reason === 'string' && reason.trim() ? reason.trim().slice(0, MAX_CASE_TEXT_LENGTH) : undefined;
  const next: Case = { ...c, status: 'reopened', reminderDueAt };
  delete next.assignee;
  delete next.resolution;
  delete next.rating;
  return done(next, event('reopened', actor, now, text));
}

/** The requester says whether the resolution helped. A later rating replaces an earlier one. */
export function rateCase(c: Case, user: CasePerson, helpful: boolean, now: string): TransitionResult {
  if (typeof helpful !== 'boolean') return refuse('invalid-input', 'A rating is either helpful or not helpful.', c);
  if (c.requester.id !== user.id) return refuse('not-requester', `Only ${c.requester.name} can rate ${c.number}.`, c);
  if (c.status !== 'resolved')
    return refuse('not-resolved', `${c.number} is not resolved yet, so it cannot be rated.`, c);
  return done({ ...c, rating: { at: now, helpful } }, event('rated', user, now, helpful ? 'helpful' : 'not helpful'));
}

/** Records that the support channel was reminded; the next reminder is due at `nextDueAt`. */
export function remindCase(c: Case, now: string, nextDueAt: string): TransitionResult {
  if (!waiting(c) || c.reminderDueAt === undefined || Date.parse(c.reminderDueAt) > Date.parse(now)) {
    return refuse('not-due', `${c.number} does not need a reminder now.`, c);
  }
  return done({ ...c, reminderDueAt: nextDueAt }, event('reminded', BOT_ACTOR, now));
}

/** A support member changes the priority. */
export function changePriority(c: Case, actor: CasePerson, priority: CasePriority, now: string): TransitionResult {
  if (!CASE_PRIORITIES.includes(priority))
    return refuse('invalid-input', `Priority must be one of ${CASE_PRIORITIES.join(', ')}.`, c);
  if (c.status === 'resolved') return refuse('case-resolved', `${c.number} is resolved.`, c);
  return done({ ...c, priority }, event('priority-changed', actor, now, `${c.priority} → ${priority}`));
}

/** True when nobody holds the case and it waits in the queue. */
export function isWaiting(c: Case): boolean {
  return waiting(c);
}
