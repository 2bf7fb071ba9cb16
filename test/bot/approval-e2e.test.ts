import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { ProbeService } from '../../src/core/probes/probe-service.js';
import {
  ALEX,
  MEGAN,
  actionsOf,
  cardJson,
  cardOf,
  executeInvoke,
  invokeBody,
  isCard,
  policies,
  policyPuts,
  startHarness,
  type Harness,
} from './approval-harness.js';

describe('fix with four-eyes approval, end to end over HTTP (emulator, Azure adapter, file storage)', () => {
  let h: Harness;
  let alex: ProtocolClient;
  let megan: ProtocolClient;
  let original: unknown;

  beforeAll(async () => {
    h = await startHarness();
    alex = await h.chat(ALEX);
    megan = await h.chat(MEGAN);
    original = policies(h);
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it('Alex asks for secrets/list on kv-payments, Megan approves, the policy exists, the check says allowed, and undo (approved by Megan) restores the policies', async () => {
    // 1. The probe card's fix button → the plan card, with the diff and the exact call.
    const proposed = await alex.sendSubmit({
      kvbot: 'fix.propose',
      fix: 'grant-access-policy',
      vault: 'kv-payments',
      principal: ALEX.aadObjectId,
      operation: 'secrets/list',
    });
    const plan = proposed.replies.find(isCard);
    const planText = cardJson(plan);
    expect(planText).toContain('(none) → list');
    expect(planText).toContain('accessPolicies/add?api-version=');
    expect(planText).toContain('"isRequired":true');
    const send = actionsOf(cardOf(plan)).find((a) => a.title === 'Send for approval')!;

    // 2. Confirm with a justification → the approval card reaches Megan 1:1 (she is an approver).
    const meganFrom = megan.received.length;
    const confirmed = await alex.sendSubmit({
      ...(send.data as object),
      justification: 'Payments on-call needs to list secrets',
      grantHours: '0',
    });
    expect(confirmed.replies.map((r) => r.text).join(' ')).toMatch(/Sent for approval to .*Megan Bowen/);
    const approval = await megan.waitFor(isCard, { from: meganFrom });
    const card = cardOf(approval)!;
    const approve = actionsOf(card).find((a) => a.title === 'Approve')!;
    expect(approve.type).toBe('Action.Execute');
    expect(approve.verb).toBe('approval.decide');
    expect(Object.keys(approve.data as object).sort()).toEqual(['decision', 'requestId', 'version']);
    expect((card.refresh as { userIds: string[] }).userIds).toContain(MEGAN.id);
    expect((card.refresh as { userIds: string[] }).userIds).not.toContain(ALEX.id);
    expect(JSON.stringify(card.body)).toContain('Payments on-call needs to list secrets');
    expect(policyPuts(h)).toBe(0);

    // 3. Megan approves through the Universal Action; the invoke answers with the read-only card.
    const alexFrom = alex.received.length;
    const decided = await megan.send(
      executeInvoke('approval.decide', { ...(approve.data as object), comment: 'ok for on-call' }),
    );
    expect(decided.status).toBe(200);
    const body = invokeBody(decided.body);
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(actionsOf(body.value as Record<string, unknown>)).toHaveLength(0);
    expect(JSON.stringify(body.value)).toContain('Applied by Megan Bowen');
    expect(policyPuts(h)).toBe(1);

    // 4. The policy is in the emulator's state, and the permission check now says allowed.
    const after = h.emu.state.vault('kv-payments')!.properties.accessPolicies;
    expect(after).toContainEqual(
      expect.objectContaining({
        objectId: ALEX.aadObjectId,
        permissions: expect.objectContaining({ secrets: ['list'] }),
      }),
    );
    const check = await new ProbeService(h.directory).run('permission-check', {
      vault: 'kv-payments',
      principal: ALEX.aadObjectId,
      operation: 'secrets/list',
    });
    expect(check.verdict).toBe('allowed');

    // 5. Megan's posted card became read-only; Alex was told proactively, with Undo.
    expect(
      megan.updates.some((u) => cardJson(u).includes('Applied by Megan Bowen') && actionsOf(cardOf(u)).length === 0),
    ).toBe(true);
    const done = await alex.waitFor((a) => cardJson(a).includes('Done:'), { from: alexFrom });
    expect(cardJson(done)).toContain('Verified on kv-payments');
    const undo = actionsOf(cardOf(done)).find((a) => a.title === 'Undo')!;

    // 6. Undo is itself an approval request; Megan approves it with the Action.Submit fallback.
    const undoPlan = (await alex.sendSubmit(undo.data)).replies.find(isCard);
    expect(cardJson(undoPlan)).toContain('accessPolicies/remove?api-version=');
    const undoSend = actionsOf(cardOf(undoPlan)).find((a) => a.title === 'Send for approval')!;
    const meganFrom2 = megan.received.length;
    await alex.sendSubmit({ ...(undoSend.data as object), justification: 'on-call shift over' });
    const undoApproval = await megan.waitFor(isCard, { from: meganFrom2 });
    const undoApprove = actionsOf(cardOf(undoApproval)).find((a) => a.title === 'Approve')!;
    const submitted = await megan.sendSubmit({ ...(undoApprove.fallback as { data: object }).data, comment: '' });
    expect(submitted.replies.map((r) => r.text).join(' ')).toContain('Approved and applied');
    expect(policyPuts(h)).toBe(2);
    expect(policies(h)).toEqual(original);

    // 7. The original request is marked undone, and the audit chain verifies.
    const requests = await h.bot.feature.approvals.list();
    expect(requests.map((r) => `${r.kind}:${r.status}`).sort()).toEqual(['fix:undone', 'undo:applied']);
    expect((await h.audit.verify()).ok).toBe(true);
    const types = (await h.audit.list()).map((r) => r.type);
    for (const t of ['plan', 'confirm', 'decision', 'apply', 'verify', 'undo']) expect(types).toContain(t);
  }, 30_000);
});
