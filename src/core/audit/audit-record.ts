/**
 * The audit log's record: one append-only entry of a hash chain. `hash` covers every other field,
 * including `prevHash`, so editing, removing, inserting or reordering records breaks the chain.
 */

/** What happened. */
export const AUDIT_EVENT_TYPES = [
  'probe',
  'plan',
  'confirm',
  'decision',
  'apply',
  'verify',
  'undo',
  'refusal',
  'expiry',
  'escalation',
] as const;

/** One of {@link AUDIT_EVENT_TYPES}. */
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** Who did it: a Teams/AAD user, or the bot itself (`{ id: 'kvbot' }`) for sweeps and applies. */
export interface AuditActor {
  id: string;
  name?: string;
}

/** The bot's own identity in the log (expiry sweeps, scheduled revocations). */
export const SYSTEM_ACTOR: Readonly<AuditActor> = Object.freeze({ id: 'kvbot', name: 'Key Vault Access Assistant' });

/** What a caller appends; the log adds seq, time and hashes. */
export interface AuditEvent {
  type: AuditEventType;
  actor: AuditActor;
  /** Vault name, for `kvbot audit list --vault`. */
  vault?: string;
  /** Approval request id, when the event belongs to one. */
  requestId?: string;
  /** Ties events of one conversation turn or case together. */
  correlationId?: string;
  /** Event details (JSON). Never secret values. */
  data: Record<string, unknown>;
}

/** A stored audit record. */
export interface AuditRecord extends AuditEvent {
  /** 1, 2, 3, … without gaps. */
  seq: number;
  /** ISO 8601 time of the append. */
  at: string;
  /** `hash` of the previous record; {@link GENESIS_HASH} for seq 1. */
  prevHash: string;
  /** Hash of the canonical JSON of this record without `hash`. */
  hash: string;
}

/** prevHash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** A string → hex digest function (sha256 in production), injected so the core stays free of node modules. */
export type HashFunction = (text: string) => string;

/** True for a known event type. */
export function isAuditEventType(value: unknown): value is AuditEventType {
  return typeof value === 'string' && (AUDIT_EVENT_TYPES as readonly string[]).includes(value);
}
