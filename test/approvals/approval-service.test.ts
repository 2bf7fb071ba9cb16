import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRecordStore } from '../../src/adapters/storage/file-record-store.js';
import type { ApprovalRequest } from '../../src/core/approvals/approval-request.js';
import { ALEX, ADELE, MEGAN, PATTI, PLAN, VAULT, card, makeApprovals } from './approval-fixture.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function setup() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kvbot-approvals-'));
  dirs.push(root);
  const env = makeApprovals({
    approvals: new FileRecordStore(path.join(root, 'approvals')),
    audit: new FileRecordStore(path.join(root, 'audit')),
    head: new FileRecordStore(path.join(root, 'audit-head')),
  });
  const request = await env.service.create({
    requester: ALEX,
    vault: VAULT,
    plan: PLAN,
    justification: 'Need to read payment secrets for the release',
    correlationId: 'conv-1',
  });
  return { ...env, request };
}

describe('ApprovalService: the happy path', () => {
  it('creates a pending request with a plan hash and a 24 h expiry, audited as confirm', async () => {
    const { request, audit, service } = await setup();
    expect(request).toMatchObject({
      id: 'req-1',
      version: 1,
      kind: 'fix',
      status: 'pending',
      requester: ALEX,
      vault: VAULT,
      plan: PLAN,
      expiresAt: '2026-05-02T09:00:00.000Z',
      decisions: [],
    });
    expect(request.planHash).toBe(service.planHash({ ...PLAN }));
    const [confirm] = await audit.list();
    expect(confirm).toMatchObject({
      seq: 1,
      type: 'confirm',
      actor: { id: ALEX.id },
      vault: 'kv-payments',
      requestId: 'req-1',
      correlationId: 'conv-1',
      data: { planHash: request.planHash, justification: 'Need to read payment secrets for the release' },
    });
  });

  it('approve → claim → applied → verified → undone, each step audited', async () => {
    const { request, service, audit, entitlements } = await setup();
    const decided = await service.decide(card(request, 'approve', 'ok for the release'), MEGAN);
    expect(decided).toMatchObject({
      ok: true,
      value: {
        status: 'approved',
        version: 2,
        decisions: [
          {
            by: MEGAN,
            decision: 'approve',
            comment: 'ok for the release',
            entitlement: 'member of the approver group',
          },
        ],
      },
    });
    expect(entitlements.calls).toBe(1);
    expect(await service.claimApply(request.id)).toMatchObject({
      ok: true,
      value: { status: 'applying', version: 3, apply: { claimedBy: 'kvbot' } },
    });
    expect(await service.finishApply(request.id, { succeeded: true, detail: { operation: 'add' } })).toMatchObject({
      ok: true,
      value: { status: 'applied', apply: { outcome: 'applied' } },
    });
    expect(await service.recordVerification(request.id, { ok: true })).toMatchObject({
      ok: true,
      value: { status: 'applied', apply: { verification: { ok: true } } },
    });
    expect(await service.markUndone(request.id, 'req-9', ALEX)).toMatchObject({
      ok: true,
      value: { status: 'undone', undoneBy: 'req-9' },
    });
    expect(
      (await audit.list({ requestId: request.id })).map(
        (r) => `${r.type}:${String(r.data.status ?? r.data.decision ?? '')}`,
      ),
    ).toEqual(['confirm:', 'decision:approve', 'apply:applying', 'apply:applied', 'verify:applied', 'undo:undone']);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('lets the requester withdraw (reject) their own request without an entitlement check', async () => {
    const { request, service, entitlements } = await setup();
    expect(await service.decide(card(request, 'reject'), ALEX)).toMatchObject({
      ok: true,
      value: { status: 'rejected' },
    });
    expect(entitlements.calls).toBe(0);
  });

  it('a failed apply ends in failed, and cannot be claimed again', async () => {
    const { request, service } = await setup();
    await service.decide(card(request, 'approve'), MEGAN);
    await service.claimApply(request.id);
    expect(await service.finishApply(request.id, { succeeded: false, detail: 'ARM 403' })).toMatchObject({
      ok: true,
      value: { status: 'failed' },
    });
    expect(await service.claimApply(request.id)).toMatchObject({
      ok: false,
      refusal: { code: 'not-approved', status: 'failed' },
    });
  });
});

describe('ApprovalService: every refusal is recorded and nothing gets applied', () => {
  type Env = Awaited<ReturnType<typeof setup>>;
  const cases: {
    name: string;
    code: string;
    act: (env: Env) => Promise<unknown>;
    status: ApprovalRequest['status'];
    auditHas?: string;
  }[] = [
    {
      name: 'the requester approves their own request',
      code: 'self-approval',
      status: 'pending',
      act: ({ service, request }) => service.decide(card(request, 'approve'), ALEX),
    },
    {
      name: 'an approver without entitlement',
      code: 'not-entitled',
      status: 'pending',
      auditHas: 'not in the approver group',
      act: ({ service, request }) => service.decide(card(request, 'approve'), PATTI),
    },
    {
      name: 'an approver whose entitlement was removed after the card was sent',
      code: 'not-entitled',
      status: 'pending',
      act: ({ service, request, entitlements }) => {
        entitlements.entitled.delete(MEGAN.id);
        return service.decide(card(request, 'approve'), MEGAN);
      },
    },
    {
      name: 'the entitlement check itself fails',
      code: 'entitlement-unavailable',
      status: 'pending',
      act: ({ service, request, entitlements }) => {
        entitlements.failWith = new Error('Graph timed out');
        return service.decide(card(request, 'approve'), MEGAN);
      },
    },
    {
      name: 'the request expired',
      code: 'expired',
      status: 'expired',
      auditHas: 'expired at 2026-05-02T09:00:00.000Z',
      act: ({ service, request, clock }) => {
        clock.advance(24 * 3_600_000);
        return service.decide(card(request, 'approve'), MEGAN);
      },
    },
    {
      name: 'a card drawn from an older version',
      code: 'stale-version',
      status: 'pending',
      act: async ({ service, request, approvals }) => {
        const stored = (await approvals.get(request.id))!;
        await approvals.put(request.id, { ...stored.value, version: 2 }, { ifMatch: stored.etag }); // e.g. the card was re-issued
        return service.decide(card(request, 'approve'), MEGAN);
      },
    },
    {
      name: 'a payload with an extra field',
      code: 'altered',
      status: 'pending',
      auditHas: 'unexpected fields: approver',
      act: ({ service, request }) => service.decide({ ...card(request, 'approve'), approver: MEGAN.id }, MEGAN),
    },
    {
      name: 'a payload whose plan hash does not match the stored plan',
      code: 'altered',
      status: 'pending',
      act: ({ service, request }) => service.decide({ ...card(request, 'approve'), planHash: 'f'.repeat(64) }, MEGAN),
    },
    {
      name: 'a payload with a non-numeric version',
      code: 'malformed',
      status: 'pending',
      act: ({ service, request }) => service.decide({ ...card(request, 'approve'), version: 'one' }, MEGAN),
    },
    {
      name: 'a payload for an unknown request',
      code: 'not-found',
      status: 'pending',
      act: ({ service, request }) => service.decide({ ...card(request, 'approve'), requestId: 'req-404' }, MEGAN),
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} (${c.code})`, async () => {
      const env = await setup();
      const result = await c.act(env);
      expect(result).toMatchObject({ ok: false, refusal: { code: c.code, message: expect.any(String) } });
      const refusals = await env.audit.list({ type: 'refusal' });
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toMatchObject({ data: { code: c.code, operation: 'decide' } });
      if (c.code !== 'not-found')
        expect(refusals[0]).toMatchObject({ requestId: env.request.id, vault: 'kv-payments' });
      if (c.auditHas) expect(String(refusals[0]!.data.reason)).toContain(c.auditHas);
      const stored = await env.service.get(env.request.id);
      expect(stored?.status).toBe(c.status);
      expect(stored?.decisions).toEqual([]);
      // No apply claim happened, and none can be taken.
      expect(await env.audit.list({ type: 'apply' })).toEqual([]);
      expect(await env.service.claimApply(env.request.id)).toMatchObject({
        ok: false,
        refusal: { code: 'not-approved' },
      });
    });
  }

  it('refuses the replay of an approved card, and the fix is applied only once', async () => {
    const env = await setup();
    const approve = card(env.request, 'approve');
    expect((await env.service.decide(approve, MEGAN)).ok).toBe(true);
    expect((await env.service.claimApply(env.request.id)).ok).toBe(true);
    await env.service.finishApply(env.request.id, { succeeded: true });
    for (const who of [MEGAN, ADELE]) {
      expect(await env.service.decide(approve, who)).toMatchObject({
        ok: false,
        refusal: { code: 'already-decided', status: 'applied', message: expect.stringContaining('Megan Bowen') },
      });
    }
    expect(await env.service.claimApply(env.request.id)).toMatchObject({
      ok: false,
      refusal: { code: 'not-approved' },
    });
    expect((await env.audit.list({ type: 'apply' })).filter((r) => r.data.status === 'applying')).toHaveLength(1);
    expect((await env.audit.list({ type: 'refusal' })).map((r) => r.data.code)).toEqual([
      'already-decided',
      'already-decided',
      'not-approved',
    ]);
  });

  it('refuses a reject card replayed after the request was rejected', async () => {
    const env = await setup();
    await env.service.decide(card(env.request, 'reject', 'use RBAC instead'), MEGAN);
    expect(await env.service.decide(card(env.request, 'approve'), ADELE)).toMatchObject({
      ok: false,
      refusal: { code: 'already-decided', status: 'rejected' },
    });
  });
});

describe('ApprovalService: expiry and time-limited grants', () => {
  it('sweepExpired expires only pending requests past their time, once', async () => {
    const env = await setup();
    const second = await env.service.create({
      requester: ALEX,
      vault: VAULT,
      plan: { ...PLAN, summary: 'Grant Alex Wilber keys get on kv-payments' },
      justification: 'keys too',
    });
    await env.service.decide(card(second, 'approve'), MEGAN);
    env.clock.advance(23 * 3_600_000);
    expect(await env.service.sweepExpired()).toEqual([]);
    env.clock.advance(2 * 3_600_000);
    expect((await env.service.sweepExpired()).map((r) => r.id)).toEqual([env.request.id]);
    expect(await env.service.sweepExpired()).toEqual([]);
    expect((await env.service.get(second.id))?.status).toBe('approved');
    expect(await env.audit.list({ type: 'expiry' })).toMatchObject([
      { requestId: env.request.id, actor: { id: 'kvbot' } },
    ]);
  });

  it('dueRevocations lists applied grants whose time is up; the time runs from the apply, not the request', async () => {
    const env = await setup();
    const timed = await env.service.create({
      requester: ALEX,
      vault: VAULT,
      plan: PLAN,
      justification: 'incident',
      grantHours: 8,
    });
    expect(timed).toMatchObject({ grantHours: 8 });
    expect(timed.grantExpiresAt).toBeUndefined();
    // Approved and applied at 09:00, the request's own time: due at 17:00.
    for (const r of [env.request, timed]) {
      await env.service.decide(card(r, 'approve'), MEGAN);
      await env.service.claimApply(r.id);
      await env.service.finishApply(r.id, { succeeded: true });
    }
    expect(await env.service.dueRevocations(new Date('2026-05-01T16:59:59Z'))).toEqual([]);
    expect((await env.service.dueRevocations(new Date('2026-05-01T17:00:00Z'))).map((r) => r.id)).toEqual([timed.id]);
    await env.service.markUndone(timed.id, 'revocation');
    expect(await env.service.dueRevocations(new Date('2026-05-02T00:00:00Z'))).toEqual([]);
  });

  it('failStuckApplies fails an apply whose worker vanished, without re-applying', async () => {
    const env = await setup();
    await env.service.decide(card(env.request, 'approve'), MEGAN);
    await env.service.claimApply(env.request.id, { id: 'worker-lost' });
    env.clock.advance(60_000);
    expect(await env.service.failStuckApplies(10 * 60_000)).toEqual([]);
    env.clock.advance(10 * 60_000);
    expect(await env.service.failStuckApplies(10 * 60_000)).toMatchObject([
      { id: env.request.id, status: 'failed', apply: { claimedBy: 'worker-lost', outcome: 'failed' } },
    ]);
    expect(await env.service.claimApply(env.request.id)).toMatchObject({ ok: false });
  });

  it('supersede replaces a pending request; its old card is then refused', async () => {
    const env = await setup();
    expect(await env.service.supersede(env.request.id, 'req-2', ALEX)).toMatchObject({
      ok: true,
      value: { status: 'superseded', supersededBy: 'req-2' },
    });
    expect(await env.service.decide(card(env.request, 'approve'), MEGAN)).toMatchObject({
      ok: false,
      refusal: { code: 'already-decided', status: 'superseded' },
    });
  });

  it('refuses to create a request without a justification', async () => {
    const env = await setup();
    await expect(
      env.service.create({ requester: ALEX, vault: VAULT, plan: PLAN, justification: '  ' }),
    ).rejects.toMatchObject({ name: 'InvalidApprovalInputError' });
  });
});
