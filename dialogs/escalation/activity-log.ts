/**
 * The per-conversation recent-activity log (ConversationState, bounded): the user's last
 * messages, the FAQ's last matches with scores, and what triage, probes and fixes contributed.
 * The main dialog appends to it every turn (through its `observers`), and other dialogs add their
 * evidence through the escalation facade, so a case packet is complete without asking the user
 * to start again. It also remembers the FAQ outcomes (for "unanswered twice") and the cases opened
 * from this conversation (for relaying the user's messages to the engineer).
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type {
  CasePacket,
  PacketFaqMatch,
  PacketFixPlan,
  PacketMessage,
  PacketProbeResult,
} from '../../src/core/escalation/case-types.js';
import { recordOutcome, type FaqOutcome } from '../../src/core/escalation/unanswered-tracker.js';
import type { FaqMatchResult } from '../../src/core/knowledge/faq-types.js';
import { extractVault } from '../../src/core/triage/extract-vault.js';

/** Evidence other dialogs add to the packet (every field optional). */
export interface PacketParts {
  triage?: unknown;
  probeResult?: PacketProbeResult;
  fixPlan?: PacketFixPlan;
  vault?: CasePacket['vault'];
  correlationId?: string;
  note?: string;
}

/** What the conversation keeps for escalation (one ConversationState property). */
export interface EscalationConversationData {
  messages?: PacketMessage[];
  faqMatches?: PacketFaqMatch[];
  triage?: unknown;
  probeResults?: PacketProbeResult[];
  fixPlans?: PacketFixPlan[];
  vault?: CasePacket['vault'];
  correlationIds?: string[];
  notes?: string[];
  outcomes?: FaqOutcome[];
  /** Ids of cases opened from this conversation, newest last. */
  caseIds?: string[];
  /** Cases whose relay the user switched off with "done". */
  relayOff?: string[];
}

/** Bounds that keep conversation state small. */
export const ACTIVITY_LOG_LIMITS = Object.freeze({
  messages: 10,
  faqMatches: 5,
  probeResults: 5,
  fixPlans: 5,
  correlationIds: 10,
  notes: 5,
  caseIds: 10,
});

const MAX_TEXT = 2000;
// A plain vault name in a sentence ("in kv-payments"): the kv- convention most teams use. Not
// "KV-1042": digits alone after kv- are a case number (the default case prefix is KV).
const KV_NAME = /\b(kv-(?![0-9]+\b)[a-z0-9-]{1,21})\b/i;

function keep<T>(list: readonly T[] | undefined, item: T, limit: number): T[] {
  return [...(list ?? []), item].slice(-limit);
}

/** Reads and appends to the recent-activity log of the turn's conversation. */
export class ActivityLog {
  /**
   * @param state the conversation's escalation property
   * @param persist writes the property's state through (the escalation state is its own BotState,
   *   so the bot's end-of-turn save of ConversationState does not cover it)
   */
  constructor(
    private readonly state: StatePropertyAccessor<EscalationConversationData>,
    private readonly persist: (context: TurnContext) => Promise<void> = async () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The conversation's data (a live object: change it, then call `save`). */
  async data(context: TurnContext): Promise<EscalationConversationData> {
    return this.state.get(context, {});
  }

  /** Writes changed data back (the bot saves conversation state at the end of the turn). */
  async save(context: TurnContext, data: EscalationConversationData): Promise<void> {
    await this.state.set(context, data);
    await this.persist(context);
  }

  /** Appends one of the user's messages, with the activity id as a correlation id. */
  async recordText(context: TurnContext, text: string): Promise<void> {
    const data = await this.data(context);
    data.messages = keep(
      data.messages,
      { at: this.now().toISOString(), text: text.slice(0, MAX_TEXT) },
      ACTIVITY_LOG_LIMITS.messages,
    );
    const activityId = context.activity.id;
    if (activityId && !(data.correlationIds ?? []).includes(activityId))
      data.correlationIds = keep(data.correlationIds, activityId, ACTIVITY_LOG_LIMITS.correlationIds);
    const vault = extractVault(text).vault ?? KV_NAME.exec(text)?.[1];
    if (vault) data.vault = { ...(data.vault?.name === vault ? data.vault : {}), name: vault };
    await this.save(context, data);
  }

  /** Records the FAQ's matches and the outcome; returns the outcomes so far (oldest first). */
  async recordFaq(context: TurnContext, result: FaqMatchResult): Promise<FaqOutcome[]> {
    const data = await this.data(context);
    const candidates = result.answer
      ? [result.answer, ...result.suggestions.filter((s) => s.id !== result.answer?.id)]
      : result.suggestions;
    // Newest question's matches first; an entry seen before keeps only its latest score.
    const fresh = candidates.map((c) => ({ id: c.id, question: c.question, score: c.score }));
    const older = (data.faqMatches ?? []).filter((m) => !fresh.some((f) => f.id === m.id));
    data.faqMatches = [...fresh, ...older].slice(0, ACTIVITY_LOG_LIMITS.faqMatches);
    const outcome: FaqOutcome = result.kind === 'answer' ? 'answered' : result.kind === 'none' ? 'unanswered' : 'other';
    data.outcomes = recordOutcome(data.outcomes ?? [], outcome);
    await this.save(context, data);
    return data.outcomes;
  }

  /** Adds evidence from triage, probes, fixes and approvals. */
  async add(context: TurnContext, parts: PacketParts): Promise<void> {
    const data = await this.data(context);
    if (parts.triage !== undefined) data.triage = parts.triage;
    if (parts.probeResult)
      data.probeResults = keep(data.probeResults, parts.probeResult, ACTIVITY_LOG_LIMITS.probeResults);
    if (parts.fixPlan) data.fixPlans = keep(data.fixPlans, parts.fixPlan, ACTIVITY_LOG_LIMITS.fixPlans);
    if (parts.vault) data.vault = parts.vault;
    if (parts.correlationId)
      data.correlationIds = keep(data.correlationIds, parts.correlationId, ACTIVITY_LOG_LIMITS.correlationIds);
    if (parts.note) data.notes = keep(data.notes, parts.note.slice(0, MAX_TEXT), ACTIVITY_LOG_LIMITS.notes);
    await this.save(context, data);
  }

  /** Forgets the FAQ outcomes (after an offer, so it is not repeated at once). */
  async resetOutcomes(context: TurnContext): Promise<void> {
    const data = await this.data(context);
    data.outcomes = [];
    await this.save(context, data);
  }

  /** Remembers a case opened from this conversation. */
  async rememberCase(context: TurnContext, caseId: string): Promise<void> {
    const data = await this.data(context);
    data.caseIds = keep(
      (data.caseIds ?? []).filter((id) => id !== caseId),
      caseId,
      ACTIVITY_LOG_LIMITS.caseIds,
    );
    await this.save(context, data);
  }

  /** The case packet from everything logged, plus the tenant and the turn's ids. */
  async packet(context: TurnContext): Promise<CasePacket> {
    const data = await this.data(context);
    const a = context.activity;
    const tenantId =
      (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation?.tenantId;
    const correlationIds = [...(data.correlationIds ?? [])];
    if (a.id && !correlationIds.includes(a.id)) correlationIds.push(a.id);
    if (a.conversation?.id) correlationIds.push(`conversation:${a.conversation.id}`);
    const packet: CasePacket = { messages: [...(data.messages ?? [])], correlationIds };
    if (data.faqMatches?.length) packet.faqMatches = data.faqMatches;
    if (data.triage !== undefined) packet.triage = data.triage;
    if (data.probeResults?.length) packet.probeResults = data.probeResults;
    if (data.fixPlans?.length) packet.fixPlans = data.fixPlans;
    if (data.vault) packet.vault = data.vault;
    if (tenantId) packet.tenantId = tenantId;
    if (data.notes?.length) packet.note = data.notes.join('\n');
    return packet;
  }
}
