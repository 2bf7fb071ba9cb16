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

/** The result of checking the chain. `checkedFrom`: the checkpoint seq an incremental check started at. */
export type AuditVerification =
  | { ok: true; count: number; headHash: string; checkedFrom?: number }
  | { ok: false; count: number; firstBadSeq: number; problem: AuditProblem; message: string; checkedFrom?: number };

/** The last appended record as remembered outside the chain (truncation check). */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** A stored head hash every N records: where incremental verification starts. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  at: string;
}

/**
 * Checks stored records fed in key order, one page at a time, from a starting point (seq 0 and the
 * genesis hash, or a checkpoint): contiguous sequence, key matches seq, each hash recomputes, each
 * prevHash is the previous hash; at the end, given the head, that nothing was cut off the end.
 * Checkpoints passed along the way must match the chain too (a rewritten tail is caught).
 */
export class AuditChainChecker {
  private prev: string;
  private expected: number;
  private count = 0;
  private failure?: AuditVerification;
  private headHashSeen?: string;

  constructor(
    private readonly hash: HashFunction,
    private readonly head?: AuditHead,
    start: AuditHead = { seq: 0, hash: GENESIS_HASH },
    private readonly checkpoints: ReadonlyMap<number, string> = new Map(),
  ) {
    this.prev = start.hash;
    this.expected = start.seq + 1;
  }

  /** Feeds one record; false once the chain is known to be broken (stop feeding). */
  push(key: string, value: unknown): boolean {
    if (this.failure) return false;
    this.count++;
    const expected = this.expected;
    const keySeq = seqFromKey(key);
    if (keySeq === undefined)
      return this.fail(expected, 'inserted', `A record with the foreign key "${key}" was added to the audit log.`);
    if (keySeq > expected)
      return this.fail(expected, 'removed', `Audit record ${expected} is missing (the next one is ${keySeq}).`);
    if (!isRecord(value))
      return this.fail(keySeq, 'malformed', `Audit record ${keySeq} is not a well-formed audit record.`);
    if (value.seq !== keySeq)
      return this.fail(
        keySeq,
        'reordered',
        `Audit record ${keySeq} holds the record numbered ${value.seq}: records were moved.`,
      );
    if (computeAuditHash(value, this.hash) !== value.hash)
      return this.fail(
        keySeq,
        'edited',
        `Audit record ${keySeq} was changed after it was written (its hash does not match its content).`,
      );
    if (value.prevHash !== this.prev)
      return this.fail(
        keySeq,
        'inserted',
        `Audit record ${keySeq} does not follow record ${keySeq - 1}: a record was inserted, replaced or reordered.`,
      );
    const checkpoint = this.checkpoints.get(keySeq);
    if (checkpoint !== undefined && checkpoint !== value.hash)
      return this.fail(
        keySeq,
        'edited',
        `Audit record ${keySeq} differs from the checkpoint stored when it was written: the log was rewritten from there.`,
      );
    if (this.head && keySeq === this.head.seq) this.headHashSeen = value.hash;
    this.prev = value.hash;
    this.expected = keySeq + 1;
    return true;
  }

  /** The verdict after the last record. */
  finish(): AuditVerification {
    if (this.failure) return this.failure;
    const last = this.expected - 1;
    const head = this.head;
    if (head && head.seq > last) {
      this.fail(
        last + 1,
        'truncated',
        `The audit log ends at record ${last} but record ${head.seq} was written: records were removed from the end.`,
      );
    } else if (head && head.seq >= 1 && this.headHashSeen !== undefined && this.headHashSeen !== head.hash) {
      this.fail(head.seq, 'edited', `Audit record ${head.seq} differs from the one remembered as the log's head.`);
    }
    if (this.failure) return this.failure;
    return { ok: true, count: this.count, headHash: this.prev };
  }

  private fail(firstBadSeq: number, problem: AuditProblem, message: string): false {
    this.failure = { ok: false, count: this.count, firstBadSeq, problem, message };
    return false;
  }
}

/** Checks a whole list of stored records (in key order) from seq 1. */
export function verifyAuditChain(
  stored: { key: string; value: unknown }[],
  hash: HashFunction,
  head?: AuditHead,
): AuditVerification {
  const checker = new AuditChainChecker(hash, head);
  for (const { key, value } of stored) if (!checker.push(key, value)) break;
  const result = checker.finish();
  // The whole-list form reports how many records it was given, as before.
  return { ...result, count: stored.length };
}

function isRecord(v: unknown): v is AuditRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<AuditRecord>;
  return (
    Number.isInteger(r.seq) &&
    typeof r.at === 'string' &&
    isAuditEventType(r.type) &&
    typeof r.actor === 'object' &&
    r.actor !== null &&
    typeof r.actor.id === 'string' &&
    typeof r.data === 'object' &&
    r.data !== null &&
    typeof r.prevHash === 'string' &&
    typeof r.hash === 'string'
  );
}
