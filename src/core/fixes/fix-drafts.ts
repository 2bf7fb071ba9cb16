/**
 * Plans shown to a requester and not yet confirmed. The plan card carries only the draft id; the
 * plan itself stays on the server, so what the requester confirms (and the approver approves) is
 * exactly what the bot computed. A draft is confirmed at most once (compare-and-swap).
 */
import type { Person } from '../approvals/approval-request.js';
import { isConcurrencyError, type RecordStore } from '../storage/record-store.js';
import { isUpdateConflictError, updateRecord } from '../storage/update-record.js';
import { isRecordId } from '../storage/record-key.js';
import type { FixPlan } from './fix-plan.js';
import { readFixPlan } from './fix-plan-schema.js';

/** A plan waiting for its requester's confirmation. */
export interface FixDraft {
  id: string;
  kind: 'fix' | 'undo';
  requester: Person;
  plan: FixPlan;
  /** For an undo: the approval request whose applied fix this undoes. */
  undoOf?: string;
  /** Why this plan was (re)made, shown on the card (e.g. "the vault changed"). */
  note?: string;
  /** A duration the requester asked for in words ("for 8 hours"); preselected on the card. */
  grantHours?: number;
  status: 'open' | 'confirmed' | 'cancelled';
  createdAt: string;
  /** The approval request created from it. */
  requestId?: string;
}

/** Result of claiming a draft. */
export type DraftClaim =
  { ok: true; draft: FixDraft } | { ok: false; reason: 'not-found' | 'not-open'; draft?: FixDraft };

/** Durable drafts. */
export class FixDrafts {
  constructor(
    private readonly store: RecordStore<FixDraft>,
    private readonly newId: () => string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Stores a new open draft. */
  async create(input: Omit<FixDraft, 'id' | 'status' | 'createdAt'>): Promise<FixDraft> {
    const draft: FixDraft = { ...input, id: this.newId(), status: 'open', createdAt: this.clock().toISOString() };
    await this.store.put(draft.id, draft, { ifNoneMatch: '*' });
    return draft;
  }

  /** Reads a draft; malformed ids, and drafts whose stored plan is not a fix plan, read as missing. */
  async get(id: unknown): Promise<FixDraft | undefined> {
    if (!isRecordId(id)) return undefined;
    const draft = (await this.store.get(id))?.value;
    const plan = draft ? readFixPlan(draft.plan) : undefined;
    return draft && plan ? { ...draft, plan } : undefined;
  }

  /** Moves an open draft to `to`; exactly one caller wins. */
  async close(id: unknown, to: 'confirmed' | 'cancelled', extra: Partial<FixDraft> = {}): Promise<DraftClaim> {
    if (!isRecordId(id)) return { ok: false, reason: 'not-found' };
    try {
      return await updateRecord<FixDraft, DraftClaim>(this.store, id, (stored) => {
        if (!stored) return { result: { ok: false, reason: 'not-found' } };
        if (stored.value.status !== 'open') return { result: { ok: false, reason: 'not-open', draft: stored.value } };
        const next: FixDraft = { ...stored.value, ...extra, status: to };
        return { write: next, result: { ok: true, draft: next } };
      });
    } catch (e) {
      if (!isUpdateConflictError(e)) throw e;
      return { ok: false, reason: 'not-open' };
    }
  }

  /** Records the approval request a confirmed draft became. */
  async linkRequest(id: string, requestId: string): Promise<void> {
    const stored = await this.store.get(id);
    if (stored)
      await this.store.put(id, { ...stored.value, requestId }, { ifMatch: stored.etag }).catch((e: unknown) => {
        if (!isConcurrencyError(e)) throw e;
      });
  }
}
