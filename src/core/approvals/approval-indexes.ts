/**
 * What approval requests are looked up by: status, pending expiry (the expiry timer), stuck
 * applies, due revocations of time-limited grants, requester and vault.
 */
import type { RecordIndex } from '../storage/record-query.js';
import type { StoredApprovalRequest } from './approval-request.js';

/** Status. */
export const APPROVAL_BY_STATUS: RecordIndex<StoredApprovalRequest> = { name: 'status', valueOf: (r) => r.status };
/** `expiresAt` of pending requests only: the expiry sweep reads `atMost: now`. */
export const APPROVAL_BY_PENDING_EXPIRY: RecordIndex<StoredApprovalRequest> = {
  name: 'pendingExpiry',
  valueOf: (r) => (r.status === 'pending' ? r.expiresAt : undefined),
};
/** Claim time of applies in progress. */
export const APPROVAL_BY_APPLYING_SINCE: RecordIndex<StoredApprovalRequest> = {
  name: 'applyingSince',
  valueOf: (r) => (r.status === 'applying' ? r.apply?.claimedAt : undefined),
};
/** `grantExpiresAt` of applied, time-limited fixes. */
export const APPROVAL_BY_REVOCATION_DUE: RecordIndex<StoredApprovalRequest> = {
  name: 'revocationDue',
  valueOf: (r) =>
    r.kind === 'fix' && r.status === 'applied' && r.grantExpiresAt !== undefined ? r.grantExpiresAt : undefined,
};
/** Requester id. */
export const APPROVAL_BY_REQUESTER: RecordIndex<StoredApprovalRequest> = {
  name: 'requester',
  valueOf: (r) => r.requester?.id,
};
/** Vault resource id. */
export const APPROVAL_BY_VAULT: RecordIndex<StoredApprovalRequest> = { name: 'vault', valueOf: (r) => r.vault?.id };

/** All approval indexes. */
export const APPROVAL_INDEXES: readonly RecordIndex<StoredApprovalRequest>[] = [
  APPROVAL_BY_STATUS,
  APPROVAL_BY_PENDING_EXPIRY,
  APPROVAL_BY_APPLYING_SINCE,
  APPROVAL_BY_REVOCATION_DUE,
  APPROVAL_BY_REQUESTER,
  APPROVAL_BY_VAULT,
];
