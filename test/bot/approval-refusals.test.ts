import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolClient } from '../../src/cli/chat/protocol-client.js';
import {
  ADELE,
  ALEX,
  LYNNE,
  MEGAN,
  TTL_MS,
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

describe('approval refusals, races and restarts, end to end (emulator, file storage, audit chain)', () => {
  let h: Harness;
  let alex: ProtocolClient;
  let megan: ProtocolClient;
  let adele: ProtocolClient;
  let lynne: ProtocolClient;

  /** Alex asks for `operations` on kv-payments and confirms; returns the approve data of the card Megan got. */
  async function requestFix(operations: string[]): Promise<{ requestId: string; version: number; decision: string }> {
    const plan = (
      await alex.sendSubmit({
        kvbot: 'fix.propose',
        fix: 'grant-access-policy',
        vault: 'kv-payments',
        principal: ALEX.aadObjectId,
        operations,
      })
    ).replies.find(isCard);
    const send = actionsOf(cardOf(plan)).find((a) => a.title === 'Send for approval')!;
    const from = megan.received.length;
    await alex.sendSubmit({ ...(send.data as object), justification: 'needed for the incident' });
    const card = await megan.waitFor(isCard, { from });
    return structuredClone(actionsOf(cardOf(card)).find((a) => a.title === 'Approve')!.data) as {
      requestId: string;
      version: number;
      decision: string;
    };
  }

  /** Asserts that a click was refused with `code`, audited, and left the vault untouched. */
  async function expectRefused(client: ProtocolClient, data: unknown, code: string, before: unknown): Promise<void> {
    const putsBefore = policyPuts(h);
    const r = await client.send(executeInvoke('approval.decide', data));
    const body = invokeBody(r.body);
    expect(body.statusCode).toBe(200);
    expect(JSON.stringify(body.value)).toContain('Refused:');
    expect(actionsOf(typeof body.value === 'object' ? body.value : undefined)).toHaveLength(0);
    const refusals = (await h.audit.list({ type: 'refusal' })).map((e) => e.data.code);
    expect(refusals.at(-1)).toBe(code);
    expect((await h.audit.verify()).ok).toBe(true);
    expect(policyPuts(h)).toBe(putsBefore);
    expect(policies(h)).toEqual(before);
  }

  beforeAll(async () => {
    h = await startHarness();
    alex = await h.chat(ALEX);
    megan = await h.chat(MEGAN);
    adele = await h.chat(ADELE);
    lynne = await h.chat(LYNNE);
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it('refuses Alex approving his own request, and Adele (not entitled); the vault is untouched', async () => {
    const before = policies(h);
    const data = await requestFix(['secrets/list']);
    await expectRefused(alex, data, 'self-approval', before);
    await expectRefused(adele, data, 'not-entitled', before);
    // Adele was never sent the card: she is not an approver of kv-payments.
    expect(adele.received.some((a) => cardJson(a).includes(data.requestId))).toBe(false);
    // Still pending: Megan rejects it, and the posted cards become read-only.
    const rejected = await megan.send(
      executeInvoke('approval.decide', { ...data, decision: 'reject', comment: 'use the group' }),
    );
    expect(JSON.stringify(invokeBody(rejected.body).value)).toContain('Rejected by Megan Bowen');
    expect(await alex.waitFor((a) => String(a.text ?? '').includes('Megan Bowen rejected your request'))).toBeDefined();
    expect(policies(h)).toEqual(before);
  });

  it('"show approval <id>" shows the request to an approver; an unknown id is said to be unknown, a malformed one is not a command', async () => {
    const data = await requestFix(['secrets/list']);
    const shown = (await megan.sendText(`show approval ${data.requestId}`)).replies.find(isCard);
    expect(cardJson(shown)).toContain(data.requestId);
    expect((await megan.sendText('show approval request no-such-id')).replies.map((a) => a.text)).toContain(
      'There is no approval request with id "no-such-id".',
    );
    const malformed = (await megan.sendText('show approval no.such/id')).replies;
    expect(malformed.length).toBeGreaterThan(0);
    expect(malformed.some((a) => String(a.text ?? '').includes('There is no approval request'))).toBe(false);
    await megan.send(executeInvoke('approval.decide', { ...data, decision: 'reject' }));
  });

  it('"my approvals" shows an approver the requests waiting for them (with the card to decide), the requester where theirs stand, and nobody else anything', async () => {
    const data = await requestFix(['secrets/list']);
    const forMegan = (await megan.sendText('my approvals')).replies;
    expect(String(forMegan[0]?.text)).toMatch(/1 request is waiting for your decision/);
    expect(String(forMegan[0]?.text)).toMatch(/asked by Alex Wilber, expires \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(String(forMegan[0]?.text)).toContain(`(id ${data.requestId})`);
    const card = forMegan.find(isCard);
    expect(actionsOf(cardOf(card)).map((a) => a.title)).toContain('Approve');
    // Adele is not entitled to approve changes to kv-payments: nothing for her.
    const forAdele = (await adele.sendText('pending approvals')).replies;
    expect(forAdele.map((a) => a.text)).toEqual(['Nothing is waiting for your approval.']);
    // Alex cannot approve his own request; he sees where it stands.
    const forAlex = (await alex.sendText('My approvals?')).replies;
    expect(String(forAlex[0]?.text)).toMatch(
      /^Nothing is waiting for your approval\.\nYour own requests still open:\n- .*: waiting for approval \(id /,
    );
    expect(forAlex.some(isCard)).toBe(false);
    // When Azure does not answer whether she may approve, she is told so rather than shown nothing.
    const fault = h.emu.faults.add({ pathRegex: 'getMemberGroups|roleAssignments', status: 500 });
    try {
      const failed = (await megan.sendText('my approvals')).replies;
      expect(String(failed[0]?.text)).toMatch(
        /couldn't check whether you may approve 1 other pending request: Azure did not answer/,
      );
      expect(failed.some(isCard)).toBe(false);
    } finally {
      h.emu.faults.remove(fault);
    }
    await megan.send(executeInvoke('approval.decide', { ...data, decision: 'reject' }));
    expect((await megan.sendText('my approvals')).replies.map((a) => a.text)).toEqual([
      'Nothing is waiting for your approval.',
    ]);
  });

  it('refuses a stale version, an altered payload (extra field, changed planHash) and a replay of a decided card', async () => {
    const before = policies(h);
    const data = await requestFix(['secrets/list']);
    await expectRefused(megan, { ...data, version: data.version + 1 }, 'stale-version', before);
    await expectRefused(megan, { ...data, role: 'Owner' }, 'altered', before);
    await expectRefused(megan, { ...data, planHash: '0'.repeat(64) }, 'altered', before);
    const ok = await megan.send(executeInvoke('approval.decide', data));
    expect(JSON.stringify(invokeBody(ok.body).value)).toContain('Applied by Megan Bowen');
    const after = policies(h);
    await expectRefused(megan, data, 'already-decided', after);
    await expectRefused(lynne, data, 'already-decided', after);
    // Put the vault back for the next tests (directly, as an administrator would).
    await h.directory.updateAccessPolicies(h.emu.state.vault('kv-payments')!.id, 'remove', [
      {
        tenantId: '00000000-0000-0000-0000-000000000001',
        objectId: ALEX.aadObjectId!,
        permissions: { secrets: ['list'] },
      },
    ]);
    expect(policies(h)).toEqual(before);
  });

  it('refuses an expired request (clock moved past the TTL)', async () => {
    const before = policies(h);
    const data = await requestFix(['secrets/list']);
    h.clock.now += TTL_MS + 1000;
    await expectRefused(megan, data, 'expired', before);
    expect((await h.bot.feature.approvals.get(data.requestId))?.status).toBe('expired');
  });

  it('two approvers clicking at once (Megan and Lynne) apply the fix exactly once', async () => {
    const data = await requestFix(['secrets/list']);
    const puts = policyPuts(h);
    const [a, b] = await Promise.all([
      megan.send(executeInvoke('approval.decide', data)),
      lynne.send(executeInvoke('approval.decide', data)),
    ]);
    const texts = [a, b].map((r) => JSON.stringify(invokeBody(r.body).value));
    expect(texts.filter((t) => t.includes('Refused:'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Applied by'))).toHaveLength(1);
    expect(policyPuts(h)).toBe(puts + 1);
    expect((await h.bot.feature.approvals.get(data.requestId))?.status).toBe('applied');
    expect((await h.audit.verify()).ok).toBe(true);
    await h.directory.updateAccessPolicies(h.emu.state.vault('kv-payments')!.id, 'remove', [
      {
        tenantId: '00000000-0000-0000-0000-000000000001',
        objectId: ALEX.aadObjectId!,
        permissions: { secrets: ['list'] },
      },
    ]);
  });

  it('when the vault changed in a way that changes the plan, nothing is applied and Alex is asked to confirm the new plan', async () => {
    const data = await requestFix(['secrets/get', 'secrets/list']);
    const vaultId = h.emu.state.vault('kv-payments')!.id;
    // Someone else gives Alex secrets/get meanwhile: the fix to make is now only "list".
    await h.directory.updateAccessPolicies(vaultId, 'add', [
      {
        tenantId: '00000000-0000-0000-0000-000000000001',
        objectId: ALEX.aadObjectId!,
        permissions: { secrets: ['get'] },
      },
    ]);
    const before = policies(h);
    const puts = policyPuts(h);
    const from = alex.received.length;
    const r = await megan.send(executeInvoke('approval.decide', data));
    expect(JSON.stringify(invokeBody(r.body).value)).toContain('Not applied');
    expect(policyPuts(h)).toBe(puts);
    expect(policies(h)).toEqual(before);
    const fresh = await alex.waitFor((a) => cardJson(a).includes('changed after you asked'), { from });
    expect(cardJson(fresh)).toContain('get → get, list');
    await h.directory.updateAccessPolicies(vaultId, 'remove', [
      {
        tenantId: '00000000-0000-0000-0000-000000000001',
        objectId: ALEX.aadObjectId!,
        permissions: { secrets: ['get'] },
      },
    ]);
  });

  it('a request made before the bot restarted (same data dir) can still be approved afterwards', async () => {
    const data = await requestFix(['secrets/list']);
    await h.restart();
    const from = alex.received.length;
    // The client's pooled keep-alive socket died with the old server; a channel retries once.
    const r = await megan
      .send(executeInvoke('approval.decide', data))
      .catch(() => megan.send(executeInvoke('approval.decide', data)));
    expect(JSON.stringify(invokeBody(r.body).value)).toContain('Applied by Megan Bowen');
    expect(h.emu.state.vault('kv-payments')!.properties.accessPolicies).toContainEqual(
      expect.objectContaining({ objectId: ALEX.aadObjectId }),
    );
    // The new process found Alex's conversation in storage and told him.
    expect(await alex.waitFor((a) => cardJson(a).includes('Done:'), { from })).toBeDefined();
    expect((await h.audit.verify()).ok).toBe(true);
  });
});
