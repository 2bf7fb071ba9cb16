/**
 * The ports the escalation service needs. The Teams bot implements `Notifier` and
 * `SupportMembership`; the webhook adapter implements `CaseEventSink`; the proposals adapter
 * implements `ProposalWriter`; storage comes from `RecordStore`.
 */
import type { Case, CasePerson, KnowledgeProposal } from './case-types.js';
import type { CaseSummary } from './case-summary.js';

/** What the user is told, as data; the bot renders it (text or card). */
export type UserNotice =
  /** `noSupportChannel`: nobody registered one yet (as opposed to posting to it failing). */
  | {
      kind: 'opened';
      caseNumber: string;
      priority: Case['priority'];
      supportReached: boolean;
      noSupportChannel?: boolean;
    }
  | { kind: 'taken'; caseNumber: string; engineer: CasePerson }
  | { kind: 'reply'; caseNumber: string; engineer: CasePerson; text: string }
  /** The bot should ask 👍/👎 and call `rate()` with the answer. */
  | { kind: 'resolved'; caseNumber: string; engineer: CasePerson; note: string; askRating: true }
  | { kind: 'reopened'; caseNumber: string; by: CasePerson };

/** What is posted into the case's thread in the support channel. */
export type SupportNotice =
  | { kind: 'user-reply'; caseNumber: string; user: CasePerson; text: string }
  | { kind: 'rated'; caseNumber: string; helpful: boolean }
  | { kind: 'reopened'; caseNumber: string; by: CasePerson; reason?: string }
  | { kind: 'reminder'; caseNumber: string; waitingSince: string };

/** The registered support channel: where new cases are posted. */
export interface SupportChannel {
  /** Opaque Bot Framework conversation reference of the channel. */
  reference: unknown;
  registeredBy: CasePerson;
  registeredAt: string;
}

/**
 * Implemented by the Teams bot. Every method may throw (the user left, Teams is down): the
 * service records that as a warning and keeps the case; nothing is lost.
 */
export interface Notifier {
  /** Sends a notice to the requester, using `c.conversations.user`. */
  notifyUser(c: Case, notice: UserNotice): Promise<void>;
  /** Posts a new case card to the support channel; returns the thread's conversation reference (opaque). */
  postToSupport(c: Case, channel: SupportChannel): Promise<unknown>;
  /** Refreshes the case card in the support channel after a change (status, assignee, priority). */
  updateSupportCard(c: Case, channel: SupportChannel): Promise<void>;
  /** Posts a message into the case's thread (`c.conversations.supportThread`). */
  postToCaseThread(c: Case, notice: SupportNotice): Promise<void>;
}

/** Implemented by the bot: is this person a member of the support channel's team? */
export interface SupportMembership {
  isSupportMember(person: CasePerson): Promise<boolean>;
}

/** One case event as it leaves the bot (the webhook outbox adds its delivery id). */
export interface CaseEventMessage {
  /** `case.opened`, `case.taken`, `case.engineer-reply`, `case.user-reply`, `case.resolved`, `case.reopened`, `case.rated`, `case.reminded`, `case.priority-changed`. */
  event: string;
  at: string;
  case: CaseSummary;
}

/** Receives every case event; the webhook outbox implements it. Resolves once the event is durable. */
export interface CaseEventSink {
  publish(message: CaseEventMessage): Promise<void>;
}

/** One audit record for a case action. */
export interface EscalationAuditRecord {
  at: string;
  /** e.g. `case.opened`, `case.taken`, `case.support-channel-registered`, `case.refused`. */
  type: string;
  actor: CasePerson;
  caseId?: string;
  caseNumber?: string;
  details?: Record<string, unknown>;
}

/** Records a case event (the wiring appends it to the audit log of src/core/audit). */
export type CaseAuditRecorder = (record: EscalationAuditRecord) => Promise<void>;

/** Writes a knowledge proposal made at resolution; returns where it went (e.g. a file path). */
export interface ProposalWriter {
  write(
    proposal: KnowledgeProposal,
    context: { caseNumber: string; engineer: CasePerson; at: string },
  ): Promise<string>;
}
