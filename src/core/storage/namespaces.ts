/**
 * The one registry of storage namespaces: every kind of record the bot keeps, with the indexes it
 * is queried by. The storage factory hands out stores only by these names, and the SQLite store
 * creates one table per namespace with one indexed column per index.
 */
import { APPROVAL_INDEXES } from '../approvals/approval-indexes.js';
import { AUDIT_INDEXES } from '../audit/audit-indexes.js';
import { CASE_INDEXES } from '../escalation/case-indexes.js';
import {
  FEEDBACK_BY_ENTRY,
  FEEDBACK_BY_TIME,
  HUMAN_REQUEST_BY_TIME,
  UNANSWERED_BY_ENTRY,
  UNANSWERED_BY_TIME,
} from '../feedback/feedback-indexes.js';
import type { RecordIndex } from './record-query.js';

/** One namespace: what it holds and its indexes. */
export interface NamespaceSpec {
  readonly description: string;
  // The registry mixes record types; each service queries its own namespace with typed indexes.
  readonly indexes: readonly RecordIndex<never>[];
}

const spec = (description: string, indexes: readonly RecordIndex<never>[] = []): NamespaceSpec =>
  Object.freeze({ description, indexes });

/** Every namespace, by name. */
export const STORAGE_NAMESPACES = Object.freeze({
  approvals: spec(
    'approval requests (fix and undo plans awaiting or past a decision)',
    APPROVAL_INDEXES as readonly RecordIndex<never>[],
  ),
  audit: spec(
    'the tamper-evident audit log, one record per sequence number',
    AUDIT_INDEXES as readonly RecordIndex<never>[],
  ),
  'audit-head': spec('the audit log head (last seq and hash), for truncation checks'),
  'audit-checkpoints': spec('audit head hashes every N records, where incremental verification starts'),
  cases: spec('escalation cases', CASE_INDEXES as readonly RecordIndex<never>[]),
  'case-counters': spec('the case-number counter (file and Blob stores; SQLite uses its counters table)'),
  'support-channels': spec('the registered support channel'),
  'webhook-outbox': spec('webhook deliveries not yet acknowledged'),
  feedback: spec('👍/👎 votes per entry and user', [
    FEEDBACK_BY_ENTRY,
    FEEDBACK_BY_TIME,
  ] as readonly RecordIndex<never>[]),
  unanswered: spec('questions the bot could not answer', [
    UNANSWERED_BY_ENTRY,
    UNANSWERED_BY_TIME,
  ] as readonly RecordIndex<never>[]),
  'human-requests': spec('requests to talk to a person', [HUMAN_REQUEST_BY_TIME] as readonly RecordIndex<never>[]),
  'probe-consents': spec('consents given for live probes'),
  'approval-users': spec('people the bot can message about approvals'),
  'approval-settings': spec('the registered approvals channel'),
  'approval-contacts': spec('who to tell about each approval request'),
  'fix-drafts': spec('fix plans shown but not yet confirmed'),
});

/** A registered namespace name. */
export type StorageNamespace = keyof typeof STORAGE_NAMESPACES;

/** True for a registered namespace. */
export function isStorageNamespace(name: string): name is StorageNamespace {
  return Object.prototype.hasOwnProperty.call(STORAGE_NAMESPACES, name);
}

/** The indexes of a namespace (none for an unregistered one, e.g. a test's scratch namespace). */
export function indexesOf(name: string): readonly RecordIndex<never>[] {
  return isStorageNamespace(name) ? STORAGE_NAMESPACES[name].indexes : [];
}
