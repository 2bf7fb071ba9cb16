/**
 * What audit records are looked up by (`kvbot audit list` filters): vault (case-insensitive),
 * actor, approval request, event type and time. Sequence order is the key order.
 */
import type { RecordIndex } from '../storage/record-query.js';
import type { AuditRecord } from './audit-record.js';

/** Vault name, lower-cased. */
export const AUDIT_BY_VAULT: RecordIndex<AuditRecord> = { name: 'vault', valueOf: (r) => r.vault?.toLowerCase() };
/** Actor id. */
export const AUDIT_BY_ACTOR: RecordIndex<AuditRecord> = { name: 'actor', valueOf: (r) => r.actor?.id };
/** Approval request id. */
export const AUDIT_BY_REQUEST: RecordIndex<AuditRecord> = { name: 'requestId', valueOf: (r) => r.requestId };
/** Event type. */
export const AUDIT_BY_TYPE: RecordIndex<AuditRecord> = { name: 'type', valueOf: (r) => r.type };
/** Append time (ISO). */
export const AUDIT_BY_TIME: RecordIndex<AuditRecord> = { name: 'at', valueOf: (r) => r.at };

/** All audit indexes. */
export const AUDIT_INDEXES: readonly RecordIndex<AuditRecord>[] = [
  AUDIT_BY_VAULT,
  AUDIT_BY_ACTOR,
  AUDIT_BY_REQUEST,
  AUDIT_BY_TYPE,
  AUDIT_BY_TIME,
];
