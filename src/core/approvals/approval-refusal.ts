/**
 * Why a card click or an operation was refused, as a value the dialog renders. Every refusal is
 * also written to the audit log with the same code.
 */

/** Refusal reasons. */
export type RefusalCode =
  | 'malformed'
  | 'altered'
  | 'not-found'
  | 'self-approval'
  | 'not-entitled'
  | 'entitlement-unavailable'
  | 'expired'
  | 'already-decided'
  | 'stale-version'
  | 'not-approved'
  | 'not-applying'
  | 'not-applied'
  | 'damaged'; //  the stored request's plan is not a fix plan (altered in storage, or written by something else)

/** A typed refusal: `message` is written for the person who clicked. */
export interface ApprovalRefusal {
  code: RefusalCode;
  message: string;
  requestId?: string;
  /** The request's status when refused, if it was found. */
  status?: string;
}

/** Success with a value, or a refusal. */
export type ApprovalResult<T> = { ok: true; value: T } | { ok: false; refusal: ApprovalRefusal };

/** Builds a refusal result. */
export function refuse<T>(
  code: RefusalCode,
  message: string,
  extra: { requestId?: string; status?: string } = {},
): ApprovalResult<T> {
  return { ok: false, refusal: { code, message, ...extra } };
}
