/**
 * The fix and approval use cases on their own (src/core/fixes/fix-proposals.ts and
 * src/core/approvals/approved-fixes.ts), with fakes: the demo tenant's FakeDirectory under the
 * real FixService, in-memory stores, a table of approvers and a clock the test moves. No bot, no
 * cards: the outcomes are what the conversation (dialogs/fix, dialogs/approval) renders.
 */
import { describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../src/adapters/storage/sha256-hash.js';
import { ApprovalService } from '../../src/core/approvals/approval-service.js';
import type { StoredApprovalRequest } from '../../src/core/approvals/approval-request.js';
import { ApprovedFixes } from '../../src/core/approvals/approved-fixes.js';
import { AuditLog } from '../../src/core/audit/audit-log.js';
import { FixDrafts } from '../../src/core/fixes/fix-drafts.js';
import { FixProposals } from '../../src/core/fixes/fix-proposals.js';
import type { FixRequest } from '../../src/core/fixes/fix-request.js';
import { FixService } from '../../src/core/fixes/fix-service.js';
import { memoryStorageFactory, MemoryRecordStore } from '../helpers/memory-record-store.js';
import { sequentialGuids } from '../helpers/fake-directory.js';
import { ADELE, ALEX, MEGAN, scenario } from '../fixes/scenario.js';

const alex = { id: ALEX, name: 'Alex Wilber' };
const megan = { id: MEGAN, name: 'Megan Bowen' };
const adele = { id: ADELE, name: 'Adele Vance' };
const GRANT: FixRequest = {
  fix: 'grant-access-policy',
  vault: 'kv-payments',
  principalId: ALEX,
  operations: ['secrets/list'],
};

function setup() {
  const { state, directory } = scenario();
  const storage = memoryStorageFactory();
  let now = Date.parse('2026-05-01T09:00:00Z');
  const clock = () => new Date(now);
  let ids = 0;
  const audit = new AuditLog({ records: storage.recordStore('audit'), hash: sha256Hex, clock });
  const store = new MemoryRecordStore<StoredApprovalRequest>();
  const approvals = new ApprovalService({
    store,
    audit,
    hash: sha256Hex,
    clock,
    newId: () => `req-${++ids}`,
    ttlInMs: 3_600_000,
    entitlements: {
      isEntitledApprover: async (id) =>
        id === MEGAN ? { entitled: true, reason: 'Owner' } : { entitled: false, reason: 'no approver role' },
    },
  });
  const fixes = new FixService(directory, { newGuid: sequentialGuids() });
  const drafts = new FixDrafts(storage.recordStore('fix-drafts'), () => `draft-${++ids}`, clock);
  const proposals = new FixProposals({ fixes, approvals, drafts, audit, clock });
  const decisions = new ApprovedFixes({ approvals, fixes, drafts, audit });
  /** Proposes GRANT as Alex, confirms it (with `hours`) and returns the pending request. */
  const pending = async (hours?: number) => {
    const proposed = await proposals.propose(GRANT, alex);
    if (proposed.kind !== 'drafts') throw new Error(`expected drafts, got ${proposed.kind}`);
    const confirmed = await proposals.confirm(proposed.drafts[0]!.id, alex, {
      justification: 'incident 42',
      ...(hours ? { grantHours: hours } : {}),
    });
    if (confirmed.kind !== 'created') throw new Error(`expected a request, got ${confirmed.kind}`);
    return confirmed.request;
  };
  const approve = (r: { id: string; version: number }, by = megan) =>
    decisions.decide({ requestId: r.id, version: r.version, decision: 'approve' }, by);
  return {
    state,
    store,
    audit,
    approvals,
    proposals,
    decisions,
    pending,
    approve,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('FixProposals: the requester plans, confirms, cancels and undoes', () => {
  it('plans into a draft (audited), and only its requester may confirm it, with a justification, once', async () => {
    const t = setup();
    const proposed = await t.proposals.propose(GRANT, alex);
    expect(proposed).toMatchObject({
      kind: 'drafts',
      drafts: [{ kind: 'fix', status: 'open', requester: alex, plan: { fix: 'grant-access-policy' } }],
    });
    const id = proposed.kind === 'drafts' ? proposed.drafts[0]!.id : '';
    expect(await t.proposals.confirm(id, megan, { justification: 'mine now' })).toMatchObject({
      kind: 'not-requester',
    });
    expect(await t.proposals.confirm(id, alex, { justification: '  ' })).toEqual({ kind: 'no-justification' });
    expect(await t.proposals.confirm(id, alex, { justification: 'x'.repeat(501) })).toEqual({
      kind: 'justification-too-long',
    });
    expect(await t.proposals.confirm('no-such-draft', alex, { justification: 'why' })).toEqual({
      kind: 'unknown-draft',
    });
    const created = await t.proposals.confirm(id, alex, { justification: 'incident 42', grantHours: 8 });
    expect(created).toMatchObject({
      kind: 'created',
      hours: 8,
      request: { status: 'pending', grantHours: 8, correlationId: id },
    });
    expect(await t.proposals.confirm(id, alex, { justification: 'again' })).toMatchObject({
      kind: 'closed',
      draft: { status: 'confirmed' },
    });
    expect(await t.approvals.list()).toHaveLength(1);
    expect((await t.audit.list({ type: 'plan' })).length).toBe(1);
    expect(await t.audit.list({ type: 'refusal' })).toMatchObject([
      { actor: { id: MEGAN }, data: { operation: 'fix.confirm', code: 'not-requester' } },
    ]);
  });

  it('cancel: someone else is refused and audited; the requester cancels once; a sent plan is not cancelled', async () => {
    const t = setup();
    const first = await t.proposals.propose(GRANT, alex);
    const id = first.kind === 'drafts' ? first.drafts[0]!.id : '';
    expect(await t.proposals.cancel(id, adele)).toMatchObject({ kind: 'not-requester' });
    expect(await t.proposals.cancel(id, alex)).toMatchObject({ kind: 'cancelled', draft: { status: 'cancelled' } });
    expect(await t.proposals.cancel(id, alex)).toEqual({ kind: 'nothing-to-cancel' });
    const request = await t.pending();
    expect(await t.proposals.cancel(request.correlationId, alex)).toMatchObject({ kind: 'already-confirmed' });
  });

  it('says what planning found instead of a plan (a vault nobody knows)', async () => {
    const t = setup();
    expect(await t.proposals.propose({ ...GRANT, vault: 'kv-nowhere' }, alex)).toMatchObject({
      kind: 'not-planned',
      outcome: { kind: 'not-found', what: 'vault' },
    });
  });

  it('drafts the undo only of an applied fix', async () => {
    const t = setup();
    const request = await t.pending();
    expect(await t.proposals.requestUndo(request.id, alex)).toEqual({ kind: 'not-applied', status: 'pending' });
    expect(await t.proposals.requestUndo('req-none', alex)).toEqual({ kind: 'unknown-fix' });
    await t.approve(request);
    expect(await t.proposals.requestUndo(request.id, alex)).toMatchObject({
      kind: 'drafted',
      draft: { kind: 'undo', undoOf: request.id, plan: { direction: 'undo' } },
    });
  });
});

describe('ApprovedFixes: apply → verify → re-plan → undo → revoke', () => {
  it('an approval is applied once and verified; a second click finds it decided', async () => {
    const t = setup();
    const request = await t.pending();
    const before = structuredClone(t.state.vaults[0]!.accessPolicies);
    const outcome = await t.approve(request);
    expect(outcome).toMatchObject({
      kind: 'applied',
      request: { status: 'applied', apply: { verification: { ok: true } } },
      verify: { status: 'verified' },
    });
    expect(t.state.vaults[0]!.accessPolicies).not.toEqual(before);
    const reads = vi.spyOn(t.store, 'get');
    const again = await t.approve(request);
    expect(again).toMatchObject({
      kind: 'refused',
      refusal: { code: 'already-decided' },
      expired: false,
      request: { id: request.id, status: 'applied' },
    });
    // The refusal carries the request as the decision read it; it is not read a second time.
    expect(reads).toHaveBeenCalledTimes(1);
    expect(again.kind === 'refused' && again.request).toEqual(await t.approvals.get(request.id));
  });

  it('a rejection, and a withdrawal by the requester, change nothing', async () => {
    const t = setup();
    const one = await t.pending();
    expect(
      await t.decisions.decide(
        { requestId: one.id, version: one.version, decision: 'reject', comment: 'not today' },
        megan,
      ),
    ).toMatchObject({ kind: 'rejected', withdrawn: false, comment: 'not today' });
    const two = await t.pending();
    expect(
      await t.decisions.decide({ requestId: two.id, version: two.version, decision: 'reject' }, alex),
    ).toMatchObject({ kind: 'rejected', withdrawn: true });
  });

  it('when the vault changed so the change differs, nothing is applied and a fresh draft is made for the requester', async () => {
    const t = setup();
    const request = await t.pending();
    // Someone else grants Alex secrets/list by hand meanwhile: the planned change is no longer the same.
    t.state.vaults[0]!.accessPolicies.find((p) => p.objectId === ALEX)!.permissions.secrets = ['get', 'list'];
    const outcome = await t.approve(request);
    expect(outcome.kind).toBe('stale');
    if (outcome.kind !== 'stale') return;
    expect(outcome.request.status).toBe('failed');
    expect(outcome.fresh?.kind).not.toBe('planned');
    expect(outcome.draft).toBeUndefined();
  });

  it('an approved undo marks the fix undone; an expired request is refused with `expired`', async () => {
    const t = setup();
    const request = await t.pending();
    await t.approve(request);
    const undo = await t.proposals.requestUndo(request.id, alex);
    const draftId = undo.kind === 'drafted' ? undo.draft.id : '';
    const created = await t.proposals.confirm(draftId, alex, { justification: 'done with it' });
    const undoRequest = created.kind === 'created' ? created.request : undefined;
    expect(await t.approve(undoRequest!)).toMatchObject({
      kind: 'applied',
      request: { kind: 'undo', status: 'applied' },
    });
    expect((await t.approvals.get(request.id))?.status).toBe('undone');
    const late = await t.pending();
    t.advance(2 * 3_600_000);
    expect(await t.approve(late)).toMatchObject({
      kind: 'refused',
      refusal: { code: 'expired' },
      expired: true,
      request: { status: 'expired' },
    });
  });

  it('revokes a due time-limited grant once, restoring the vault', async () => {
    const t = setup();
    const before = structuredClone(t.state.vaults[0]!.accessPolicies);
    const request = await t.pending(8);
    await t.approve(request);
    const round = async () => {
      const all = [];
      for await (const o of t.decisions.revokeDue()) all.push(o);
      return all;
    };
    expect(await round()).toEqual([]);
    t.advance(8 * 3_600_000);
    expect(await round()).toMatchObject([
      {
        kind: 'revoked',
        request: { id: request.id, status: 'undone', undoneBy: 'revocation' },
        undo: { apply: { status: 'applied' }, verify: { status: 'verified' } },
      },
    ]);
    expect(t.state.vaults[0]!.accessPolicies).toEqual(before);
    expect(await round()).toEqual([]);
  });
});

describe('ApprovalRequest.plan is read with its schema', () => {
  it('a request whose stored plan was altered is refused as damaged (audited), never applied, and reads as missing', async () => {
    const t = setup();
    const request = await t.pending();
    const stored = (await t.store.get(request.id))!;
    await t.store.put(request.id, {
      ...stored.value,
      plan: { ...request.plan, effect: { kind: 'delete-everything' } },
    });
    const before = structuredClone(t.state.vaults[0]!.accessPolicies);
    expect(await t.approve(request)).toMatchObject({
      kind: 'refused',
      refusal: { code: 'damaged', message: expect.stringContaining('damaged') },
    });
    expect(t.state.vaults[0]!.accessPolicies).toEqual(before);
    expect(await t.approvals.get(request.id)).toBeUndefined();
    expect(await t.audit.list({ type: 'refusal' })).toMatchObject([
      { requestId: request.id, data: { code: 'damaged' } },
    ]);
  });

  it("create refuses a plan that does not have a fix plan's shape", async () => {
    const t = setup();
    const request = await t.pending();
    await expect(
      t.approvals.create({
        requester: alex,
        vault: request.vault,
        plan: { ...request.plan, diff: 'none' } as never,
        justification: 'why',
      }),
    ).rejects.toMatchObject({ name: 'InvalidApprovalInputError' });
  });
});
