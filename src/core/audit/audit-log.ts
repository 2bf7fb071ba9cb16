/**
 * The append-only, tamper-evident audit log over a RecordStore. Appends are serialised across
 * processes by the store itself: record `n` is created with `ifNoneMatch: '*'`, so when two bot
 * instances race for the same number, one wins and the other reads the winner, chains onto it and
 * tries `n + 1`. The chain therefore never forks, even on shared Blob Storage.
 */
import { isConcurrencyError, type RecordStore } from '../storage/record-store.js';
import { auditKey, computeAuditHash, seqFromKey, verifyAuditChain, type AuditHead, type AuditVerification } from './audit-chain.js';
import { GENESIS_HASH, isAuditEventType, type AuditEvent, type AuditRecord, type HashFunction } from './audit-record.js';

/** Appends audit events; the port other services (approvals, probes, escalation) depend on. */
export interface AuditAppender {
  append(event: AuditEvent): Promise<AuditRecord>;
}

/** Filters for {@link AuditLog.list}. */
export interface AuditListOptions {
  vault?: string;
  /** Only records at or after this time. */
  since?: Date;
  requestId?: string;
  type?: AuditEvent['type'];
}

/** Ports of {@link AuditLog}. */
export interface AuditLogOptions {
  records: RecordStore<AuditRecord>;
  /** Remembers the last seq and hash, so that cutting records off the end is detected too. */
  head?: RecordStore<AuditHead>;
  hash: HashFunction;
  clock?: () => Date;
  /** Give up after this many lost races in one append (default 1000). */
  maxAttempts?: number;
}

/** An event the log refuses (unknown type, no actor, non-JSON data). Checked by name. */
export class InvalidAuditEventError extends Error {
  override readonly name = 'InvalidAuditEventError';
}

const HEAD_KEY = 'head';

/** The audit log service. */
export class AuditLog implements AuditAppender {
  private readonly records: RecordStore<AuditRecord>;
  private readonly head?: RecordStore<AuditHead>;
  private readonly hash: HashFunction;
  private readonly clock: () => Date;
  private readonly maxAttempts: number;
  private tail?: AuditHead;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: AuditLogOptions) {
    this.records = options.records;
    this.head = options.head;
    this.hash = options.hash;
    this.clock = options.clock ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 1000;
  }

  /** Appends one event and returns the stored record. */
  append(event: AuditEvent): Promise<AuditRecord> {
    // One append at a time per instance avoids racing ourselves; other instances are handled by the store.
    const run = this.queue.then(() => this.appendNow(event));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Records in sequence order, filtered. */
  async list(options: AuditListOptions = {}): Promise<AuditRecord[]> {
    const all = (await this.records.list()).filter((r) => seqFromKey(r.key) !== undefined).map((r) => r.value);
    return all.filter(
      (r) =>
        (options.vault === undefined || r.vault?.toLowerCase() === options.vault.toLowerCase()) &&
        (options.since === undefined || Date.parse(r.at) >= options.since.getTime()) &&
        (options.requestId === undefined || r.requestId === options.requestId) &&
        (options.type === undefined || r.type === options.type),
    );
  }

  /** Checks the whole chain; names the first bad seq when something was tampered with. */
  async verify(): Promise<AuditVerification> {
    // Head first: an append that lands between the two reads then only makes the list longer.
    const head = await this.head?.get(HEAD_KEY);
    const stored = await this.records.list();
    return verifyAuditChain(stored, this.hash, head?.value);
  }

  private async appendNow(event: AuditEvent): Promise<AuditRecord> {
    const clean = normalise(event);
    this.tail ??= await this.findTail();
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const seq: number = this.tail.seq + 1;
      const unsigned: Omit<AuditRecord, 'hash'> = { seq, at: this.clock().toISOString(), ...clean, prevHash: this.tail.hash };
      const record: AuditRecord = { ...unsigned, hash: computeAuditHash(unsigned, this.hash) };
      try {
        await this.records.put(auditKey(seq), record, { ifNoneMatch: '*' });
        this.tail = { seq, hash: record.hash };
        await this.raiseHead(this.tail);
        return record;
      } catch (e) {
        if (!isConcurrencyError(e)) throw e;
        // Someone else took this number: chain onto their record.
        const winner = await this.records.get(auditKey(seq));
        this.tail = winner ? { seq, hash: winner.value.hash } : await this.findTail();
      }
    }
    throw new Error(`Could not append to the audit log after ${this.maxAttempts} attempts: too many concurrent writers.`);
  }

  /** The last record: from the head hint, walking forward past records other instances added. */
  private async findTail(): Promise<AuditHead> {
    let tail: AuditHead = { seq: 0, hash: GENESIS_HASH };
    const hint = (await this.head?.get(HEAD_KEY))?.value;
    const atHint = hint ? await this.records.get(auditKey(hint.seq)) : undefined;
    if (hint && atHint) {
      tail = { seq: hint.seq, hash: atHint.value.hash };
    } else {
      const all = await this.records.list();
      const last = all.filter((r) => seqFromKey(r.key) !== undefined).at(-1);
      if (last) tail = { seq: last.value.seq, hash: last.value.hash };
    }
    for (;;) {
      const next = await this.records.get(auditKey(tail.seq + 1));
      if (!next) return tail;
      tail = { seq: next.value.seq, hash: next.value.hash };
    }
  }

  /** Moves the head forward (never back), with compare-and-swap against other instances. */
  private async raiseHead(to: AuditHead): Promise<void> {
    if (!this.head) return;
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.head.get(HEAD_KEY);
      if (current && current.value.seq >= to.seq) return;
      try {
        await this.head.put(HEAD_KEY, to, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
        return;
      } catch (e) {
        if (!isConcurrencyError(e)) throw e;
      }
    }
    // Losing 20 races means others are moving the head forward past us, which is what we wanted.
  }
}

function normalise(event: AuditEvent): AuditEvent {
  if (!isAuditEventType(event?.type)) throw new InvalidAuditEventError(`Unknown audit event type "${String(event?.type)}".`);
  if (!event.actor || typeof event.actor.id !== 'string' || !event.actor.id) throw new InvalidAuditEventError(`Audit event "${event.type}" has no actor id.`);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(JSON.stringify(event.data ?? {})) as Record<string, unknown>;
  } catch (cause) {
    throw new InvalidAuditEventError(`Audit event "${event.type}" has data that is not JSON.`, { cause });
  }
  // Round-trip through JSON so the hash covers exactly what the store will hold.
  const out: AuditEvent = { type: event.type, actor: event.actor.name === undefined ? { id: event.actor.id } : { id: event.actor.id, name: event.actor.name }, data };
  if (event.vault !== undefined) out.vault = event.vault;
  if (event.requestId !== undefined) out.requestId = event.requestId;
  if (event.correlationId !== undefined) out.correlationId = event.correlationId;
  return out;
}
