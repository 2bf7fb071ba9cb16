/**
 * What cases are looked up by, as record indexes: the requester ("my cases", one index read), the reminder due
 * time of cases still waiting (the reminder sweep), the case number, and whether a case is still
 * active (the support queue). The SQLite store keeps each as an indexed column.
 */
import type { RecordIndex } from '../storage/record-query.js';
import { isWaiting } from './case-transitions.js';
import type { Case } from './case-types.js';

/**
 * Who a person is for "my cases": their Entra object id when the channel gives one (Teams always
 * does), else their channel id. A channel either gives the Entra id on every activity of a user or
 * on none, so the key a case was opened under is the key its requester asks with later, and "my
 * cases" is one index read (two indexes, by channel id and by Entra id, cost two or four reads).
 */
export function requesterKeyOf(person: { id: string; aadObjectId?: string }): string {
  return person.aadObjectId || person.id;
}

/** Requester's key ({@link requesterKeyOf}). */
export const CASE_BY_REQUESTER: RecordIndex<Case> = {
  name: 'requesterKey',
  valueOf: (c) => (c.requester ? requesterKeyOf(c.requester) : undefined),
};
/** Assigned engineer's channel id. */
export const CASE_BY_ASSIGNEE: RecordIndex<Case> = { name: 'assignee', valueOf: (c) => c.assignee?.id };
/** Human number, e.g. `KV-1042`. */
export const CASE_BY_NUMBER: RecordIndex<Case> = { name: 'number', valueOf: (c) => c.number };
/** Reminder time (ISO) of untaken cases only: the sweep reads `atMost: now`. */
export const CASE_BY_REMINDER_DUE: RecordIndex<Case> = {
  name: 'reminderDue',
  valueOf: (c) => (isWaiting(c) && c.reminderDueAt ? c.reminderDueAt : undefined),
};
/** Status of cases not yet resolved: the support queue. */
export const CASE_BY_ACTIVE_STATUS: RecordIndex<Case> = {
  name: 'activeStatus',
  valueOf: (c) => (c.status !== 'resolved' ? c.status : undefined),
};

/** Opening time (ISO): `kvbot report --since`. */
export const CASE_BY_CREATED: RecordIndex<Case> = { name: 'created', valueOf: (c) => c.createdAt };

/** All case indexes. */
export const CASE_INDEXES: readonly RecordIndex<Case>[] = [
  CASE_BY_REQUESTER,
  CASE_BY_ASSIGNEE,
  CASE_BY_NUMBER,
  CASE_BY_REMINDER_DUE,
  CASE_BY_ACTIVE_STATUS,
  CASE_BY_CREATED,
];
