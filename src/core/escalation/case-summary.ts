/**
 * The outward view of a case for the webhook: enough for a ticketing system to file it, nothing
 * that should leave the bot (conversation references, raw probe output, pasted error text that
 * may carry tokens).
 */
import type { Case, CasePriority, CaseStatus, CaseTrigger } from './case-types.js';

/** A case without secrets. */
export interface CaseSummary {
  id: string;
  number: string;
  status: CaseStatus;
  priority: CasePriority;
  trigger: CaseTrigger;
  requester: { id: string; aadObjectId?: string; name: string };
  assignee?: { id: string; name: string };
  /** The user's first message, shortened, with token-like strings removed. */
  subject: string;
  vault?: string;
  tenantId?: string;
  correlationIds: string[];
  rating?: boolean;
  createdAt: string;
  updatedAt: string;
}

const SUBJECT_LENGTH = 140;

/** Removes bearer tokens, JWTs and key=value secrets that people paste with error messages. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[token]')
    .replace(/\b(bearer)\s+[A-Za-z0-9._~+/=-]{10,}/gi, '$1 [token]')
    .replace(/\b(password|secret|client_secret|sig|accountkey|sharedaccesskey)=([^\s&;"']+)/gi, '$1=[redacted]');
}

/** The webhook's view of a case. */
export function summariseCase(c: Case): CaseSummary {
  const first = c.packet.messages[0]?.text ?? '';
  const flat = redactSecrets(first).replace(/\s+/g, ' ').trim();
  const summary: CaseSummary = {
    id: c.id,
    number: c.number,
    status: c.status,
    priority: c.priority,
    trigger: c.trigger,
    requester: c.requester.aadObjectId
      ? { id: c.requester.id, aadObjectId: c.requester.aadObjectId, name: c.requester.name }
      : { id: c.requester.id, name: c.requester.name },
    subject: flat.length > SUBJECT_LENGTH ? `${flat.slice(0, SUBJECT_LENGTH - 1)}…` : flat,
    correlationIds: [...(c.packet.correlationIds ?? [])],
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
  if (c.assignee) summary.assignee = { id: c.assignee.id, name: c.assignee.name };
  if (c.packet.vault?.name) summary.vault = c.packet.vault.name;
  if (c.packet.tenantId) summary.tenantId = c.packet.tenantId;
  if (c.rating) summary.rating = c.rating.helpful;
  return summary;
}
