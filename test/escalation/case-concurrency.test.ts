import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/core/escalation/case-types.js';
import type { CaseCounter } from '../../src/core/escalation/escalation-service.js';
import type { SupportChannel } from '../../src/core/escalation/escalation-ports.js';
import { ADELE, ALEX, MEGAN, makeFixture, packet } from './helpers/escalation-fixture.js';
import { MemoryRecordStore } from '../helpers/memory-record-store.js';

/** Two service instances (two bot replicas) over the same stored data. */
async function twoInstances() {
  const caseData = new Map();
  const counterData = new Map();
  const channelData = new Map();
  const a = await makeFixture({
    cases: new MemoryRecordStore<Case>(caseData),
    counters: new MemoryRecordStore<CaseCounter>(counterData),
    channels: new MemoryRecordStore<SupportChannel>(channelData),
  });
  const b = await makeFixture({
    cases: new MemoryRecordStore<Case>(caseData),
    counters: new MemoryRecordStore<CaseCounter>(counterData),
    channels: new MemoryRecordStore<SupportChannel>(channelData),
    registerChannel: false,
  });
  return { a, b };
}

/** Holds every put until `n` writers have read, so their writes race on the same ETag. */
function barrier(stores: MemoryRecordStore<unknown>[], n: number): void {
  let waiting: Array<() => void> = [];
  for (const s of stores) {
    s.beforePut = async () => {
      await new Promise<void>((release) => {
        waiting.push(release);
        if (waiting.length === n) {
          const all = waiting;
          waiting = [];
          for (const r of all) r();
        }
      });
      // Only the first round is synchronised; retries go through freely.
      for (const t of stores) delete t.beforePut;
    };
  }
}

describe('concurrent updates', () => {
  it('two engineers taking the same case at once on two instances: exactly one gets it', async () => {
    const { a, b } = await twoInstances();
    const opened = await a.service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    if (!opened.ok) throw new Error(opened.message);
    barrier([a.cases as MemoryRecordStore<unknown>, b.cases as MemoryRecordStore<unknown>], 2);
    const [megan, adele] = await Promise.all([
      a.service.take(opened.case.id, MEGAN),
      b.service.take(opened.case.id, ADELE),
    ]);
    const winners = [megan, adele].filter((r) => r.ok);
    const losers = [megan, adele].filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]).toMatchObject({ ok: false, reason: 'already-assigned' });
    const stored = await a.service.get(opened.case.id);
    expect(stored?.assignee?.id).toBe(winners[0]?.ok ? winners[0].case.assignee?.id : 'none');
    expect(stored?.events.filter((e) => e.type === 'taken')).toHaveLength(1);
  });

  it('a reply and a user message written at the same time are both kept', async () => {
    const { a, b } = await twoInstances();
    const opened = await a.service.open({ trigger: 'user-request', requester: ALEX, packet: packet() });
    if (!opened.ok) throw new Error(opened.message);
    await a.service.take(opened.case.id, MEGAN);
    barrier([a.cases as MemoryRecordStore<unknown>, b.cases as MemoryRecordStore<unknown>], 2);
    const results = await Promise.all([
      a.service.reply(opened.case.id, MEGAN, 'Checking now'),
      b.service.userReply(opened.case.id, ALEX, 'It is kv-payments-prod'),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const texts = (await a.service.get(opened.case.id))?.events.map((e) => e.text);
    expect(texts).toContain('Checking now');
    expect(texts).toContain('It is kv-payments-prod');
  });

  it('two instances opening cases at once never share a case number', async () => {
    const { a, b } = await twoInstances();
    barrier([a.counters as MemoryRecordStore<unknown>, b.counters as MemoryRecordStore<unknown>], 2);
    const [x, y] = await Promise.all([
      a.service.open({ trigger: 'user-request', requester: ALEX, packet: packet() }),
      b.service.open({ trigger: 'user-request', requester: ALEX, packet: packet() }),
    ]);
    expect(x.ok && y.ok).toBe(true);
    if (!x.ok || !y.ok) return;
    expect(new Set([x.case.number, y.case.number])).toEqual(new Set(['KV-1001', 'KV-1002']));
  });
});
