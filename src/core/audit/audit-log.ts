/**
 * The append-only, tamper-evident audit log over a RecordStore. Appends are serialised across
 * processes by the store itself: record `n` is created with `ifNoneMatch: '*'`, so when two bot
 * instances race for the same number, one wins and the other reads the winner, chains onto it and
 * tries `n + 1`. The chain therefore never forks, even on shared Blob Storage.
 *
 * Every `checkpointEvery` records the appender also stores a checkpoint (seq and hash), so that
 * `verify()` re-hashes only what was appended since the last one; `verify({ full: true })` checks
 * everything, including that each checkpoint still matches the chain.
 */
import { isConcurrencyError, type RecordStore } from '../storage/record-store.js';
import { DEFAULT_RETRY_POLICY, updateRecord } from '../storage/update-record.js';
import { AUDIT_BY_VAULT } from './audit-indexes.js';
import {
  AuditChainChecker,
  auditKey,
  computeAuditHash,
  seqFromKey,
  type AuditCheckpoint,
  type AuditHead,
  type AuditVerification,
} from './audit-chain.js';
import {
  GENESIS_HASH,
  isAuditEventType,
  type AuditEvent,
  type AuditRecord,
  type HashFunction,
} from './audit-record.js';

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
  /** Paging: only records after this sequence number. */
  afterSeq?: number;
  /** At most this many records (a page). */
  limit?: number;
}

/** Options of {@link AuditLog.verify}. */
export interface AuditVerifyOptions {
  /** Re-hash every record from the first, not only those after the last checkpoint. */
  full?: boolean;
}

/** Ports of {@link AuditLog}. */
export interface AuditLogOptions {
  records: RecordStore<AuditRecord>;
  /** Remembers the last seq and hash, so that cutting records off the end is detected too. */
  head?: RecordStore<AuditHead>;
  /** Where checkpoints go; without it every verification is a full one. */
  checkpoints?: RecordStore<AuditCheckpoint>;
  /** A checkpoint every this many records (default 1000). */
  checkpointEvery?: number;
  hash: HashFunction;
  clock?: () => Date;
  /** Give up after this many lost races in one append (default: the shared retry policy's bound). */
  maxAttempts?: number;
}

/** Records read per page while verifying or filtering. */
const PAGE_SIZE = 2000;

/** An event the log refuses (unknown type, no actor, non-JSON data). Checked by name. */
export class InvalidAuditEventError extends Error {
  override readonly name = 'InvalidAuditEventError';
}

const HEAD_KEY = 'head';

/** The audit log service. */
export class AuditLog implements AuditAppender {
  private readonly records: RecordStore<AuditRecord>;
  private readonly head?: RecordStore<AuditHead>;
  private readonly checkpoints?: RecordStore<AuditCheckpoint>;
  private readonly checkpointEvery: number;
  private readonly hash: HashFunction;
  private readonly clock: () => Date;
  private readonly maxAttempts: number;
  private tail?: AuditHead;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: AuditLogOptions) {
    this.records = options.records;
    this.head = options.head;
    this.checkpoints = options.checkpoints;
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.hash = options.hash;
    this.clock = options.clock ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts;
  }

  /** Appends one event and returns the stored record. */
  append(event: AuditEvent): Promise<AuditRecord> {
    // One append at a time per instance avoids racing ourselves; other instances are handled by the store.
    const run = this.queue.then(() => this.appendNow(event));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Records in sequence order, filtered. A vault filter reads the vault index; otherwise the key
   * (sequence) order is paged; either way reading stops once `limit` records matched.
   */
  async list(options: AuditListOptions = {}): Promise<AuditRecord[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const since = options.since?.getTime();
    const keep = (r: AuditRecord): boolean =>
      (options.vault === undefined || r.vault?.toLowerCase() === options.vault.toLowerCase()) &&
      (since === undefined || Date.parse(r.at) >= since) &&
      (options.requestId === undefined || r.requestId === options.requestId) &&
      (options.type === undefined || r.type === options.type) &&
      (options.afterSeq === undefined || r.seq > options.afterSeq);
    const out: AuditRecord[] = [];
    let afterKey = options.afterSeq !== undefined ? auditKey(options.afterSeq) : undefined;
    for (;;) {
      const page =
        options.vault !== undefined
          ? await this.records.query({
              index: AUDIT_BY_VAULT,
              equals: options.vault.toLowerCase(),
              afterKey,
              limit: PAGE_SIZE,
            })
          : await this.records.query({ afterKey, limit: PAGE_SIZE });
      for (const r of page) {
        if (seqFromKey(r.key) !== undefined && keep(r.value)) out.push(r.value);
        if (out.length >= limit) return out;
      }
      if (page.length < PAGE_SIZE) return out;
      afterKey = page[page.length - 1]!.key;
    }
  }

  /**
   * Checks the chain: by default from the last checkpoint (its record must still hash to the
   * checkpoint, and everything after must chain from it); with `full`, from the first record, also
   * checking every checkpoint on the way, and then storing any checkpoint that is missing.
   */
  async verify(options: AuditVerifyOptions = {}): Promise<AuditVerification> {
    // Head first: an append that lands between the reads then only makes the log longer.
    const head = (await this.head?.get(HEAD_KEY))?.value;
    if (!options.full && this.checkpoints) {
      const last = (await this.checkpoints.query({ order: 'desc', limit: 1 }))[0]?.value;
      if (last) return this.verifyFrom(last, head);
    }
    const stored = this.checkpoints ? await this.checkpoints.list() : [];
    const known = new Map(stored.map((c) => [c.value.seq, c.value.hash]));
    const checker = new AuditChainChecker(this.hash, head, undefined, known);
    const missing: AuditCheckpoint[] = [];
    await this.scan(undefined, (r) => {
      const seq = seqFromKey(r.key);
      const ok = checker.push(r.key, r.value);
      if (ok && seq !== undefined && seq % this.checkpointEvery === 0 && !known.has(seq))
        missing.push({ seq, hash: r.value.hash, at: r.value.at });
      return ok;
    });
    const result = checker.finish();
    // A log written before checkpoints existed (or migrated) gets them once it verified in full.
    if (result.ok) for (const c of missing) await this.storeCheckpoint(c);
    return result;
  }

  private async verifyFrom(checkpoint: AuditCheckpoint, head: AuditHead | undefined): Promise<AuditVerification> {
    const at = (await this.records.get(auditKey(checkpoint.seq)))?.value;
    const fail = (problem: 'removed' | 'edited', message: string): AuditVerification => ({
      ok: false,
      count: 0,
      firstBadSeq: checkpoint.seq,
      problem,
      message,
      checkedFrom: checkpoint.seq,
    });
    if (!at) return fail('removed', `Audit record ${checkpoint.seq}, where the last checkpoint is, is missing.`);
    if (at.hash !== checkpoint.hash || computeAuditHash(at, this.hash) !== at.hash) {
      return fail(
        'edited',
        `Audit record ${checkpoint.seq} no longer matches the checkpoint stored when it was written.`,
      );
    }
    const checker = new AuditChainChecker(this.hash, head, { seq: checkpoint.seq, hash: checkpoint.hash });
    await this.scan(auditKey(checkpoint.seq), (r) => checker.push(r.key, r.value));
    return { ...checker.finish(), checkedFrom: checkpoint.seq };
  }

  /** Feeds records after `afterKey` in key order, a page at a time, until `visit` says stop. */
  private async scan(
    afterKey: string | undefined,
    visit: (r: { key: string; value: AuditRecord }) => boolean,
  ): Promise<void> {
    for (;;) {
      const page = await this.records.query({ afterKey, limit: PAGE_SIZE });
      for (const r of page) if (!visit(r)) return;
      if (page.length < PAGE_SIZE) return;
      afterKey = page[page.length - 1]!.key;
    }
  }

  private async storeCheckpoint(c: AuditCheckpoint): Promise<void> {
    if (!this.checkpoints) return;
    try {
      await this.checkpoints.put(auditKey(c.seq), c, { ifNoneMatch: '*' });
    } catch (e) {
      // Another instance stored the same checkpoint: the chain cannot fork, so it holds the same hash.
      if (!isConcurrencyError(e)) throw e;
    }
  }

  private async appendNow(event: AuditEvent): Promise<AuditRecord> {
    const clean = normalise(event);
    this.tail ??= await this.findTail();
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const seq: number = this.tail.seq + 1;
      const unsigned: Omit<AuditRecord, 'hash'> = {
        seq,
        at: this.clock().toISOString(),
        ...clean,
        prevHash: this.tail.hash,
      };
      const record: AuditRecord = { ...unsigned, hash: computeAuditHash(unsigned, this.hash) };
      try {
        await this.records.put(auditKey(seq), record, { ifNoneMatch: '*' });
        this.tail = { seq, hash: record.hash };
        await this.raiseHead(this.tail);
        if (seq % this.checkpointEvery === 0) await this.storeCheckpoint({ seq, hash: record.hash, at: record.at });
        return record;
      } catch (e) {
        if (!isConcurrencyError(e)) throw e;
        // Someone else took this number: chain onto their record.
        const winner = await this.records.get(auditKey(seq));
        this.tail = winner ? { seq, hash: winner.value.hash } : await this.findTail();
      }
    }
    throw new Error(
      `Could not append to the audit log after ${this.maxAttempts} attempts: too many concurrent writers.`,
    );
  }

  /** The last record: from the head hint, walking forward past records other instances added. */
  private async findTail(): Promise<AuditHead> {
    let tail: AuditHead = { seq: 0, hash: GENESIS_HASH };
    const hint = (await this.head?.get(HEAD_KEY))?.value;
    const atHint = hint ? await this.records.get(auditKey(hint.seq)) : undefined;
    if (hint && atHint) {
      tail = { seq: hint.seq, hash: atHint.value.hash };
    } else {
      // No head: the last record by key order (one row from the store, not the whole log).
      const last = (await this.records.query({ order: 'desc', limit: 1 }))[0];
      if (last && seqFromKey(last.key) !== undefined) tail = { seq: last.value.seq, hash: last.value.hash };
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
    await updateRecord(this.head, HEAD_KEY, (current) =>
      current && current.value.seq >= to.seq ? { result: undefined } : { write: to, result: undefined },
    );
  }
}

function normalise(event: AuditEvent): AuditEvent {
  if (!isAuditEventType(event?.type))
    throw new InvalidAuditEventError(`Unknown audit event type "${String(event?.type)}".`);
  if (!event.actor || typeof event.actor.id !== 'string' || !event.actor.id)
    throw new InvalidAuditEventError(`Audit event "${event.type}" has no actor id.`);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(JSON.stringify(event.data ?? {})) as Record<string, unknown>;
  } catch (cause) {
    throw new InvalidAuditEventError(`Audit event "${event.type}" has data that is not JSON.`, { cause });
  }
  // Round-trip through JSON so the hash covers exactly what the store will hold.
  const out: AuditEvent = {
    type: event.type,
    actor: event.actor.name === undefined ? { id: event.actor.id } : { id: event.actor.id, name: event.actor.name },
    data,
  };
  if (event.vault !== undefined) out.vault = event.vault;
  if (event.requestId !== undefined) out.requestId = event.requestId;
  if (event.correlationId !== undefined) out.correlationId = event.correlationId;
  return out;
}
