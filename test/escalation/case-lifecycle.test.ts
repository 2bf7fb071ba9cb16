import { describe, expect, it } from 'vitest';
import type { Case, CasePerson } from '../../src/core/escalation/case-types.js';
import type { CaseOutcome, EscalationService } from '../../src/core/escalation/escalation-service.js';
import { ADELE, ALEX, MEGAN, PATTI, makeFixture, packet } from './helpers/escalation-fixture.js';

type State = 'open' | 'assigned' | 'resolved' | 'reopened';

/** Opens a case for Alex and drives it to `state` (Megan takes and resolves it). */
async function caseIn(service: EscalationService, state: State): Promise<Case> {
  const opened = await service.open({
    trigger: 'user-request',
    requester: ALEX,
    packet: packet(),
    userConversation: { user: { id: ALEX.id } },
  });
  if (!opened.ok) throw new Error(opened.message);
  const steps: Array<(id: string) => Promise<CaseOutcome>> = [];
  if (state !== 'open') steps.push((id) => service.take(id, MEGAN));
  if (state === 'resolved' || state === 'reopened')
    steps.push((id) => service.resolve(id, MEGAN, 'Added you to the access policy.'));
  if (state === 'reopened') steps.push((id) => service.reopen(id, ALEX, 'still broken'));
  let c = opened.case;
  for (const step of steps) {
    const r = await step(c.id);
    if (!r.ok) throw new Error(r.message);
    c = r.case;
  }
  expect(c.status).toBe(state);
  return c;
}

type Action = (s: EscalationService, id: string) => Promise<CaseOutcome>;
const take =
  (p: CasePerson): Action =>
  (s, id) =>
    s.take(id, p);
const reply =
  (p: CasePerson, text = 'Can you paste the full error?'): Action =>
  (s, id) =>
    s.reply(id, p, text);
const userReply =
  (p: CasePerson, text = 'Here it is: 403 Forbidden'): Action =>
  (s, id) =>
    s.userReply(id, p, text);
const resolve =
  (p: CasePerson): Action =>
  (s, id) =>
    s.resolve(id, p, 'Granted secrets/list.');
const reopen =
  (p: CasePerson): Action =>
  (s, id) =>
    s.reopen(id, p, 'it broke again');
const rate =
  (p: CasePerson, helpful = true): Action =>
  (s, id) =>
    s.rate(id, p, helpful);

// [state, description, action, expected status after | refusal reason]
const TABLE: Array<[State, string, Action, { status: State } | { refused: string }]> = [
  ['open', 'a support member takes an open case', take(MEGAN), { status: 'assigned' }],
  ['open', 'a non-member cannot take a case', take(PATTI), { refused: 'not-support-member' }],
  ['open', 'the requester cannot take their own case', take(ALEX), { refused: 'not-support-member' }],
  ['open', 'nobody can reply before taking the case', reply(MEGAN), { refused: 'not-assigned' }],
  ['open', 'the requester can add to an open case', userReply(ALEX), { status: 'open' }],
  ['open', 'someone else cannot add to the case', userReply(PATTI), { refused: 'not-requester' }],
  ['open', 'a support member can resolve an untaken case', resolve(ADELE), { status: 'resolved' }],
  ['open', 'an open case cannot be reopened', reopen(ALEX), { refused: 'not-resolved' }],
  ['open', 'an open case cannot be rated', rate(ALEX), { refused: 'not-resolved' }],
  ['assigned', 'a second engineer cannot take a taken case', take(ADELE), { refused: 'already-assigned' }],
  ['assigned', 'the assignee taking again is told it is theirs', take(MEGAN), { refused: 'already-yours' }],
  ['assigned', 'the assignee replies', reply(MEGAN), { status: 'assigned' }],
  ['assigned', 'another engineer cannot reply', reply(ADELE), { refused: 'not-your-case' }],
  ['assigned', 'an empty reply is refused', reply(MEGAN, '   '), { refused: 'empty-text' }],
  ['assigned', 'an over-long reply is refused', reply(MEGAN, 'x'.repeat(4001)), { refused: 'text-too-long' }],
  ['assigned', 'the requester adds to a taken case', userReply(ALEX), { status: 'assigned' }],
  ['assigned', 'the assignee resolves', resolve(MEGAN), { status: 'resolved' }],
  ['assigned', 'another engineer cannot resolve', resolve(ADELE), { refused: 'not-your-case' }],
  ['resolved', 'a resolved case cannot be taken', take(ADELE), { refused: 'case-resolved' }],
  ['resolved', 'nobody replies on a resolved case', reply(MEGAN), { refused: 'case-resolved' }],
  ['resolved', 'the requester cannot add to a resolved case', userReply(ALEX), { refused: 'case-resolved' }],
  ['resolved', 'a resolved case cannot be resolved again', resolve(MEGAN), { refused: 'case-resolved' }],
  ['resolved', 'the requester rates it helpful', rate(ALEX, true), { status: 'resolved' }],
  ['resolved', 'someone else cannot rate it', rate(PATTI), { refused: 'not-requester' }],
  ['resolved', 'the requester reopens it', reopen(ALEX), { status: 'reopened' }],
  ['resolved', 'a support member reopens it', reopen(ADELE), { status: 'reopened' }],
  ['resolved', 'a bystander cannot reopen it', reopen(PATTI), { refused: 'not-requester' }],
  ['reopened', 'a reopened case can be taken by anyone on support', take(ADELE), { status: 'assigned' }],
  ['reopened', 'the former assignee must take it again before replying', reply(MEGAN), { refused: 'not-assigned' }],
  ['reopened', 'a reopened case cannot be rated', rate(ALEX), { refused: 'not-resolved' }],
];

describe('case lifecycle', () => {
  it.each(TABLE)('%s: %s', async (state, _name, action, expected) => {
    const { service } = await makeFixture();
    const before = await caseIn(service, state);
    const result = await action(service, before.id);
    const stored = await service.get(before.id);
    if ('refused' in expected) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).toBe(expected.refused);
      expect(result.message.length).toBeGreaterThan(10);
      // A refusal changes nothing.
      expect(stored).toEqual(before);
    } else {
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.case.status).toBe(expected.status);
      expect(stored).toEqual(result.case);
      expect(stored?.version).toBe(before.version + 1);
      expect(stored?.events.length).toBe(before.events.length + 1);
    }
  });

  it('opens a case with a number, the packet, a reminder deadline and the user told', async () => {
    const { service, notifier, audit, events } = await makeFixture();
    const first = await service.open({
      trigger: 'unanswered-twice',
      requester: ALEX,
      packet: packet(),
      userConversation: { user: { id: ALEX.id } },
    });
    const second = await service.open({ trigger: 'probe-failed', requester: ALEX, packet: packet() });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(first.case.number).toBe('KV-1001');
    expect(second.case.number).toBe('KV-1002');
    expect(first.case.status).toBe('open');
    expect(first.case.trigger).toBe('unanswered-twice');
    expect(first.case.packet.probeResults?.[0]?.summary).toContain('secrets/list');
    expect(first.case.reminderDueAt).toBe('2025-05-01T10:30:00.000Z');
    expect(first.case.conversations.user).toEqual({ user: { id: ALEX.id } });
    expect(first.case.conversations.supportThread).toEqual({
      conversation: { id: '19:support@thread.tacv2;messageid=KV-1001' },
    });
    expect(notifier.supportPosts).toEqual(['KV-1001', 'KV-1002']);
    expect(notifier.userNotices[0]?.notice).toEqual({
      kind: 'opened',
      caseNumber: 'KV-1001',
      priority: 'normal',
      supportReached: true,
    });
    expect(audit.filter((a) => a.type === 'case.opened').map((a) => a.caseNumber)).toEqual(['KV-1001', 'KV-1002']);
    expect(events.map((e) => [e.event, e.case.number])).toEqual([
      ['case.opened', 'KV-1001'],
      ['case.opened', 'KV-1002'],
    ]);
  });

  it('keeps only the last ten messages of the packet', async () => {
    const { service } = await makeFixture();
    const messages = Array.from({ length: 14 }, (_, i) => ({
      at: `2025-05-01T09:${String(i).padStart(2, '0')}:00.000Z`,
      text: `message ${i}`,
    }));
    const r = await service.open({ trigger: 'user-request', requester: ALEX, packet: packet({ messages }) });
    expect(r.ok && r.case.packet.messages.map((m) => m.text)).toEqual(messages.slice(4).map((m) => m.text));
  });

  it('refuses malformed open input with a message instead of throwing', async () => {
    const { service } = await makeFixture();
    const bad = await service.open({ trigger: 'because' as never, requester: ALEX, packet: packet() });
    expect(bad).toMatchObject({ ok: false, reason: 'invalid-input' });
    const noName = await service.open({ trigger: 'user-request', requester: { id: '' } as never, packet: packet() });
    expect(noName).toMatchObject({ ok: false, reason: 'invalid-input' });
    const badPriority = await service.open({
      trigger: 'user-request',
      requester: ALEX,
      packet: packet(),
      priority: 'whenever' as never,
    });
    expect(badPriority).toMatchObject({ ok: false, reason: 'invalid-input' });
  });

  it('still opens the case when no support channel is registered or Teams fails, with warnings', async () => {
    const { service, notifier } = await makeFixture({ registerChannel: false });
    notifier.failUser = true;
    const r = await service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.join('\n')).toMatch(/No support channel is registered/);
    expect(r.warnings.join('\n')).toMatch(/uninstalled/);
    expect(await service.get(r.case.id)).toEqual(r.case);
  });

  it('tells the user who took the case, relays replies both ways and asks for a rating on resolve', async () => {
    const { service, notifier, events } = await makeFixture();
    const c = await caseIn(service, 'open');
    await service.take(c.id, MEGAN);
    await service.reply(c.id, MEGAN, 'Which identity runs the app?');
    await service.userReply(c.id, ALEX, 'The managed identity of app-payments');
    const resolved = await service.resolve(c.id, MEGAN, 'Added secrets get/list for the MI.');
    await service.rate(c.id, ALEX, false);
    expect(notifier.userNotices.map((n) => n.notice.kind)).toEqual(['opened', 'taken', 'reply', 'resolved']);
    expect(notifier.userNotices[1]?.notice).toMatchObject({ kind: 'taken', engineer: MEGAN });
    expect(notifier.userNotices[2]?.notice).toMatchObject({ kind: 'reply', text: 'Which identity runs the app?' });
    expect(notifier.userNotices[3]?.notice).toMatchObject({
      kind: 'resolved',
      note: 'Added secrets get/list for the MI.',
      askRating: true,
    });
    expect(notifier.threadNotices.map((n) => n.notice)).toEqual([
      { kind: 'user-reply', caseNumber: c.number, user: ALEX, text: 'The managed identity of app-payments' },
      { kind: 'rated', caseNumber: c.number, helpful: false },
    ]);
    expect(notifier.threadNotices[0]?.thread).toEqual(c.conversations.supportThread);
    expect(notifier.cardUpdates.map((u) => u.status)).toEqual(['assigned', 'resolved']);
    expect(resolved.ok && resolved.case.resolution?.note).toBe('Added secrets get/list for the MI.');
    expect((await service.get(c.id))?.rating?.helpful).toBe(false);
    expect(events.map((e) => e.event)).toEqual([
      'case.opened',
      'case.taken',
      'case.engineer-reply',
      'case.user-reply',
      'case.resolved',
      'case.rated',
    ]);
  });

  it('returns not-found for unknown or malformed case ids', async () => {
    const { service } = await makeFixture();
    expect(await service.take('no-such-case', MEGAN)).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await service.userReply('../../etc/passwd', ALEX, 'hi')).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('audits refusals of people who are not on the support team', async () => {
    const { service, audit } = await makeFixture();
    const c = await caseIn(service, 'open');
    await service.take(c.id, PATTI);
    expect(audit.at(-1)).toMatchObject({
      type: 'case.refused',
      actor: PATTI,
      caseNumber: c.number,
      details: { reason: 'not-support-member' },
    });
  });

  it('lists "my cases" newest first and finds a case by number', async () => {
    const f = await makeFixture();
    const a = await caseIn(f.service, 'open');
    f.advance(1000);
    const b = await caseIn(f.service, 'resolved');
    await f.service.open({ trigger: 'user-request', requester: PATTI, packet: packet() });
    expect((await f.service.listForUser(ALEX)).map((c) => c.number)).toEqual([b.number, a.number]);
    // A person is their Entra object id when the channel gives one: another channel id finds the same cases.
    expect((await f.service.listForUser({ id: '29:other-channel', aadObjectId: ALEX.aadObjectId })).length).toBe(2);
    expect((await f.service.findByNumber('kv-1002'))?.id).toBe(b.id);
    expect((await f.service.findByNumber('1001'))?.id).toBe(a.id);
    expect(await f.service.findByNumber('nonsense')).toBeUndefined();
    expect((await f.service.listActive()).map((c) => c.number)).toEqual(['KV-1001', 'KV-1003']);
    // A case opened on a channel without Entra ids is its requester's by channel id.
    const bare = await f.service.open({
      trigger: 'user-request',
      requester: { id: '29:no-entra', name: 'Sam' },
      packet: packet(),
    });
    if (!bare.ok) throw new Error(bare.message);
    expect((await f.service.listForUser({ id: '29:no-entra' })).map((c) => c.id)).toEqual([bare.case.id]);
    expect(await f.service.listForUser({ id: ALEX.id })).toEqual([]);
  });

  it('lets support change the priority and refreshes the card', async () => {
    const { service, notifier } = await makeFixture();
    const c = await caseIn(service, 'assigned');
    const r = await service.setPriority(c.id, ADELE, 'urgent');
    expect(r.ok && r.case.priority).toBe('urgent');
    expect(notifier.cardUpdates.at(-1)).toEqual({ caseNumber: c.number, status: 'assigned' });
    expect(await service.setPriority(c.id, PATTI, 'low')).toMatchObject({ ok: false, reason: 'not-support-member' });
  });
});

describe('support channel registration', () => {
  it('only a configured admin may register the channel, and it is stored', async () => {
    const { service, supportChannels, audit } = await makeFixture({ registerChannel: false });
    const refused = await service.registerSupportChannel({ conversation: { id: '19:x' } }, MEGAN);
    expect(refused).toMatchObject({ ok: false, reason: 'not-admin' });
    expect(await service.getSupportChannel()).toBeUndefined();
    expect(audit.at(-1)).toMatchObject({ type: 'case.support-channel-refused', actor: MEGAN });
    const { ISAIAH } = await import('./helpers/escalation-fixture.js');
    const ok = await service.registerSupportChannel({ conversation: { id: '19:x' } }, ISAIAH);
    expect(ok.ok).toBe(true);
    expect((await supportChannels.list()).map((r) => r.value.reference)).toEqual([{ conversation: { id: '19:x' } }]);
    expect(await service.registerSupportChannel(null, ISAIAH)).toMatchObject({ ok: false, reason: 'invalid-input' });
  });
});
