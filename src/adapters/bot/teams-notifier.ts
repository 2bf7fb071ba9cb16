/**
 * The escalation core's Notifier for Teams, over proactive messaging with stored references:
 *
 * - the user is reached through the reference of the conversation they opened the case in;
 * - a new case is posted to the registered support conversation: in a Teams channel, a message
 *   to the channel's own id starts a new thread, whose id is `<channel>;messageid=<card id>`; in a
 *   group chat (no threads) the chat itself is the case's "thread";
 * - the case card is updated in place (updateActivity with the stored card activity id).
 *
 * Everything needed lives in the case record and the support channel record, so after a restart
 * both sides are still reachable. Failures throw; the core records them as warnings.
 */
import type { Case } from '../../core/escalation/case-types.js';
import type { Notifier, SupportChannel, SupportNotice, UserNotice } from '../../core/escalation/escalation-ports.js';
import {
  channelIdOf,
  isCaseThreadReference,
  isSupportChannelReference,
  type CaseThreadReference,
  type SupportChannelReference,
} from '../../../dialogs/escalation/support-references.js';
import {
  supportCaseCard,
  supportNoticeText,
  userNoticeActivity,
} from '../../../dialogs/escalation/teams-escalation-cards.js';
import type { ProactiveMessenger } from '../../../dialogs/proactive-messenger.js';

/** A stored reference is missing or malformed (e.g. a record edited by hand). Checked by name. */
export class MissingReferenceError extends Error {
  override readonly name = 'MissingReferenceError';
  constructor(
    readonly caseNumber: string,
    what: string,
  ) {
    super(`${caseNumber}: no usable conversation reference for ${what}.`);
  }
}

function supportOf(channel: SupportChannel, caseNumber: string): SupportChannelReference {
  if (!isSupportChannelReference(channel.reference)) throw new MissingReferenceError(caseNumber, 'the support channel');
  return channel.reference;
}

function threadOf(c: Case): CaseThreadReference {
  if (!isCaseThreadReference(c.conversations.supportThread))
    throw new MissingReferenceError(c.number, 'the case thread');
  return c.conversations.supportThread;
}

/** Notifier over the ProactiveMessenger. */
export class TeamsNotifier implements Notifier {
  constructor(private readonly sender: Pick<ProactiveMessenger, 'send' | 'update'>) {}

  async notifyUser(c: Case, notice: UserNotice): Promise<void> {
    const reference = c.conversations.user as CaseThreadReference['reference'] | undefined;
    if (!reference?.conversation?.id) throw new MissingReferenceError(c.number, 'the user');
    await this.sender.send(reference, userNoticeActivity(c, notice));
  }

  async postToSupport(c: Case, channel: SupportChannel): Promise<unknown> {
    const support = supportOf(channel, c.number);
    const base = {
      ...support.reference,
      conversation: { ...support.reference.conversation!, id: channelIdOf(support.reference.conversation!.id) },
    };
    const cardActivityId = await this.sender.send(base, { attachments: [supportCaseCard(c)] });
    if (!cardActivityId)
      throw new Error(`Teams did not return an id for the card of ${c.number}, so it could not be updated later.`);
    const reference =
      support.kind === 'channel'
        ? { ...base, conversation: { ...base.conversation, id: `${base.conversation.id};messageid=${cardActivityId}` } }
        : base;
    const thread: CaseThreadReference = { reference, cardActivityId };
    return thread;
  }

  async updateSupportCard(c: Case, _channel: SupportChannel): Promise<void> {
    const thread = threadOf(c);
    await this.sender.update(thread.reference, thread.cardActivityId, { attachments: [supportCaseCard(c)] });
  }

  async postToCaseThread(c: Case, notice: SupportNotice): Promise<void> {
    const thread = threadOf(c);
    await this.sender.send(thread.reference, { text: supportNoticeText(c, notice) });
  }
}
