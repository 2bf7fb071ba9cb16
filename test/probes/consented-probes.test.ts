/**
 * The probe-with-consent use case on its own (src/core/probes/consented-probes.ts), with fakes:
 * a recording probe runner, an in-memory consent store and audit, a clock the test moves. The
 * conversation around it is tested in test/dialogs/probe-consent.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { AuditAppender } from '../../src/core/audit/audit-log.js';
import type { AuditEvent } from '../../src/core/audit/audit-record.js';
import { ConsentedProbes, type ConsentClick } from '../../src/core/probes/consented-probes.js';
import type { ProbeArgs } from '../../src/core/probes/probe-args.js';
import type { ProbeConsent } from '../../src/core/probes/probe-consent.js';
import type { ProbeResult } from '../../src/core/probes/probe-result.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';

const ALEX = { id: 'user-alex', aadObjectId: '00000000-0000-0000-0000-000000000020', name: 'Alex Wilber' };
const MEGAN = { id: 'user-megan', aadObjectId: '00000000-0000-0000-0000-000000000021', name: 'Megan Bowen' };
const OTHER = '00000000-0000-0000-0000-000000000099';

function setup(options: { approvers?: string[] } = {}) {
  let now = Date.parse('2026-05-01T09:00:00Z');
  const runs: Array<{ name: string; args: ProbeArgs }> = [];
  const audited: AuditEvent[] = [];
  const audit: AuditAppender = {
    append: async (event) => {
      audited.push(event);
      return undefined as never;
    },
  };
  const consents = new MemoryRecordStore<ProbeConsent>();
  let ids = 0;
  const useCase = new ConsentedProbes({
    probes: {
      async run(name, args): Promise<ProbeResult> {
        runs.push({ name, args });
        return {
          probe: 'permission-check',
          vault: args.vault,
          model: 'access-policy',
          sandbox: true,
          operation: 'secrets/list',
          verdict: 'denied',
          reason: 'No policy names the principal.',
          fixes: ['grant-access-policy'],
          evidence: [
            {
              kind: 'access-policy-summary',
              total: 2,
              applicable: 0,
              groupCount: 0,
              text: '2 entries; both for other principals.',
            },
          ],
        };
      },
    },
    consents,
    audit,
    isApprover: (asker) => (options.approvers ?? []).includes(asker.objectId),
    now: () => new Date(now),
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  });
  const click = (consentId: unknown, person = ALEX, conversationId = 'conv-1'): ConsentClick => ({
    consentId,
    person,
    conversationId,
  });
  return {
    useCase,
    runs,
    audited,
    consents,
    click,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('ConsentedProbes: offer', () => {
  it('stores a pending consent for the asker and reads nothing', async () => {
    const t = setup();
    const offered = await t.useCase.offer(
      { probe: 'permission-check', vault: 'kv-payments', operation: 'secrets/list' },
      ALEX,
      'conv-1',
    );
    expect(offered).toMatchObject({
      kind: 'offered',
      needsApprover: false,
      consent: { status: 'pending', vault: 'kv-payments', requester: ALEX, expiresAt: '2026-05-01T09:15:00.000Z' },
    });
    expect(t.consents.size).toBe(1);
    expect(t.runs).toEqual([]);
  });

  it('says an approver is needed to check someone else, and refuses a person without an Entra object id', async () => {
    const t = setup();
    expect(
      await t.useCase.offer({ probe: 'permission-check', vault: 'kv-payments', principal: OTHER }, ALEX, 'conv-1'),
    ).toMatchObject({ kind: 'offered', needsApprover: true });
    expect(
      await t.useCase.offer(
        { probe: 'permission-check', vault: 'kv-payments' },
        { id: 'guest', name: 'Guest' },
        'conv-1',
      ),
    ).toEqual({ kind: 'no-entra-id' });
  });
});

describe('ConsentedProbes: run and cancel', () => {
  it('runs once for the asker, after `starting`, with the asker as principal; audits the verdict', async () => {
    const t = setup();
    const offered = await t.useCase.offer(
      { probe: 'permission-check', vault: 'kv-payments', operation: 'secrets/list' },
      ALEX,
      'conv-1',
    );
    const id = offered.kind === 'offered' ? offered.consent.id : '';
    const order: string[] = [];
    const outcome = await t.useCase.run(t.click(id), async () => {
      order.push(`starting after ${t.runs.length} runs`);
    });
    expect(order).toEqual(['starting after 0 runs']);
    expect(outcome).toMatchObject({
      kind: 'done',
      result: { verdict: 'denied' },
      shown: { vault: 'kv-payments', principal: ALEX.aadObjectId, operation: 'secrets/list' },
    });
    expect(t.runs).toEqual([
      {
        name: 'permission-check',
        args: { vault: 'kv-payments', principal: ALEX.aadObjectId, operation: 'secrets/list' },
      },
    ]);
    // The asker's own check shows the own-access view: other principals' entries are not named.
    expect(outcome.kind === 'done' ? outcome.result.evidence[0]?.text : undefined).toContain(
      'shown to approvers of the vault only',
    );
    expect(t.audited.map((e) => [e.type, e.data?.verdict])).toEqual([['probe', 'denied']]);
    expect((await t.consents.get(id))?.value).toMatchObject({ status: 'done', verdict: 'denied' });
    // A second click is refused as already decided: a consent is used once.
    expect(await t.useCase.run(t.click(id))).toMatchObject({ kind: 'refused', refusal: { kind: 'already-decided' } });
    expect(t.runs).toHaveLength(1);
  });

  it('refuses (and audits) a bad button, another user, another conversation and an expired consent; nothing runs', async () => {
    const t = setup();
    const offered = await t.useCase.offer({ probe: 'permission-check', vault: 'kv-payments' }, ALEX, 'conv-1');
    const id = offered.kind === 'offered' ? offered.consent.id : '';
    expect(await t.useCase.run(t.click('not-a-uuid'))).toEqual({
      kind: 'refused',
      refusal: { kind: 'invalid-button' },
    });
    expect(await t.useCase.run(t.click(id, { id: 'guest', name: 'Guest' } as typeof ALEX))).toEqual({
      kind: 'refused',
      refusal: { kind: 'no-entra-id' },
    });
    expect(await t.useCase.run(t.click(id, MEGAN))).toMatchObject({
      kind: 'refused',
      refusal: { kind: 'other-user', requester: { name: 'Alex Wilber' } },
    });
    expect(await t.useCase.cancel(t.click(id, ALEX, 'conv-2'))).toEqual({
      kind: 'refused',
      refusal: { kind: 'other-conversation' },
    });
    t.advance(16 * 60_000);
    expect(await t.useCase.run(t.click(id))).toMatchObject({ kind: 'refused', refusal: { kind: 'expired' } });
    expect(t.runs).toEqual([]);
    expect(t.audited.map((e) => [e.type, e.data?.code])).toEqual([
      ['refusal', 'invalid-button'],
      ['refusal', 'no-aad-object-id'],
      ['refusal', 'other-user'],
      ['refusal', 'other-conversation'],
      ['refusal', 'expired'],
    ]);
  });

  it('an asker who is not an approver may not check someone else: audited as refused, nothing read, `starting` never called', async () => {
    const t = setup();
    const offered = await t.useCase.offer(
      { probe: 'permission-check', vault: 'kv-payments', principal: OTHER },
      ALEX,
      'conv-1',
    );
    const id = offered.kind === 'offered' ? offered.consent.id : '';
    let started = false;
    const outcome = await t.useCase.run(t.click(id), async () => {
      started = true;
    });
    expect(outcome).toMatchObject({
      kind: 'not-allowed',
      reason: expect.stringContaining('Only approvers of kv-payments'),
    });
    expect(started).toBe(false);
    expect(t.runs).toEqual([]);
    expect(t.audited[0]).toMatchObject({ type: 'probe', data: { verdict: 'refused', refused: true } });
    expect((await t.consents.get(id))?.value.status).toBe('refused');
  });

  it('an approver checking someone else sees the full result; cancel reads nothing', async () => {
    const t = setup({ approvers: [ALEX.aadObjectId] });
    const other = await t.useCase.offer(
      { probe: 'permission-check', vault: 'kv-payments', principal: OTHER },
      ALEX,
      'conv-1',
    );
    const approverRun = await t.useCase.run(t.click(other.kind === 'offered' ? other.consent.id : ''));
    expect(approverRun).toMatchObject({ kind: 'done', shown: { principal: OTHER } });
    // The probe's own evidence, not the own-access view that hides who the other entries are for.
    expect(approverRun.kind === 'done' ? approverRun.result.evidence[0]?.text : undefined).toBe(
      '2 entries; both for other principals.',
    );
    const mine = await t.useCase.offer({ probe: 'permission-check', vault: 'kv-orders' }, ALEX, 'conv-1');
    expect(await t.useCase.cancel(t.click(mine.kind === 'offered' ? mine.consent.id : ''))).toMatchObject({
      kind: 'cancelled',
      consent: { vault: 'kv-orders' },
    });
    expect(t.runs.map((r) => r.args.vault)).toEqual(['kv-payments']);
  });
});
