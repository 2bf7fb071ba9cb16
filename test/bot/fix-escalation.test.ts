/**
 * Fix outcomes reach escalation as src/index.ts wires them (escalation-hooks.ts), over HTTP with
 * the real proactive messenger: a plan the requester cancels and an approval that fails to apply
 * offer a person in the requester's conversation, an approval that expires is told to the
 * requester with an offer, and the case opened afterwards carries the plans without asking again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolActivity, ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import { startApprovalTimer } from '../../src/adapters/bot/approval-timer.js';
import { ALEX, MEGAN, TTL_MS, actionsOf, cardJson, cardOf, startHarness, type Harness } from './approval-harness.js';
import { isCard } from '../helpers/card-assertions.js';

const offerOf = (a: ProtocolActivity) => actionsOf(cardOf(a)).find((x) => x.title === 'Open a case');
const isOffer = (a: ProtocolActivity) => !!offerOf(a);

describe('fix outcomes offer a person and fill the case packet (approval harness with escalation wired in)', () => {
  let h: Harness;
  let alex: ProtocolClient;
  let megan: ProtocolClient;

  beforeAll(async () => {
    h = await startHarness({ escalation: true });
    alex = await h.chat(ALEX);
    megan = await h.chat(MEGAN);
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  /** Alex asks for a fix and gets the plan card. */
  async function plan(operation: string): Promise<ProtocolActivity> {
    const proposed = await alex.sendSubmit({
      kvbot: 'fix.propose',
      fix: 'grant-access-policy',
      vault: 'kv-payments',
      principal: ALEX.aadObjectId,
      operation,
    });
    const card = proposed.replies.find(isCard);
    expect(cardJson(card)).toContain('Send for approval');
    return card!;
  }

  /** Alex confirms a plan; resolves with Megan's approval card. */
  async function confirm(planCard: ProtocolActivity): Promise<ProtocolActivity> {
    const send = actionsOf(cardOf(planCard)).find((a) => a.title === 'Send for approval')!;
    const from = megan.received.length;
    await alex.sendSubmit({ ...(send.data as object), justification: 'needed for the incident' });
    return megan.waitFor(isCard, { from });
  }

  it('cancelling a proposed plan offers a case (fix-rejected) that names the proposed fix', async () => {
    const card = await plan('secrets/get');
    const cancel = actionsOf(cardOf(card)).find((a) => a.title === 'Cancel')!;
    const replies = (await alex.sendSubmit(cancel.data)).replies;
    expect(replies.map((r) => r.text ?? '').join(' ')).toContain('Cancelled. Nothing was changed.');
    const offer = replies.find(isOffer);
    expect(offerOf(offer!)?.data).toMatchObject({ kvbot: 'case.open', trigger: 'fix-rejected' });
    expect(cardJson(offer)).toContain('the fixes I proposed and how far they got');
  });

  it('an approval nobody decides in time: the sweep tells Alex proactively and offers a case (approval-expired)', async () => {
    await confirm(await plan('secrets/set'));
    const from = alex.received.length;
    h.clock.now += TTL_MS + 60_000;
    const timer = startApprovalTimer({
      approvals: h.bot.feature.approvals,
      workflow: h.bot.feature.workflow,
      intervalInMs: 3_600_000,
    });
    try {
      await timer.tick();
      await timer.tick(); // a second sweep must not tell Alex twice
    } finally {
      timer.close();
    }
    const notice = await alex.waitFor((a) => String(a.text ?? '').includes('expired'), { from });
    expect(notice.text).toContain('Nothing was changed');
    const offer = await alex.waitFor(isOffer, { from });
    expect(offerOf(offer)?.data).toMatchObject({ trigger: 'approval-expired' });
    expect(alex.received.slice(from).filter((a) => String(a.text ?? '').includes('expired'))).toHaveLength(1);
    expect(h.emu.requestLog.filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('an approved fix whose apply fails offers a case (fix-failed); the case carries the plans without asking again', async () => {
    const approval = await confirm(await plan('secrets/list'));
    const approve = actionsOf(cardOf(approval)).find((a) => a.title === 'Approve')!;
    const fault = h.emu.faults.add({
      method: 'PUT',
      path: '/subscriptions/*/resourceGroups/*/providers/Microsoft.KeyVault/vaults/kv-payments/accessPolicies/*',
      status: 500,
    });
    const from = alex.received.length;
    try {
      const decided = await megan.sendSubmit({ ...(approve.fallback as { data: object }).data });
      expect(decided.replies.map((r) => r.text ?? '').join(' ')).toContain('applying failed');
    } finally {
      h.emu.faults.remove(fault);
    }
    await alex.waitFor((a) => String(a.text ?? '').includes('applying it failed'), { from });
    const offer = await alex.waitFor(isOffer, { from });
    expect(offerOf(offer)?.data).toMatchObject({ trigger: 'fix-failed' });

    await alex.sendSubmit(offerOf(offer)!.data);
    const cases = await h.bot.escalation!.service.listForUser(ALEX);
    const opened = cases.find((c) => c.trigger === 'fix-failed')!;
    expect(opened).toBeDefined();
    const statuses = (opened.packet.fixPlans ?? []).map((p) => p.status);
    expect(statuses).toContain('proposed');
    expect(statuses).toContain('cancelled');
    expect(statuses).toContain('expired');
    expect(statuses.at(-1)).toBe('apply-failed');
    expect(opened.packet.vault?.name).toBe('kv-payments');
    expect(opened.packet.note).toMatch(/Fix apply-failed/);
  });
});
