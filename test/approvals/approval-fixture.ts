/**
 * Builds an ApprovalService over a real RecordStore and a real AuditLog, with a fake
 * EntitlementChecker (a table of who may approve which vault) and a clock the test moves.
 */
import type { AuditHead } from '../../src/core/audit/audit-chain.js';
import { AuditLog } from '../../src/core/audit/audit-log.js';
import type { AuditRecord } from '../../src/core/audit/audit-record.js';
import { sha256Hex } from '../../src/adapters/storage/sha256-hash.js';
import type { ApprovalRequest } from '../../src/core/approvals/approval-request.js';
import type { FixPlan } from '../../src/core/fixes/fix-plan.js';
import { ApprovalService } from '../../src/core/approvals/approval-service.js';
import type { EntitlementChecker } from '../../src/core/approvals/entitlement-checker.js';
import type { RecordStore } from '../../src/core/storage/record-store.js';

export const ALEX = { id: '00000000-0000-0000-0000-000000000020', name: 'Alex Wilber' };
export const MEGAN = { id: '00000000-0000-0000-0000-000000000021', name: 'Megan Bowen' };
export const ADELE = { id: '00000000-0000-0000-0000-000000000022', name: 'Adele Vance' };
export const PATTI = { id: '00000000-0000-0000-0000-000000000024', name: 'Patti Fernandez' };
export const VAULT = {
  id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-payments',
  name: 'kv-payments',
};
const TENANT = '00000000-0000-0000-0000-0000000000aa';
const POLICY_PATH = `${VAULT.id}/accessPolicies/add?api-version=2023-07-01`;
/** A fix plan as FixService makes them (access-policy grant of secrets get/list to Alex), with its inverse. */
export const PLAN: FixPlan = {
  fix: 'grant-access-policy',
  direction: 'apply',
  vault: { id: VAULT.id, name: VAULT.name, model: 'access-policy' },
  principal: { id: ALEX.id, type: 'user', displayName: ALEX.name },
  summary: 'Grant Alex Wilber secrets get, list on kv-payments',
  diff: [{ principal: ALEX.name, category: 'secrets', before: [], after: ['get', 'list'] }],
  call: {
    method: 'PUT',
    path: POLICY_PATH,
    body: {
      properties: {
        accessPolicies: [{ tenantId: TENANT, objectId: ALEX.id, permissions: { secrets: ['get', 'list'] } }],
      },
    },
  },
  effect: { kind: 'access-policy-add', tenantId: TENANT, objectId: ALEX.id, permissions: { secrets: ['get', 'list'] } },
  inverse: {
    fix: 'grant-access-policy',
    direction: 'undo',
    vault: { id: VAULT.id, name: VAULT.name, model: 'access-policy' },
    principal: { id: ALEX.id, type: 'user', displayName: ALEX.name },
    summary: 'Undo: remove secrets get, list for Alex Wilber on kv-payments',
    diff: [{ principal: ALEX.name, category: 'secrets', before: ['get', 'list'], after: [] }],
    call: {
      method: 'PUT',
      path: POLICY_PATH.replace('/add?', '/remove?'),
      body: {
        properties: {
          accessPolicies: [{ tenantId: TENANT, objectId: ALEX.id, permissions: { secrets: ['get', 'list'] } }],
        },
      },
    },
    effect: {
      kind: 'access-policy-remove',
      tenantId: TENANT,
      objectId: ALEX.id,
      permissions: { secrets: ['get', 'list'] },
    },
    warnings: [],
    basedOn: 'after-fingerprint',
  },
  warnings: [],
  basedOn: 'before-fingerprint',
  request: {
    fix: 'grant-access-policy',
    vault: VAULT.name,
    principalId: ALEX.id,
    operations: ['secrets/get', 'secrets/list'],
  },
};

/** Who may approve: Megan and Adele are in the approver group; Patti is not. */
export class TableEntitlements implements EntitlementChecker {
  calls = 0;
  failWith?: Error;
  readonly entitled = new Set([MEGAN.id, ADELE.id]);
  async isEntitledApprover(userId: string, _vaultId: string) {
    this.calls++;
    if (this.failWith) throw this.failWith;
    return this.entitled.has(userId)
      ? { entitled: true, reason: 'member of the approver group' }
      : {
          entitled: false,
          reason:
            'not in the approver group and no Owner, User Access Administrator or Key Vault Contributor role on the vault',
        };
  }
}

/** A service plus its collaborators. */
export function makeApprovals(stores: {
  approvals: RecordStore<ApprovalRequest>;
  audit: RecordStore<AuditRecord>;
  head: RecordStore<AuditHead>;
}) {
  let now = new Date('2026-05-01T09:00:00Z');
  let ids = 0;
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
  const audit = new AuditLog({ records: stores.audit, head: stores.head, hash: sha256Hex, clock: clock.now });
  const entitlements = new TableEntitlements();
  const service = new ApprovalService({
    store: stores.approvals,
    entitlements,
    audit,
    hash: sha256Hex,
    newId: () => `req-${++ids}`,
    clock: clock.now,
    ttlInMs: 24 * 3_600_000,
  });
  return { service, audit, entitlements, clock, approvals: stores.approvals };
}

/** The card payload for a request, as the dialog builds it. */
export function card(request: ApprovalRequest, decision: 'approve' | 'reject', comment?: string) {
  return { requestId: request.id, version: request.version, decision, ...(comment ? { comment } : {}) };
}
