/**
 * The escalation case model: what a human on the support channel needs to pick up a question the
 * bot could not finish. Plain JSON throughout, so any RecordStore can hold it and the webhook can
 * summarise it. Shapes owned by other parts (probe results, fix plans, triage) are typed loosely
 * here on purpose: the case only carries them, it never interprets them.
 */
import type { Identity } from '../identity/identity.js';

/** Where a case is in its life. `reopened` behaves like `open` (waiting to be taken) but keeps its history. */
export type CaseStatus = 'open' | 'assigned' | 'resolved' | 'reopened';

/** How urgently a human should look. */
export type CasePriority = 'low' | 'normal' | 'high' | 'urgent';

/** All priorities, lowest first. */
export const CASE_PRIORITIES: readonly CasePriority[] = ['low', 'normal', 'high', 'urgent'];

/** Why the case was opened. */
export type CaseTrigger =
  'user-request' | 'unanswered-twice' | 'probe-failed' | 'fix-failed' | 'fix-rejected' | 'approval-expired';

/** All triggers, for validating input that comes from a card or the CLI. */
export const CASE_TRIGGERS: readonly CaseTrigger[] = [
  'user-request',
  'unanswered-twice',
  'probe-failed',
  'fix-failed',
  'fix-rejected',
  'approval-expired',
];

/** A person on a case: the identity of the turn they acted in (channel account id, Entra object id, name). */
export type CasePerson = Identity;

/** One of the user's recent messages. */
export interface PacketMessage {
  at: string;
  text: string;
}

/** An FAQ match the bot considered, with its confidence. */
export interface PacketFaqMatch {
  id: string;
  question: string;
  score: number;
}

/** A probe result as the case keeps it: the full result (shape owned by probes) and a sentence. */
export interface PacketProbeResult {
  summary: string;
  result?: unknown;
}

/** A fix plan the bot proposed and how far it got (shape owned by fixes/approvals). */
export interface PacketFixPlan {
  summary: string;
  /** e.g. `proposed`, `rejected`, `expired`, `applied`, `failed`, `verified`. */
  status: string;
  plan?: unknown;
}

/**
 * Everything a human needs to pick the case up without asking the user again.
 * All fields are optional except `messages`: the bot fills what it has.
 */
export interface CasePacket {
  /** The user's last few messages, oldest first. */
  messages: PacketMessage[];
  faqMatches?: PacketFaqMatch[];
  /** The triage result of pasted error text (shape owned by triage). */
  triage?: unknown;
  probeResults?: PacketProbeResult[];
  fixPlans?: PacketFixPlan[];
  vault?: { name: string; id?: string; tags?: Record<string, string> };
  tenantId?: string;
  /** Request / activity / operation ids that let an engineer find the logs. */
  correlationIds?: string[];
  /** Free text the bot adds, e.g. why it gave up. */
  note?: string;
}

/** What kind of thing happened to a case. */
export type CaseEventType =
  | 'opened'
  | 'posted-to-support'
  | 'taken'
  | 'engineer-reply'
  | 'user-reply'
  | 'resolved'
  | 'reopened'
  | 'rated'
  | 'reminded'
  | 'priority-changed';

/** One entry of the case's history. */
export interface CaseEvent {
  at: string;
  type: CaseEventType;
  actor: CasePerson;
  text?: string;
}

/** A knowledge proposal made while resolving, and where it was written. */
export type KnowledgeProposal =
  | {
      kind: 'new-entry';
      question: string;
      answer: string;
      /** Proposed entry id (kebab-case); derived from the question when omitted. */
      id?: string;
      alternates?: string[];
      tags?: string[];
      /** The seed `###` heading the entry details; the reviewer fills it in when omitted. */
      sourceHeading?: string;
    }
  /** Another way users ask an existing entry's question. */
  | { kind: 'alternate'; entryId: string; phrasing: string };

/**
 * Conversation references stored for the bot, kept opaque: the core never looks inside, the bot
 * adapter writes and reads them (Bot Framework `ConversationReference` JSON).
 */
export interface CaseConversations {
  /** How to reach the user who asked. */
  user?: unknown;
  /** The case's thread in the support channel, once posted. */
  supportThread?: unknown;
}

/** An escalation case. */
export interface Case {
  id: string;
  /** Human-friendly number, e.g. `KV-1042`. */
  number: string;
  /** Incremented on every write; the store's ETag guards concurrent writes. */
  version: number;
  status: CaseStatus;
  priority: CasePriority;
  suggestedPriority: CasePriority;
  /** Why the bot suggested `suggestedPriority`, as short sentences. */
  priorityReasons: string[];
  trigger: CaseTrigger;
  requester: CasePerson;
  packet: CasePacket;
  assignee?: CasePerson;
  events: CaseEvent[];
  conversations: CaseConversations;
  /** When the support channel should be reminded if nobody has taken the case; unset once taken. */
  reminderDueAt?: string;
  resolution?: { at: string; by: CasePerson; note: string; proposalFile?: string };
  rating?: { at: string; helpful: boolean };
  createdAt: string;
  updatedAt: string;
}
