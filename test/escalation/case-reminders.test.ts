import { describe, expect, it } from 'vitest';
import { ALEX, MEGAN, makeFixture, packet } from './helpers/escalation-fixture.js';

const MINUTE = 60_000;

describe('reminders for cases nobody took', () => {
  it('a case becomes due after the configured time, and taking it clears the reminder', async () => {
    const f = await makeFixture({ reminderAfterInMs: 30 * MINUTE });
    const one = await f.service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    const two = await f.service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    if (!one.ok || !two.ok) throw new Error('open failed');
    f.advance(29 * MINUTE);
    expect(await f.service.dueReminders(f.now())).toEqual([]);
    f.advance(MINUTE);
    expect((await f.service.dueReminders(f.now())).map((c) => c.number)).toEqual(['KV-1001', 'KV-1002']);
    await f.service.take(two.case.id, MEGAN);
    expect((await f.service.dueReminders(f.now())).map((c) => c.number)).toEqual(['KV-1001']);
  });

  it('markReminded pushes the next reminder out and refuses a second mark (another instance got it)', async () => {
    const f = await makeFixture({ reminderAfterInMs: 30 * MINUTE });
    const c = await f.service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    if (!c.ok) throw new Error(c.message);
    f.advance(31 * MINUTE);
    const marked = await f.service.markReminded(c.case.id);
    expect(marked.ok && marked.case.reminderDueAt).toBe(new Date(f.now().getTime() + 30 * MINUTE).toISOString());
    expect(await f.service.markReminded(c.case.id)).toMatchObject({ ok: false, reason: 'not-due' });
    expect(await f.service.dueReminders(f.now())).toEqual([]);
    f.advance(30 * MINUTE);
    expect((await f.service.dueReminders(f.now())).map((x) => x.number)).toEqual([c.case.number]);
  });

  it('runReminders nudges the case thread, or posts the case if it never reached the channel', async () => {
    const f = await makeFixture({ reminderAfterInMs: 30 * MINUTE });
    f.notifier.failSupport = true;
    const lost = await f.service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    f.notifier.failSupport = false;
    const posted = await f.service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    if (!lost.ok || !posted.ok) throw new Error('open failed');
    expect(lost.warnings.join()).toMatch(/503/);
    f.advance(45 * MINUTE);
    const { reminded } = await f.service.runReminders();
    expect(reminded.map((c) => c.number)).toEqual(['KV-1001', 'KV-1002']);
    expect(f.notifier.supportPosts).toEqual(['KV-1002', 'KV-1001']);
    expect(f.notifier.threadNotices.map((n) => n.notice)).toEqual([
      { kind: 'reminder', caseNumber: 'KV-1002', waitingSince: posted.case.createdAt },
    ]);
    expect((await f.service.get(lost.case.id))?.conversations.supportThread).toBeDefined();
    expect((await f.service.runReminders()).reminded).toEqual([]);
  });

  it('a reopened case waits for a new taker and gets a reminder again', async () => {
    const f = await makeFixture({ reminderAfterInMs: 30 * MINUTE });
    const c = await f.service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    if (!c.ok) throw new Error(c.message);
    await f.service.take(c.case.id, MEGAN);
    await f.service.resolve(c.case.id, MEGAN, 'done');
    f.advance(60 * MINUTE);
    expect(await f.service.dueReminders(f.now())).toEqual([]);
    await f.service.reopen(c.case.id, ALEX, 'no, still 403');
    f.advance(30 * MINUTE);
    expect((await f.service.dueReminders(f.now())).map((x) => x.status)).toEqual(['reopened']);
  });
});
