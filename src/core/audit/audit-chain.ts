/**
 * The pure hash-chain rules: how a record's hash is computed and how a sequence of stored records
 * is checked. No storage here; {@link AuditLog} feeds it.
 */
import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH, isAuditEventType, type AuditRecord, type HashFunction } from './audit-record.js';

/** Record key for a sequence number: zero-padded so key order is sequence order. */
export function auditKey(seq: number): string {
  return String(seq).padStart(12, '0');
}

/** The sequence number in a record key, or undefined for a key that is not one. */
export function seqFromKey(key: string): number | undefined {
  const last = key.slice(key.lastIndexOf('/') + 1);
  return /^\d{12}$/.test(last) ? Number(last) : undefined;
}

/** The hash of a record: over its canonical JSON without `hash` (which includes prevHash). */
export function computeAuditHash(record: Omit<AuditRecord, 'hash'> & { hash?: string }, hash: HashFunction): string {
  const { hash: _ignored, ...rest } = record;
  return hash(canonicalJson(rest));
}

/** What is wrong at the first bad record. */
export type AuditProblem = 'malformed' | 'edited' | 'removed' | 'reordered' | 'inserted' | 'truncated';

/** The result of checking the chain. */
export type AuditVerification =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; firstBadSeq: number; problem: AuditProblem; message: string };

/** The last appended record as remembered outside the chain (truncation check). */
export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * Checks stored records (in key order) from seq 1: contiguous sequence, key matches seq, each hash
 * recomputes, each prevHash is the previous hash; and, given the head, that nothing was cut off the end.
 */
export function verifyAuditChain(stored: { key: string; value: unknown }[], hash: HashFunction, head?: AuditHead): AuditVerification {
  let prev = GENESIS_HASH;
  let expected = 1;
  const fail = (firstBadSeq: number, problem: AuditProblem, message: string): AuditVerification => ({ ok: false, count: stored.length, firstBadSeq, problem, message });
  for (const { key, value } of stored) {
    const keySeq = seqFromKey(key);
    if (keySeq === undefined) return fail(expected, 'inserted', `A record with the foreign key "${key}" was added to the audit log.`);
    if (keySeq > expected) return fail(expected, 'removed', `Audit record ${expected} is missing (the next one is ${keySeq}).`);
    if (!isRecord(value)) return fail(keySeq, 'malformed', `Audit record ${keySeq} is not a well-formed audit record.`);
    if (value.seq !== keySeq) return fail(keySeq, 'reordered', `Audit record ${keySeq} holds the record numbered ${value.seq}: records were moved.`);
    if (computeAuditHash(value, hash) !== value.hash) return fail(keySeq, 'edited', `Audit record ${keySeq} was changed after it was written (its hash does not match its content).`);
    if (value.prevHash !== prev) return fail(keySeq, 'inserted', `Audit record ${keySeq} does not follow record ${keySeq - 1}: a record was inserted, replaced or reordered.`);
    prev = value.hash;
    expected = keySeq + 1;
  }
  const last = expected - 1;
  if (head && head.seq > last) return fail(last + 1, 'truncated', `The audit log ends at record ${last} but record ${head.seq} was written: records were removed from the end.`);
  if (head && head.seq >= 1) {
    const at = stored.find((s) => seqFromKey(s.key) === head.seq)?.value as AuditRecord | undefined;
    if (at && at.hash !== head.hash) return fail(head.seq, 'edited', `Audit record ${head.seq} differs from the one remembered as the log's head.`);
  }
  return { ok: true, count: stored.length, headHash: prev };
}

function isRecord(v: unknown): v is AuditRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<AuditRecord>;
  return Number.isInteger(r.seq) && typeof r.at === 'string' && isAuditEventType(r.type) && typeof r.actor === 'object' && r.actor !== null && typeof r.actor.id === 'string' && typeof r.data === 'object' && r.data !== null && typeof r.prevHash === 'string' && typeof r.hash === 'string';
}
