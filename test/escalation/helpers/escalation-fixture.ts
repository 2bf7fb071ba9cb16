/**
 * Builds an EscalationService over in-memory stores and recording fakes of the bot's ports, with
 * the playground's demo people (team preamble) and a controllable clock.
 */
import { EscalationService, type CaseCounter } from '../../../src/core/escalation/escalation-service.js';
import type { Case, CasePacket, CasePerson } from '../../../src/core/escalation/case-types.js';
import type {
  CaseEventMessage,
  EscalationAuditRecord,
  Notifier,
  SupportChannel,
  SupportNotice,
  UserNotice,
} from '../../../src/core/escalation/escalation-ports.js';
import { RecordCounters } from '../../../src/core/storage/counter.js';
import { MemoryRecordStore } from '../../helpers/memory-record-store.js';

/** Alex Wilber, the requester. */
export const ALEX: CasePerson = {
  id: 'user-id-0',
  aadObjectId: '00000000-0000-0000-0000-000000000020',
  name: 'Alex Wilber',
};
/** Megan Bowen, a support engineer. */
export const MEGAN: CasePerson = {
  id: 'user-id-1',
  aadObjectId: '00000000-0000-0000-0000-000000000021',
  name: 'Megan Bowen',
};
/** Adele Vance, another support engineer. */
export const ADELE: CasePerson = {
  id: 'user-id-2',
  aadObjectId: '00000000-0000-0000-0000-000000000022',
  name: 'Adele Vance',
};
/** Isaiah Langer, a bot admin who is not on the support team. */
export const ISAIAH: CasePerson = {
  id: 'user-id-3',
  aadObjectId: '00000000-0000-0000-0000-000000000023',
  name: 'Isaiah Langer',
};
/** Patti Fernandez, neither requester nor support. */
export const PATTI: CasePerson = {
  id: 'user-id-4',
  aadObjectId: '00000000-0000-0000-0000-000000000024',
  name: 'Patti Fernandez',
};

/** A realistic packet: a denied list on a production vault. */
export function packet(overrides: Partial<CasePacket> = {}): CasePacket {
  return {
    messages: [
      { at: '2025-05-01T09:58:00.000Z', text: "why can't I see secrets in kv-payments?" },
      { at: '2025-05-01T09:59:00.000Z', text: 'still getting Forbidden when I list secrets' },
    ],
    faqMatches: [{ id: 'list-get-something-went-wrong', question: "I'm not able to list or get secrets", score: 0.41 }],
    probeResults: [{ summary: 'Alex has no access policy on kv-payments granting secrets/list.' }],
    vault: { name: 'kv-payments', tags: { env: 'dev' } },
    tenantId: '00000000-0000-0000-0000-000000000001',
    correlationIds: ['req-7f3a'],
    ...overrides,
  };
}

/** A Notifier that records every call and can be told to fail. */
export class RecordingNotifier implements Notifier {
  userNotices: Array<{ caseNumber: string; notice: UserNotice; userRef: unknown }> = [];
  supportPosts: string[] = [];
  cardUpdates: Array<{ caseNumber: string; status: Case['status'] }> = [];
  threadNotices: Array<{ caseNumber: string; notice: SupportNotice; thread: unknown }> = [];
  failUser = false;
  failSupport = false;

  async notifyUser(c: Case, notice: UserNotice): Promise<void> {
    if (this.failUser) throw new Error('the user uninstalled the bot');
    this.userNotices.push({ caseNumber: c.number, notice, userRef: c.conversations.user });
  }
  async postToSupport(c: Case, _channel: SupportChannel): Promise<unknown> {
    if (this.failSupport) throw new Error('Teams returned 503');
    this.supportPosts.push(c.number);
    return { conversation: { id: `19:support@thread.tacv2;messageid=${c.number}` } };
  }
  async updateSupportCard(c: Case, _channel: SupportChannel): Promise<void> {
    this.cardUpdates.push({ caseNumber: c.number, status: c.status });
  }
  async postToCaseThread(c: Case, notice: SupportNotice): Promise<void> {
    this.threadNotices.push({ caseNumber: c.number, notice, thread: c.conversations.supportThread });
  }
}

/** Options of the fixture. */
export interface FixtureOptions {
  supportIds?: string[];
  registerChannel?: boolean;
  start?: string;
  reminderAfterInMs?: number;
  cases?: MemoryRecordStore<Case>;
  counters?: MemoryRecordStore<CaseCounter>;
  channels?: MemoryRecordStore<SupportChannel>;
}

/** A service with its fakes. */
export async function makeFixture(options: FixtureOptions = {}) {
  let now = new Date(options.start ?? '2025-05-01T10:00:00.000Z');
  let nextId = 0;
  const cases = options.cases ?? new MemoryRecordStore<Case>();
  const counters = options.counters ?? new MemoryRecordStore<CaseCounter>();
  const supportChannels = options.channels ?? new MemoryRecordStore<SupportChannel>();
  const notifier = new RecordingNotifier();
  const audit: EscalationAuditRecord[] = [];
  const events: CaseEventMessage[] = [];
  const supportIds = new Set(options.supportIds ?? [MEGAN.id, ADELE.id]);
  const service = new EscalationService(
    {
      cases,
      counters: new RecordCounters(counters, { sleep: async () => undefined }),
      supportChannels,
      notifier,
      supportMembers: { isSupportMember: async (p) => supportIds.has(p.id) },
      audit: async (r) => {
        audit.push(r);
      },
      events: {
        publish: async (m) => {
          events.push(m);
        },
      },
      clock: () => now,
      newId: () => `case-${Math.random().toString(36).slice(2, 8)}-${++nextId}`,
    },
    { adminIds: [ISAIAH.aadObjectId!], reminderAfterInMs: options.reminderAfterInMs ?? 30 * 60_000 },
  );
  if (options.registerChannel ?? true) {
    const registered = await service.registerSupportChannel(
      { conversation: { id: '19:support@thread.tacv2' } },
      ISAIAH,
    );
    if (!registered.ok) throw new Error(registered.message);
  }
  return {
    service,
    cases,
    counters,
    supportChannels,
    notifier,
    audit,
    events,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    now: () => now,
  };
}
