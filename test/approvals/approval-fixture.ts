/**
 * Builds an ApprovalService over a real RecordStore and a real AuditLog, with a fake
 * EntitlementChecker (a table of who may approve which vault) and a clock the test moves.
 */
import type { AuditHead } from '../../src/core/audit/audit-chain.js';
import { AuditLog } from '../../src/core/audit/audit-log.js';
import type { AuditRecord } from '../../src/core/audit/audit-record.js';
import { sha256Hex } from '../../src/adapters/storage/sha256-hash.js';
import type { ApprovalRequest } from '../../src/core/approvals/approval-request.js';
import { ApprovalService } from '../../src/core/approvals/approval-service.js';
import type { EntitlementChecker } from '../../src/core/approvals/entitlement-checker.js';
import type { RecordStore } from '../../src/core/storage/record-store.js';

export const ALEX = { id: '00000000-0000-0000-0000-000000000020', name: 'Alex Wilber' };
export const MEGAN = { id: '00000000-0000-0000-0000-000000000021', name: 'Megan Bowen' };
export const ADELE = { id: '00000000-0000-0000-0000-000000000022', name: 'Adele Vance' };
export const PATTI = { id: '00000000-0000-0000-0000-000000000024', name: 'Patti Fernandez' };
export const VAULT = { id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-payments', name: 'kv-payments' };
export const PLAN = { fix: 'grant-access-policy', vault: 'kv-payments', objectId: ALEX.id, add: { secrets: ['get', 'list'] } };

/** Who may approve: Megan and Adele are in the approver group; Patti is not. */
export class TableEntitlements implements EntitlementChecker {
  calls = 0;
  failWith?: Error;
  readonly entitled = new Set([MEGAN.id, ADELE.id]);
  async isEntitledApprover(userId: string, _vaultId: string) {
    this.calls++;
    if (this.failWith) throw this.failWith;
    return this.entitled.has(userId) ? { entitled: true, reason: 'member of the approver group' } : { entitled: false, reason: 'not in the approver group and no Owner, User Access Administrator or Key Vault Contributor role on the vault' };
  }
}

/** A service plus its collaborators. */
export function makeApprovals(stores: { approvals: RecordStore<ApprovalRequest>; audit: RecordStore<AuditRecord>; head: RecordStore<AuditHead> }) {
  let now = new Date('2026-05-01T09:00:00Z');
  let ids = 0;
  const clock = { now: () => now, advance: (ms: number) => { now = new Date(now.getTime() + ms); } };
  const audit = new AuditLog({ records: stores.audit, head: stores.head, hash: sha256Hex, clock: clock.now });
  const entitlements = new TableEntitlements();
  const service = new ApprovalService({ store: stores.approvals, entitlements, audit, hash: sha256Hex, newId: () => `req-${++ids}`, clock: clock.now, ttlInMs: 24 * 3_600_000 });
  return { service, audit, entitlements, clock, approvals: stores.approvals };
}

/** The card payload for a request, as the dialog builds it. */
export function card(request: ApprovalRequest, decision: 'approve' | 'reject', comment?: string) {
  return { requestId: request.id, version: request.version, decision, ...(comment ? { comment } : {}) };
}
