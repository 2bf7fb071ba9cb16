/**
 * The four-eyes approval rules over durable storage. Every state change is a compare-and-swap on
 * the stored request's ETag (`updateRecord`), so when two approvers click at once exactly one decision lands, and
 * when two workers try to apply an approved fix exactly one gets the apply claim
 * (`approved → applying`). Every refusal is audited and returned as a value the dialog renders.
 */
import type { AuditAppender } from '../audit/audit-log.js';
import type { AuditActor, AuditEvent, HashFunction } from '../audit/audit-record.js';
import { SYSTEM_ACTOR } from '../audit/audit-record.js';
import { canonicalJson } from '../audit/canonical-json.js';
import { assertValidRecordKey, isRecordId } from '../storage/record-key.js';
import { isConcurrencyError, type RecordStore, type StoredRecord } from '../storage/record-store.js';
import { isUpdateConflictError, updateRecord } from '../storage/update-record.js';
import {
  APPROVAL_BY_APPLYING_SINCE,
  APPROVAL_BY_PENDING_EXPIRY,
  APPROVAL_BY_REQUESTER,
  APPROVAL_BY_REVOCATION_DUE,
  APPROVAL_BY_STATUS,
  APPROVAL_BY_VAULT,
} from './approval-indexes.js';
import { type ApprovalRefusal, type ApprovalResult, type RefusalCode } from './approval-refusal.js';
import {
  readApprovalRequest,
  type ApprovalRequest,
  type ApprovalStatus,
  type Person,
  type StoredApprovalRequest,
  type VaultRef,
} from './approval-request.js';
import type { FixPlan } from '../fixes/fix-plan.js';
import { readFixPlan } from '../fixes/fix-plan-schema.js';
import { parseDecisionPayload } from './decision-payload.js';
import type { EntitlementChecker } from './entitlement-checker.js';

/**
 * What a decision came to: the decided request, or a refusal with the request as it stands after
 * the refusal (when there is one), so the caller can redraw its card without reading it again.
 */
export type DecisionResult =
  { ok: true; value: ApprovalRequest } | { ok: false; refusal: ApprovalRefusal; request?: ApprovalRequest };

/** Ports and settings of {@link ApprovalService}. */
export interface ApprovalServiceOptions {
  /** Requests as stored; every read checks the plan (see {@link readApprovalRequest}). */
  store: RecordStore<StoredApprovalRequest>;
  entitlements: EntitlementChecker;
  audit: AuditAppender;
  hash: HashFunction;
  /** New request ids (e.g. `crypto.randomUUID`); must be `[A-Za-z0-9_-]`. */
  newId: () => string;
  clock?: () => Date;
  /** How long a request waits for a decision (config `approvals.ttlInMs`, default 24 h). */
  ttlInMs?: number;
}

/** What the fix flow passes once the requester has confirmed the plan. */
export interface CreateApprovalInput {
  kind?: 'fix' | 'undo';
  requester: Person;
  vault: VaultRef;
  plan: FixPlan;
  justification: string;
  /** Time-limited grant: revoke this many hours after it is applied. */
  grantHours?: number;
  /** For an undo request: the request being undone. */
  undoOf?: string;
  correlationId?: string;
}

/** Thrown for programming errors in create (no justification, a plan that is not a JSON fix plan). Checked by name. */
export class InvalidApprovalInputError extends Error {
  override readonly name = 'InvalidApprovalInputError';
}

/** The approval state machine. */
export class ApprovalService {
  private readonly store: RecordStore<StoredApprovalRequest>;
  private readonly entitlements: EntitlementChecker;
  private readonly audit: AuditAppender;
  private readonly hash: HashFunction;
  private readonly newId: () => string;
  private readonly clock: () => Date;
  private readonly ttlInMs: number;

  constructor(options: ApprovalServiceOptions) {
    this.store = options.store;
    this.entitlements = options.entitlements;
    this.audit = options.audit;
    this.hash = options.hash;
    this.newId = options.newId;
    this.clock = options.clock ?? (() => new Date());
    this.ttlInMs = options.ttlInMs ?? 24 * 3_600_000;
  }

  /** The hash a card may carry to pin the plan: over the plan's canonical JSON. */
  planHash(plan: unknown): string {
    return this.hash(canonicalJson(plan));
  }

  /** Stores a new pending request (after the requester confirmed) and audits `confirm`. */
  async create(input: CreateApprovalInput): Promise<ApprovalRequest> {
    if (!input.justification?.trim()) throw new InvalidApprovalInputError('A fix request needs a justification.');
    if (!input.requester?.id || !input.vault?.id || !input.vault?.name)
      throw new InvalidApprovalInputError('A fix request needs a requester and a vault.');
    if ((input.kind ?? 'fix') === 'undo' && !input.undoOf)
      throw new InvalidApprovalInputError('An undo request must name the request it undoes.');
    let json: unknown;
    try {
      json = JSON.parse(JSON.stringify(input.plan)) as unknown;
    } catch (cause) {
      throw new InvalidApprovalInputError('The fix plan is not JSON.', { cause });
    }
    // What is stored is what is read back: check it as a reader will.
    const plan = readFixPlan(json);
    if (!plan) throw new InvalidApprovalInputError('The fix plan does not have the shape of a fix plan.');
    const now = this.clock();
    const id = this.newId();
    assertValidRecordKey(id);
    const request: ApprovalRequest = {
      id,
      version: 1,
      kind: input.kind ?? 'fix',
      requester: { id: input.requester.id, name: input.requester.name },
      vault: { id: input.vault.id, name: input.vault.name },
      plan,
      planHash: this.planHash(plan),
      justification: input.justification.trim(),
      status: 'pending',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlInMs).toISOString(),
      decisions: [],
    };
    if (input.grantHours) request.grantHours = input.grantHours;
    if (input.undoOf) request.undoOf = input.undoOf;
    if (input.correlationId) request.correlationId = input.correlationId;
    await this.store.put(id, request, { ifNoneMatch: '*' });
    await this.record('confirm', input.requester, request, {
      kind: request.kind,
      planHash: request.planHash,
      plan,
      justification: request.justification,
      expiresAt: request.expiresAt,
      grantHours: request.grantHours,
      undoOf: request.undoOf,
    });
    return request;
  }

  /** Reads a request; one whose stored plan is not a fix plan reads as missing (deciding it is refused as `damaged`). */
  async get(id: string): Promise<ApprovalRequest | undefined> {
    if (!isRecordId(id)) return undefined;
    const stored = (await this.store.get(id))?.value;
    return stored ? readApprovalRequest(stored) : undefined;
  }

  /** Requests, optionally filtered; the most selective filter given is an index query. */
  async list(
    filter: { status?: ApprovalStatus; vaultId?: string; requesterId?: string } = {},
  ): Promise<ApprovalRequest[]> {
    const stored = filter.status
      ? await this.store.query({ index: APPROVAL_BY_STATUS, equals: filter.status })
      : filter.requesterId
        ? await this.store.query({ index: APPROVAL_BY_REQUESTER, equals: filter.requesterId })
        : filter.vaultId
          ? await this.store.query({ index: APPROVAL_BY_VAULT, equals: filter.vaultId })
          : await this.store.list();
    return readAll(stored).filter(
      (r) =>
        (!filter.status || r.status === filter.status) &&
        (!filter.vaultId || r.vault.id === filter.vaultId) &&
        (!filter.requesterId || r.requester.id === filter.requesterId),
    );
  }

  /**
   * Applies an approve/reject card click by `actor`. Refuses (and audits why) a malformed or altered
   * payload, an unknown, expired, already decided or stale request, self-approval and an approver who
   * is not entitled now. The requester may reject (withdraw) their own request.
   */
  async decide(rawPayload: unknown, actor: Person): Promise<DecisionResult> {
    const parsed = parseDecisionPayload(rawPayload);
    if (!parsed.ok) {
      // Name the request (and its vault) in the audit record when the card still identifies one.
      const request = parsed.requestId ? await this.get(parsed.requestId) : undefined;
      const refused = await this.refusal(actor, parsed.code, parsed.message, {
        request,
        requestId: parsed.requestId,
        payload: rawPayload,
      });
      return withRequest(refused, request);
    }
    const payload = parsed.payload;
    type Refuse = { code: RefusalCode; message: string; ctx: Parameters<ApprovalService['refusal']>[3] };
    type Step =
      | { refuse: Refuse; expire?: StoredRecord<StoredApprovalRequest> }
      | { decided: ApprovalRequest; entitlement: string; isRequester: boolean };
    let step: Step;
    try {
      step = await updateRecord<StoredApprovalRequest, Step>(this.store, payload.requestId, async (stored) => {
        const no = (code: RefusalCode, message: string, ctx: Refuse['ctx']): { result: Step } => ({
          result: { refuse: { code, message, ctx } },
        });
        if (!stored)
          return no('not-found', 'This approval request does not exist (any more).', {
            requestId: payload.requestId,
            payload: rawPayload,
          });
        const request = readApprovalRequest(stored.value);
        if (!request) return no('damaged', DAMAGED, { requestId: payload.requestId, payload: rawPayload });
        const ctx = { request, payload: rawPayload };
        if (payload.planHash !== undefined && payload.planHash !== request.planHash)
          return no('altered', 'This approval card does not match the stored plan. Nothing was changed.', ctx);
        const now = this.clock();
        if (request.status === 'pending' && Date.parse(request.expiresAt) <= now.getTime()) {
          return {
            result: {
              refuse: {
                code: 'expired',
                message: `This request expired at ${request.expiresAt}. Ask the requester to run the fix again.`,
                ctx: { ...ctx, status: 'expired' },
              },
              expire: stored,
            },
          };
        }
        if (request.status === 'expired') return no('expired', `This request expired at ${request.expiresAt}.`, ctx);
        if (request.status !== 'pending') {
          const by = request.decisions.at(-1);
          const who = by ? ` by ${by.by.name} (${by.decision === 'approve' ? 'approved' : 'rejected'})` : '';
          return no('already-decided', `This request was already decided${who}; it is now ${request.status}.`, ctx);
        }
        if (payload.version !== request.version)
          return no(
            'stale-version',
            'This card is out of date: the request changed since it was sent. Use the latest card.',
            ctx,
          );
        const isRequester = actor.id === request.requester.id;
        if (isRequester && payload.decision === 'approve')
          return no(
            'self-approval',
            'You cannot approve your own request: another approver of this vault must do it.',
            ctx,
          );
        let entitlement = 'requester withdrew the request';
        if (!isRequester) {
          let answer;
          try {
            answer = await this.entitlements.isEntitledApprover(actor.id, request.vault.id);
          } catch (e) {
            return no(
              'entitlement-unavailable',
              `Your approval rights could not be checked right now (${e instanceof Error ? e.message : String(e)}). Try again in a minute.`,
              ctx,
            );
          }
          if (!answer.entitled)
            return no('not-entitled', `You are not an approver for ${request.vault.name}: ${answer.reason}`, {
              ...ctx,
              entitlement: answer.reason,
            });
          entitlement = answer.reason;
        }
        const decided: ApprovalRequest = {
          ...request,
          version: request.version + 1,
          status: payload.decision === 'approve' ? 'approved' : 'rejected',
          updatedAt: now.toISOString(),
          decisions: [
            ...request.decisions,
            {
              by: { id: actor.id, name: actor.name },
              decision: payload.decision,
              ...(payload.comment ? { comment: payload.comment } : {}),
              at: now.toISOString(),
              entitlement,
            },
          ],
        };
        // Someone changing it first makes updateRecord re-read and judge again (usually "already decided").
        return { write: decided, result: { decided, entitlement, isRequester } };
      });
    } catch (e) {
      if (!isUpdateConflictError(e)) throw e;
      const refused = await this.refusal(
        actor,
        'already-decided',
        'This request is being changed by someone else right now. Try again.',
        { requestId: payload.requestId },
      );
      return withRequest(refused, await this.get(payload.requestId));
    }
    if ('refuse' in step) {
      // The request as the refusal leaves it: as read, or as expired by this click (read again only
      // when someone else changed it first).
      const request = step.expire
        ? ((await this.expire(step.expire, this.clock())) ?? (await this.get(payload.requestId)))
        : step.refuse.ctx.request;
      return withRequest(await this.refusal(actor, step.refuse.code, step.refuse.message, step.refuse.ctx), request);
    }
    const { decided, entitlement, isRequester } = step;
    await this.record('decision', actor, decided, {
      decision: payload.decision,
      comment: payload.comment,
      version: decided.version,
      entitlement,
      withdrawn: isRequester || undefined,
    });
    return { ok: true, value: decided };
  }

  /**
   * Claims the right to apply an approved request (`approved → applying`). Exactly one caller
   * succeeds; everyone else gets a refusal. Audits `apply` (phase `claimed`).
   */
  async claimApply(requestId: string, worker: AuditActor = SYSTEM_ACTOR): Promise<ApprovalResult<ApprovalRequest>> {
    return this.transition(
      requestId,
      worker,
      ['approved'],
      'not-approved',
      'applying',
      (r, now) => ({ ...r, apply: { claimedBy: worker.id, claimedAt: now } }),
      'apply',
      { phase: 'claimed' },
    );
  }

  /** Records the apply outcome (`applying → applied | failed`); audits `apply`. */
  async finishApply(
    requestId: string,
    outcome: { succeeded: boolean; detail?: unknown },
    worker: AuditActor = SYSTEM_ACTOR,
  ): Promise<ApprovalResult<ApprovalRequest>> {
    const status = outcome.succeeded ? 'applied' : 'failed';
    return this.transition(
      requestId,
      worker,
      ['applying'],
      'not-applying',
      status,
      (r, now) => ({
        ...r,
        // A time-limited grant runs from now, when the access starts.
        ...(status === 'applied' && r.grantHours && !r.grantExpiresAt
          ? { grantExpiresAt: new Date(Date.parse(now) + r.grantHours * 3_600_000).toISOString() }
          : {}),
        apply: {
          ...(r.apply ?? { claimedBy: worker.id, claimedAt: now }),
          finishedAt: now,
          outcome: status,
          detail: jsonOrUndefined(outcome.detail),
        },
      }),
      'apply',
      { phase: status, detail: jsonOrUndefined(outcome.detail) },
    );
  }

  /** Records the verification re-read of an applied fix; audits `verify`. Status stays `applied`. */
  async recordVerification(
    requestId: string,
    verification: { ok: boolean; detail?: unknown },
    worker: AuditActor = SYSTEM_ACTOR,
  ): Promise<ApprovalResult<ApprovalRequest>> {
    return this.transition(
      requestId,
      worker,
      ['applied'],
      'not-applied',
      'applied',
      (r, now) => ({
        ...r,
        apply: {
          ...(r.apply ?? { claimedBy: worker.id, claimedAt: now }),
          verification: { ok: verification.ok, detail: jsonOrUndefined(verification.detail), at: now },
        },
      }),
      'verify',
      { ok: verification.ok, detail: jsonOrUndefined(verification.detail) },
    );
  }

  /** Marks an applied fix as undone (after its undo was applied, or a grant was revoked); audits `undo`. */
  async markUndone(
    requestId: string,
    undoneBy: string,
    actor: AuditActor = SYSTEM_ACTOR,
  ): Promise<ApprovalResult<ApprovalRequest>> {
    return this.transition(
      requestId,
      actor,
      ['applied'],
      'not-applied',
      'undone',
      (r) => ({ ...r, undoneBy }),
      'undo',
      { undoneBy },
    );
  }

  /** Replaces a pending request by a newer one (the requester re-planned); audits `plan`. */
  async supersede(
    requestId: string,
    supersededBy: string,
    actor: AuditActor,
  ): Promise<ApprovalResult<ApprovalRequest>> {
    return this.transition(
      requestId,
      actor,
      ['pending'],
      'already-decided',
      'superseded',
      (r) => ({ ...r, supersededBy }),
      'plan',
      { action: 'superseded', supersededBy },
    );
  }

  /** Expires every pending request past its `expiresAt`; audits `expiry` for each. Returns them. */
  async sweepExpired(now: Date = this.clock()): Promise<ApprovalRequest[]> {
    const expired: ApprovalRequest[] = [];
    for (const stored of await this.store.query({ index: APPROVAL_BY_PENDING_EXPIRY, atMost: now.toISOString() })) {
      if (stored.value.status !== 'pending' || Date.parse(stored.value.expiresAt) > now.getTime()) continue;
      const done = await this.expire(stored, now);
      if (done) expired.push(done);
    }
    return expired;
  }

  /**
   * Marks applies whose worker vanished (claimed longer than `olderThanInMs` ago, never finished) as
   * `failed`, so a person checks the vault. It never re-applies: the lost worker may have changed Azure.
   */
  async failStuckApplies(olderThanInMs: number, now: Date = this.clock()): Promise<ApprovalRequest[]> {
    const failed: ApprovalRequest[] = [];
    for (const stored of await this.store.query({
      index: APPROVAL_BY_APPLYING_SINCE,
      atMost: new Date(now.getTime() - olderThanInMs).toISOString(),
    })) {
      const r = stored.value;
      if (r.status !== 'applying' || !r.apply || now.getTime() - Date.parse(r.apply.claimedAt) < olderThanInMs)
        continue;
      // finishApply reads the request again and refuses a damaged one.
      const result = await this.finishApply(r.id, {
        succeeded: false,
        detail: `The apply by ${r.apply.claimedBy} did not finish within ${Math.round(olderThanInMs / 1000)} s; check the vault before retrying.`,
      });
      if (result.ok) failed.push(result.value);
    }
    return failed;
  }

  /** Applied, time-limited grants whose `grantExpiresAt` has passed: the fix flow revokes these. */
  async dueRevocations(now: Date = this.clock()): Promise<ApprovalRequest[]> {
    return readAll(await this.store.query({ index: APPROVAL_BY_REVOCATION_DUE, atMost: now.toISOString() })).filter(
      (r) =>
        r.kind === 'fix' &&
        r.status === 'applied' &&
        r.grantExpiresAt !== undefined &&
        Date.parse(r.grantExpiresAt) <= now.getTime(),
    );
  }

  private async expire(stored: StoredRecord<StoredApprovalRequest>, now: Date): Promise<ApprovalRequest | undefined> {
    const request = readApprovalRequest(stored.value);
    if (!request) return undefined; // a damaged request is refused wherever it is used; the sweep leaves it to a person
    const expired: ApprovalRequest = {
      ...request,
      version: request.version + 1,
      status: 'expired',
      updatedAt: now.toISOString(),
    };
    try {
      await this.store.put(stored.key, expired, { ifMatch: stored.etag });
    } catch (e) {
      if (isConcurrencyError(e)) return undefined; // decided or expired by someone else meanwhile
      throw e;
    }
    await this.record('expiry', SYSTEM_ACTOR, expired, { expiresAt: expired.expiresAt, version: expired.version });
    return expired;
  }

  /** CAS loop for a status change allowed only from `from`. */
  private async transition(
    requestId: string,
    actor: AuditActor,
    from: ApprovalStatus[],
    refusalCode: RefusalCode,
    to: ApprovalStatus,
    change: (r: ApprovalRequest, nowIso: string) => ApprovalRequest,
    auditType: AuditEvent['type'],
    auditData: Record<string, unknown>,
  ): Promise<ApprovalResult<ApprovalRequest>> {
    if (!isRecordId(requestId))
      return this.refusal(actor, 'not-found', 'This approval request does not exist.', { requestId });
    type Step = { next: ApprovalRequest } | { refuse: string; request?: ApprovalRequest; damaged?: true };
    let step: Step;
    try {
      step = await updateRecord<StoredApprovalRequest, Step>(this.store, requestId, (stored) => {
        if (!stored) return { result: { refuse: 'This approval request does not exist (any more).' } };
        const request = readApprovalRequest(stored.value);
        if (!request) return { result: { refuse: DAMAGED, damaged: true } };
        if (!from.includes(request.status))
          return { result: { refuse: `This request is ${request.status}, so it cannot become ${to}.`, request } };
        const nowIso = this.clock().toISOString();
        const next: ApprovalRequest = {
          ...change(request, nowIso),
          version: request.version + 1,
          status: to,
          updatedAt: nowIso,
        };
        return { write: next, result: { next } };
      });
    } catch (e) {
      if (!isUpdateConflictError(e)) throw e;
      return this.refusal(actor, refusalCode, 'This request is being changed by someone else right now. Try again.', {
        requestId,
        operation: to,
      });
    }
    if ('refuse' in step) {
      if (step.damaged) return this.refusal(actor, 'damaged', step.refuse, { requestId, operation: to });
      if (!step.request) return this.refusal(actor, 'not-found', step.refuse, { requestId });
      return this.refusal(actor, refusalCode, step.refuse, { request: step.request, operation: to });
    }
    const next = step.next;
    await this.record(auditType, actor, next, { ...auditData, version: next.version, status: to });
    return { ok: true, value: next };
  }

  private async refusal(
    actor: AuditActor,
    code: RefusalCode,
    message: string,
    ctx: {
      request?: ApprovalRequest;
      requestId?: string;
      payload?: unknown;
      status?: string;
      entitlement?: string;
      operation?: string;
    },
  ): Promise<{ ok: false; refusal: ApprovalRefusal }> {
    const requestId = ctx.request?.id ?? ctx.requestId;
    const status = ctx.status ?? ctx.request?.status;
    await this.audit.append({
      type: 'refusal',
      actor: { id: actor.id, ...(actor.name ? { name: actor.name } : {}) },
      ...(ctx.request ? { vault: ctx.request.vault.name } : {}),
      ...(requestId ? { requestId } : {}),
      ...(ctx.request?.correlationId ? { correlationId: ctx.request.correlationId } : {}),
      data: {
        code,
        reason: message,
        status,
        operation: ctx.operation ?? 'decide',
        entitlement: ctx.entitlement,
        payload: boundedPayload(ctx.payload),
      },
    });
    const refusal: ApprovalRefusal = { code, message };
    if (requestId) refusal.requestId = requestId;
    if (status) refusal.status = status;
    return { ok: false, refusal };
  }

  private async record(
    type: AuditEvent['type'],
    actor: AuditActor,
    request: ApprovalRequest,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.append({
      type,
      actor: { id: actor.id, ...(actor.name ? { name: actor.name } : {}) },
      vault: request.vault.name,
      requestId: request.id,
      ...(request.correlationId ? { correlationId: request.correlationId } : {}),
      data: { ...data, vaultId: request.vault.id, requestKind: request.kind },
    });
  }
}

/** A refusal of {@link ApprovalService.decide}, with the request as it stands when there is one. */
function withRequest(refused: { ok: false; refusal: ApprovalRefusal }, request?: ApprovalRequest): DecisionResult {
  return request ? { ...refused, request } : refused;
}

/** The refusal of a request whose stored plan is not a fix plan. */
const DAMAGED =
  'The stored plan of this request is damaged (altered in storage, or written by something else), so nothing was changed. Ask the requester to plan the fix again.';

/** The requests among stored records whose plan checks out (a damaged one is refused where it is used, never listed). */
function readAll(records: StoredRecord<StoredApprovalRequest>[]): ApprovalRequest[] {
  return records.map((r) => readApprovalRequest(r.value)).filter((r): r is ApprovalRequest => r !== undefined);
}

function jsonOrUndefined(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return String(value);
  }
}

/** Keeps what an altered card sent, bounded so a hostile payload cannot bloat the log. */
function boundedPayload(payload: unknown): unknown {
  if (payload === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch {
    return `unserialisable ${typeof payload}`;
  }
  if (text === undefined) return `unserialisable ${typeof payload}`;
  return text.length <= 2000 ? (JSON.parse(text) as unknown) : `${text.slice(0, 2000)}…`;
}
