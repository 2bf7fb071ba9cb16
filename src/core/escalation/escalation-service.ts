/**
 * The escalation service: opens cases, moves them through their lifecycle and tells everyone.
 * Every change is a compare-and-swap on the case record (`updateRecord`, retried with the shared
 * backoff), so two bot instances never lose an update or hand one case to two engineers. Lookups
 * ("my cases", the reminder sweep, by number, the queue) are index queries, never scans. Side effects (audit, webhook
 * outbox, Teams messages) run after the write; when one fails the case stays stored and the
 * failure comes back as a warning for the caller to log.
 */
import type { CounterRecord, Counters } from '../storage/counter.js';
import type { RecordStore } from '../storage/record-store.js';
import { isUpdateConflictError, updateRecord, type UpdateRecordOptions } from '../storage/update-record.js';
import {
  CASE_BY_ACTIVE_STATUS,
  CASE_BY_NUMBER,
  CASE_BY_REMINDER_DUE,
  CASE_BY_REQUESTER,
  requesterKeyOf,
} from './case-indexes.js';
import type {
  Case,
  CaseEvent,
  CasePacket,
  CasePerson,
  CasePriority,
  CaseTrigger,
  KnowledgeProposal,
} from './case-types.js';
import { CASE_PRIORITIES, CASE_TRIGGERS } from './case-types.js';
import { refuse, type CaseRefusal } from './case-refusal.js';
import {
  BOT_ACTOR,
  MAX_CASE_TEXT_LENGTH,
  changePriority,
  engineerReply,
  isWaiting,
  rateCase,
  remindCase,
  reopenCase,
  resolveCase,
  takeCase,
  userReply,
  type TransitionResult,
} from './case-transitions.js';
import { suggestPriority } from './priority.js';
import { summariseCase } from './case-summary.js';
import type {
  CaseAuditRecorder,
  CaseEventSink,
  Notifier,
  ProposalWriter,
  SupportChannel,
  SupportMembership,
  SupportNotice,
  UserNotice,
} from './escalation-ports.js';
import { KEY_SEGMENT_ID } from '../storage/record-key.js';

/** The case-number counter record (file and Blob stores). */
export type CaseCounter = CounterRecord;

/** Everything the service talks to. */
export interface EscalationPorts {
  cases: RecordStore<Case>;
  /** Case numbers (a transaction on SQLite; compare-and-swap with backoff elsewhere). */
  counters: Counters;
  supportChannels: RecordStore<SupportChannel>;
  notifier: Notifier;
  supportMembers: SupportMembership;
  audit: CaseAuditRecorder;
  /** The webhook outbox; omit when no webhook is configured. */
  events?: CaseEventSink;
  /** Writes knowledge proposals made at resolution; omit to refuse proposals with a warning. */
  proposals?: ProposalWriter;
  clock: () => Date;
  newId: () => string;
}

/** Settings (from config.escalation). */
export interface EscalationOptions {
  /** Entra object ids (or channel ids) of people allowed to register the support channel. */
  adminIds: readonly string[];
  /** How long a case may wait untaken before the support channel is reminded (and again after each reminder). */
  reminderAfterInMs: number;
  /** Case number prefix; default `KV`. */
  numberPrefix?: string;
  /** First case number; default 1001. */
  firstNumber?: number;
  /** How many of the user's recent messages a packet keeps; default 10. */
  maxPacketMessages?: number;
  /** Retry policy of case updates (tests shorten it); default: the shared policy. */
  update?: UpdateRecordOptions;
}

/** A successful action: the case as stored, and side effects that failed (for the log). */
export interface CaseSuccess {
  ok: true;
  case: Case;
  warnings: string[];
}

/** What every case action returns. */
export type CaseOutcome = CaseSuccess | CaseRefusal;

/** What `open()` needs. */
export interface OpenCaseInput {
  trigger: CaseTrigger;
  requester: CasePerson;
  packet: CasePacket;
  /** The user's own choice; overrides the suggestion. */
  priority?: CasePriority;
  /** The user's conversation reference (opaque JSON from the bot). */
  userConversation?: unknown;
}

/** Key prefix of case records in the cases store (`kvbot report` reads them too). */
export const CASE_KEY_PREFIX = 'cases/';
const COUNTER_KEY = 'counters/case-number';
const SUPPORT_CHANNEL_KEY = 'support-channel/current';

type Change = TransitionResult | { ok: true; case: Case; event?: undefined };

function isPerson(p: unknown): p is CasePerson {
  const o = p as CasePerson | null;
  return (
    typeof o === 'object' && o !== null && typeof o.id === 'string' && o.id.trim() !== '' && typeof o.name === 'string'
  );
}

/** Oldest first; cases opened in the same millisecond by number. */
function byAge(a: Case, b: Case): number {
  return (
    a.createdAt.localeCompare(b.createdAt) ||
    Number(/\d+$/.exec(a.number)?.[0] ?? 0) - Number(/\d+$/.exec(b.number)?.[0] ?? 0)
  );
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Case lifecycle operations for dialogs, cards and the reminder timer. */
export class EscalationService {
  private readonly prefix: string;
  private readonly firstNumber: number;
  private readonly maxMessages: number;

  constructor(
    private readonly ports: EscalationPorts,
    private readonly options: EscalationOptions,
  ) {
    this.prefix = options.numberPrefix ?? 'KV';
    this.firstNumber = options.firstNumber ?? 1001;
    this.maxMessages = options.maxPacketMessages ?? 10;
  }

  /**
   * Opens a case, posts it to the support channel and tells the user. The case is stored before
   * anything else happens; a missing support channel or an unreachable Teams only add warnings
   * (the reminder timer retries the post).
   */
  async open(input: OpenCaseInput): Promise<CaseOutcome> {
    if (!input || !CASE_TRIGGERS.includes(input.trigger))
      return refuse('invalid-input', `Unknown escalation trigger; expected one of ${CASE_TRIGGERS.join(', ')}.`);
    if (!isPerson(input.requester)) return refuse('invalid-input', 'The requester needs an id and a name.');
    if (input.priority !== undefined && !CASE_PRIORITIES.includes(input.priority))
      return refuse('invalid-input', `Priority must be one of ${CASE_PRIORITIES.join(', ')}.`);
    const packet = this.normalisePacket(input.packet);
    const now = this.now();
    const suggestion = suggestPriority({ texts: packet.messages.map((m) => m.text), vault: packet.vault });
    const number = `${this.prefix}-${await this.nextNumber()}`;
    const id = this.ports.newId();
    if (!KEY_SEGMENT_ID.test(id))
      throw new Error(`The id generator produced "${id}", which is not a valid record key segment.`);
    const opened: Case = {
      id,
      number,
      version: 1,
      status: 'open',
      priority: input.priority ?? suggestion.priority,
      suggestedPriority: suggestion.priority,
      priorityReasons: suggestion.reasons,
      trigger: input.trigger,
      requester: { ...input.requester },
      packet,
      events: [{ at: now, type: 'opened', actor: { ...input.requester }, text: input.trigger }],
      conversations: input.userConversation === undefined ? {} : { user: input.userConversation },
      reminderDueAt: this.later(now),
      createdAt: now,
      updatedAt: now,
    };
    await this.ports.cases.put(CASE_KEY_PREFIX + id, opened, { ifNoneMatch: '*' });
    const warnings: string[] = [];
    await this.record(warnings, opened, 'opened', input.requester, {
      trigger: opened.trigger,
      priority: opened.priority,
    });
    const posted = await this.postToSupport(opened, warnings);
    const current = posted ?? opened;
    const noSupportChannel = posted === undefined && (await this.getSupportChannel()) === undefined;
    await this.tellUser(warnings, current, {
      kind: 'opened',
      caseNumber: number,
      priority: current.priority,
      supportReached: posted !== undefined,
      ...(noSupportChannel ? { noSupportChannel } : {}),
    });
    return { ok: true, case: current, warnings };
  }

  /** An engineer takes the case; the user is told who is on it. Only support members may. */
  async take(caseId: string, engineer: CasePerson): Promise<CaseOutcome> {
    return this.supportAction(
      caseId,
      engineer,
      (c, now) => takeCase(c, engineer, now),
      async (c, w) => {
        await this.tellUser(w, c, { kind: 'taken', caseNumber: c.number, engineer });
        await this.refreshCard(w, c);
      },
    );
  }

  /** The assigned engineer's message reaches the user through the bot. */
  async reply(caseId: string, engineer: CasePerson, text: string): Promise<CaseOutcome> {
    return this.supportAction(
      caseId,
      engineer,
      (c, now) => engineerReply(c, engineer, text, now),
      async (c, w) => {
        await this.tellUser(w, c, { kind: 'reply', caseNumber: c.number, engineer, text: text.trim() });
      },
    );
  }

  /** The requester adds to the case; it goes to the case thread in the support channel. */
  async userReply(caseId: string, user: CasePerson, text: string): Promise<CaseOutcome> {
    return this.action(
      caseId,
      user,
      (c, now) => userReply(c, user, text, now),
      async (c, w) => {
        await this.tellSupport(w, c, { kind: 'user-reply', caseNumber: c.number, user, text: text.trim() });
      },
    );
  }

  /**
   * Resolves the case; the user is told and asked whether it helped. With a proposal, the answer
   * is also written as a proposed KB entry (or an alternate phrasing) for review.
   */
  async resolve(
    caseId: string,
    engineer: CasePerson,
    note: string,
    proposal?: KnowledgeProposal,
  ): Promise<CaseOutcome> {
    return this.supportAction(
      caseId,
      engineer,
      (c, now) => resolveCase(c, engineer, note, now),
      async (c, w) => {
        let current = c;
        if (proposal) {
          const file = await this.writeProposal(w, c, engineer, proposal);
          if (file) {
            const patched = await this.mutate(c.id, (x) =>
              x.resolution
                ? { ok: true, case: { ...x, resolution: { ...x.resolution, proposalFile: file } } }
                : refuse('not-resolved', 'The case was reopened meanwhile.', x),
            );
            if (patched.ok) current = patched.case;
            else w.push(`The proposal ${file} was written but not linked to ${c.number}: ${patched.message}`);
          }
        }
        await this.tellUser(w, current, {
          kind: 'resolved',
          caseNumber: current.number,
          engineer,
          note: note.trim(),
          askRating: true,
        });
        await this.refreshCard(w, current);
        return current;
      },
    );
  }

  /** Reopens a resolved case (its requester or a support member); it goes back to the queue. */
  async reopen(caseId: string, actor: CasePerson, reason?: string): Promise<CaseOutcome> {
    if (!isPerson(actor)) return refuse('invalid-input', 'The actor needs an id and a name.');
    const support = await this.ports.supportMembers.isSupportMember(actor);
    return this.action(
      caseId,
      actor,
      (c, now) => reopenCase(c, actor, support, reason, now, this.later(now)),
      async (c, w) => {
        const text = c.events[c.events.length - 1]?.text;
        await this.tellSupport(
          w,
          c,
          text
            ? { kind: 'reopened', caseNumber: c.number, by: actor, reason: text }
            : { kind: 'reopened', caseNumber: c.number, by: actor },
        );
        await this.tellUser(w, c, { kind: 'reopened', caseNumber: c.number, by: actor });
        await this.refreshCard(w, c);
      },
    );
  }

  /** The requester's 👍/👎 on the resolution; it is shown in the case thread. */
  async rate(caseId: string, user: CasePerson, helpful: boolean): Promise<CaseOutcome> {
    return this.action(
      caseId,
      user,
      (c, now) => rateCase(c, user, helpful, now),
      async (c, w) => {
        await this.tellSupport(w, c, { kind: 'rated', caseNumber: c.number, helpful });
      },
    );
  }

  /** A support member changes the case's priority. */
  async setPriority(caseId: string, engineer: CasePerson, priority: CasePriority): Promise<CaseOutcome> {
    return this.supportAction(
      caseId,
      engineer,
      (c, now) => changePriority(c, engineer, priority, now),
      async (c, w) => {
        await this.refreshCard(w, c);
      },
    );
  }

  /** One case by id, or undefined. */
  async get(caseId: string): Promise<Case | undefined> {
    if (typeof caseId !== 'string' || !KEY_SEGMENT_ID.test(caseId)) return undefined;
    return (await this.ports.cases.get(CASE_KEY_PREFIX + caseId))?.value;
  }

  /** One case by its number (`KV-1042`, `kv-1042` or `1042`), or undefined. */
  async findByNumber(number: string): Promise<Case | undefined> {
    const digits = /(\d+)\s*$/.exec(String(number))?.[1];
    if (!digits) return undefined;
    const wanted = `${this.prefix}-${Number(digits)}`;
    return (await this.ports.cases.query({ index: CASE_BY_NUMBER, equals: wanted, limit: 1 }))[0]?.value;
  }

  /** "My cases": the person's cases (by Entra object id, else channel id: {@link requesterKeyOf}), newest first. */
  async listForUser(person: { id: string; aadObjectId?: string }): Promise<Case[]> {
    const rows = await this.ports.cases.query({ index: CASE_BY_REQUESTER, equals: requesterKeyOf(person) });
    return rows.map((r) => r.value).sort((a, b) => byAge(b, a));
  }

  /** Cases not yet resolved, most urgent then oldest first: the support queue. */
  async listActive(): Promise<Case[]> {
    const rank = (p: CasePriority): number => CASE_PRIORITIES.length - CASE_PRIORITIES.indexOf(p);
    return (await this.ports.cases.query({ index: CASE_BY_ACTIVE_STATUS }))
      .map((r) => r.value)
      .sort((a, b) => rank(a.priority) - rank(b.priority) || byAge(a, b));
  }

  /** Untaken cases whose reminder is due at `now`, oldest first (the due-time index: only those). */
  async dueReminders(now: Date = this.ports.clock()): Promise<Case[]> {
    const t = now.getTime();
    // The index holds ISO times; the filter re-checks with Date.parse for values written in another format.
    return (await this.ports.cases.query({ index: CASE_BY_REMINDER_DUE, atMost: now.toISOString() }))
      .map((r) => r.value)
      .filter((c) => isWaiting(c) && c.reminderDueAt !== undefined && Date.parse(c.reminderDueAt) <= t)
      .sort(byAge);
  }

  /**
   * Records a reminder and pushes the next one out by `reminderAfterInMs`. Refused with `not-due`
   * when another instance reminded first or someone took the case, so each reminder goes out once.
   */
  async markReminded(caseId: string): Promise<CaseOutcome> {
    return this.action(
      caseId,
      BOT_ACTOR,
      (c, now) => remindCase(c, now, this.later(now)),
      async () => undefined,
    );
  }

  /**
   * The reminder timer's job: for each due case, mark it reminded and nudge the support channel
   * (in the case thread, or by posting the case if it never reached the channel). Returns the
   * cases reminded.
   */
  async runReminders(): Promise<{ reminded: Case[]; warnings: string[] }> {
    const reminded: Case[] = [];
    const warnings: string[] = [];
    for (const due of await this.dueReminders()) {
      const marked = await this.markReminded(due.id);
      if (!marked.ok) continue;
      warnings.push(...marked.warnings);
      let c = marked.case;
      if (c.conversations.supportThread === undefined) c = (await this.postToSupport(c, warnings)) ?? c;
      else await this.tellSupport(warnings, c, { kind: 'reminder', caseNumber: c.number, waitingSince: c.createdAt });
      reminded.push(c);
    }
    return { reminded, warnings };
  }

  /** Registers the channel new cases go to. Only configured admins may; stored durably. */
  async registerSupportChannel(
    reference: unknown,
    actor: CasePerson,
  ): Promise<{ ok: true; channel: SupportChannel } | CaseRefusal> {
    if (!isPerson(actor)) return refuse('invalid-input', 'The actor needs an id and a name.');
    const admin = this.options.adminIds.some((id) => id === actor.id || id === actor.aadObjectId);
    if (!admin) {
      await this.auditQuietly({ at: this.now(), type: 'case.support-channel-refused', actor });
      return refuse('not-admin', 'Only bot admins (KVBOT_ADMIN_IDS) can register the support channel.');
    }
    if (typeof reference !== 'object' || reference === null)
      return refuse('invalid-input', 'The support channel reference is missing.');
    const channel: SupportChannel = { reference, registeredBy: { ...actor }, registeredAt: this.now() };
    await this.ports.supportChannels.put(SUPPORT_CHANNEL_KEY, channel);
    await this.auditQuietly({ at: channel.registeredAt, type: 'case.support-channel-registered', actor });
    return { ok: true, channel };
  }

  /** The registered support channel, if any. */
  async getSupportChannel(): Promise<SupportChannel | undefined> {
    return (await this.ports.supportChannels.get(SUPPORT_CHANNEL_KEY))?.value;
  }

  // --- internals -------------------------------------------------------------------------------

  private now(): string {
    return this.ports.clock().toISOString();
  }

  private later(now: string): string {
    return new Date(Date.parse(now) + this.options.reminderAfterInMs).toISOString();
  }

  private normalisePacket(packet: CasePacket | undefined): CasePacket {
    const source = typeof packet === 'object' && packet !== null ? packet : { messages: [] };
    const messages = (Array.isArray(source.messages) ? source.messages : [])
      .filter((m) => m && typeof m.text === 'string')
      .map((m) => ({ at: String(m.at ?? ''), text: m.text.slice(0, MAX_CASE_TEXT_LENGTH) }))
      .slice(-this.maxMessages);
    return { ...source, messages };
  }

  /** Allocates the next case number; the counter port makes it unique across instances. */
  private nextNumber(): Promise<number> {
    return this.ports.counters.next(COUNTER_KEY, this.firstNumber);
  }

  /** Reads, applies, writes with If-Match through `updateRecord`; re-reads and re-applies on a lost race. */
  private async mutate(
    caseId: string,
    apply: (c: Case, now: string) => Change,
  ): Promise<{ ok: true; case: Case; event?: CaseEvent } | CaseRefusal> {
    if (typeof caseId !== 'string' || !KEY_SEGMENT_ID.test(caseId))
      return refuse('not-found', `There is no case "${String(caseId)}".`);
    type Outcome = { ok: true; case: Case; event?: CaseEvent } | CaseRefusal;
    try {
      return await updateRecord<Case, Outcome>(
        this.ports.cases,
        CASE_KEY_PREFIX + caseId,
        (stored) => {
          if (!stored) return { result: refuse('not-found', `There is no case "${caseId}".`) };
          const now = this.now();
          const change = apply(stored.value, now);
          if (!change.ok) return { result: change };
          const next: Case = { ...change.case, version: stored.value.version + 1, updatedAt: now };
          return {
            write: next,
            result: change.event ? { ok: true, case: next, event: change.event } : { ok: true, case: next },
          };
        },
        this.options.update,
      );
    } catch (e) {
      if (!isUpdateConflictError(e)) throw e;
      return refuse('conflict', `The case ${caseId} kept changing while we tried to update it; try again.`);
    }
  }

  /** A lifecycle action by anyone: CAS, audit, webhook, then the action's own side effects. */
  private async action(
    caseId: string,
    actor: CasePerson,
    apply: (c: Case, now: string) => TransitionResult,
    after: (c: Case, warnings: string[]) => Promise<Case | void>,
  ): Promise<CaseOutcome> {
    if (!isPerson(actor)) return refuse('invalid-input', 'The actor needs an id and a name.');
    const result = await this.mutate(caseId, apply);
    if (!result.ok) {
      if (result.reason !== 'not-found') {
        await this.auditQuietly({
          at: this.now(),
          type: 'case.refused',
          actor,
          caseId,
          caseNumber: result.case?.number,
          details: { reason: result.reason },
        });
      }
      return result;
    }
    const warnings: string[] = [];
    const type = result.event?.type ?? 'changed';
    await this.record(warnings, result.case, type, actor, result.event?.text ? { text: result.event.text } : undefined);
    const final = (await after(result.case, warnings)) ?? result.case;
    return { ok: true, case: final, warnings };
  }

  /** Like `action`, for things only support members may do. */
  private async supportAction(
    caseId: string,
    engineer: CasePerson,
    apply: (c: Case, now: string) => TransitionResult,
    after: (c: Case, warnings: string[]) => Promise<Case | void>,
  ): Promise<CaseOutcome> {
    if (!isPerson(engineer)) return refuse('invalid-input', 'The engineer needs an id and a name.');
    if (!(await this.ports.supportMembers.isSupportMember(engineer))) {
      const current = await this.get(caseId);
      await this.auditQuietly({
        at: this.now(),
        type: 'case.refused',
        actor: engineer,
        caseId: current?.id,
        caseNumber: current?.number,
        details: { reason: 'not-support-member' },
      });
      return refuse('not-support-member', 'Only members of the support channel can work on cases.', current);
    }
    return this.action(caseId, engineer, apply, after);
  }

  /** Audit + webhook for one event. */
  private async record(
    warnings: string[],
    c: Case,
    type: string,
    actor: CasePerson,
    details?: Record<string, unknown>,
  ): Promise<void> {
    const at = c.updatedAt;
    try {
      await this.ports.audit(
        details
          ? { at, type: `case.${type}`, actor, caseId: c.id, caseNumber: c.number, details }
          : { at, type: `case.${type}`, actor, caseId: c.id, caseNumber: c.number },
      );
    } catch (e) {
      warnings.push(`Audit record for ${c.number} ${type} failed: ${describe(e)}`);
    }
    if (!this.ports.events) return;
    try {
      await this.ports.events.publish({ event: `case.${type}`, at, case: summariseCase(c) });
    } catch (e) {
      warnings.push(`Webhook outbox for ${c.number} ${type} failed: ${describe(e)}`);
    }
  }

  private async auditQuietly(record: Parameters<CaseAuditRecorder>[0]): Promise<void> {
    try {
      await this.ports.audit(record);
    } catch {
      // A refusal's audit record is best effort: the refusal itself is returned to the caller.
    }
  }

  /** Posts the case to the support channel and stores the thread reference; undefined when it could not. */
  private async postToSupport(c: Case, warnings: string[]): Promise<Case | undefined> {
    const channel = await this.getSupportChannel();
    if (!channel) {
      warnings.push(`No support channel is registered, so ${c.number} waits until an admin registers one.`);
      return undefined;
    }
    let thread: unknown;
    try {
      thread = await this.ports.notifier.postToSupport(c, channel);
    } catch (e) {
      warnings.push(`Posting ${c.number} to the support channel failed: ${describe(e)}`);
      return undefined;
    }
    const stored = await this.mutate(c.id, (x, now) => {
      const ev = { at: now, type: 'posted-to-support' as const, actor: BOT_ACTOR };
      return {
        ok: true,
        case: { ...x, conversations: { ...x.conversations, supportThread: thread ?? null }, events: [...x.events, ev] },
        event: ev,
      };
    });
    return stored.ok ? stored.case : undefined;
  }

  private async tellUser(warnings: string[], c: Case, notice: UserNotice): Promise<void> {
    try {
      await this.ports.notifier.notifyUser(c, notice);
    } catch (e) {
      warnings.push(`Telling the user about ${c.number} (${notice.kind}) failed: ${describe(e)}`);
    }
  }

  private async tellSupport(warnings: string[], c: Case, notice: SupportNotice): Promise<void> {
    try {
      await this.ports.notifier.postToCaseThread(c, notice);
    } catch (e) {
      warnings.push(`Posting to the thread of ${c.number} (${notice.kind}) failed: ${describe(e)}`);
    }
  }

  private async refreshCard(warnings: string[], c: Case): Promise<void> {
    const channel = await this.getSupportChannel();
    if (!channel || c.conversations.supportThread === undefined) return;
    try {
      await this.ports.notifier.updateSupportCard(c, channel);
    } catch (e) {
      warnings.push(`Updating the support card of ${c.number} failed: ${describe(e)}`);
    }
  }

  private async writeProposal(
    warnings: string[],
    c: Case,
    engineer: CasePerson,
    proposal: KnowledgeProposal,
  ): Promise<string | undefined> {
    if (!this.ports.proposals) {
      warnings.push('Knowledge proposals are not enabled, so the proposal was not saved.');
      return undefined;
    }
    try {
      return await this.ports.proposals.write(proposal, { caseNumber: c.number, engineer, at: c.updatedAt });
    } catch (e) {
      warnings.push(`Saving the knowledge proposal for ${c.number} failed: ${describe(e)}`);
      return undefined;
    }
  }
}
