/**
 * Wires the ApprovalService to the configured storage: requests in namespace `approvals`, random
 * UUID ids, SHA-256 plan hashes, the TTL from config. The EntitlementChecker comes from the Azure
 * adapter and the audit log from {@link createAuditLog}.
 */
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config.js';
import type { AuditAppender } from '../../core/audit/audit-log.js';
import type { ApprovalRequest } from '../../core/approvals/approval-request.js';
import { ApprovalService } from '../../core/approvals/approval-service.js';
import type { EntitlementChecker } from '../../core/approvals/entitlement-checker.js';
import { sha256Hex } from './sha256-hash.js';
import type { StorageFactory } from './storage-factory.js';

/** The production ApprovalService. */
export function createApprovalService(options: {
  storage: StorageFactory;
  audit: AuditAppender;
  entitlements: EntitlementChecker;
  config: Pick<AppConfig, 'approvals'>;
  clock?: () => Date;
}): ApprovalService {
  return new ApprovalService({
    store: options.storage.recordStore<ApprovalRequest>('approvals'),
    entitlements: options.entitlements,
    audit: options.audit,
    hash: sha256Hex,
    newId: randomUUID,
    clock: options.clock,
    ttlInMs: options.config.approvals.ttlInMs,
  });
}
