/**
 * Who may act on cases: the members of the registered support channel, read from its roster
 * through the Bot Connector (`GET /v3/conversations/{channel}/members`; for a Teams channel
 * Teams answers with the team's members, for a group chat with the chat's).
 *
 * Why the roster and not "the click came from the support channel": the core asks
 * `isSupportMember(person)` for every support action, including ones that do not come from the
 * channel (a reopen from a personal chat, a forwarded card, a CLI), and the roster is the one
 * answer that holds for all of them. It is cached for `ttlInMs` (default 5 min) so a busy
 * channel does not call Teams on every click; a person missing from a cache older than
 * `refreshAfterInMs` (default 30 s) triggers one re-read, so someone just added can act at once.
 * If the roster cannot be read, the answer is "no" (fail closed) and the error is logged.
 */
import type { CasePerson } from '../../core/escalation/case-types.js';
import type { SupportChannel, SupportMembership } from '../../core/escalation/escalation-ports.js';
import { isSupportChannelReference } from '../../../dialogs/escalation/support-references.js';
import type { ProactiveMessenger } from '../../../dialogs/proactive-messenger.js';

/** Options of {@link RosterSupportMembership}. */
export interface RosterMembershipOptions {
  sender: Pick<ProactiveMessenger, 'members'>;
  /** The registered support channel (read fresh, so re-registration takes effect). */
  channel: () => Promise<SupportChannel | undefined>;
  ttlInMs?: number;
  refreshAfterInMs?: number;
  clock?: () => number;
  onError?: (error: unknown) => void;
}

interface Roster {
  conversationId: string;
  ids: Set<string>;
  readAt: number;
}

/** SupportMembership from the support channel's roster, cached. */
export class RosterSupportMembership implements SupportMembership {
  private roster?: Roster;
  private readonly ttlInMs: number;
  private readonly refreshAfterInMs: number;
  private readonly clock: () => number;

  constructor(private readonly options: RosterMembershipOptions) {
    this.ttlInMs = options.ttlInMs ?? 5 * 60_000;
    this.refreshAfterInMs = options.refreshAfterInMs ?? 30_000;
    this.clock = options.clock ?? Date.now;
  }

  async isSupportMember(person: CasePerson): Promise<boolean> {
    const channel = await this.options.channel();
    if (!channel || !isSupportChannelReference(channel.reference)) return false;
    const conversationId = channel.reference.reference.conversation!.id;
    const now = this.clock();
    const has = (r: Roster): boolean =>
      r.ids.has(person.id) || (person.aadObjectId !== undefined && r.ids.has(person.aadObjectId));
    const cached = this.roster?.conversationId === conversationId ? this.roster : undefined;
    if (cached && now - cached.readAt < this.ttlInMs && (has(cached) || now - cached.readAt < this.refreshAfterInMs))
      return has(cached);
    try {
      const members = await this.options.sender.members(channel.reference.reference);
      const ids = new Set<string>();
      for (const m of members) {
        if (m.id) ids.add(m.id);
        if (m.aadObjectId) ids.add(m.aadObjectId);
      }
      this.roster = { conversationId, ids, readAt: now };
      return has(this.roster);
    } catch (e) {
      this.options.onError?.(e);
      return false;
    }
  }

  /** Forgets the cached roster (after re-registration). */
  invalidate(): void {
    this.roster = undefined;
  }
}
