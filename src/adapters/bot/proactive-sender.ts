/**
 * Proactive messaging: send to, update in, and list the members of a conversation the bot is not
 * currently in a turn with, from a stored conversation reference. Works after a restart because
 * the references are stored (case records, support channel) and the adapter only needs the bot's
 * credentials: `continueConversationAsync(botAppId, reference, logic)`.
 */
import type { Activity, BotAdapter, ChannelAccount, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/** The port the Teams notifier and the roster check use. */
export interface ProactiveSender {
  /** Sends an activity into the referenced conversation; returns the new activity's id ('' if the channel gave none). */
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string>;
  /** Replaces an earlier activity (e.g. a card) in place. */
  update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<void>;
  /** The members of the referenced conversation (for a Teams channel: the team's roster). */
  members(reference: Partial<ConversationReference>): Promise<ChannelAccount[]>;
}

/** The slice of CloudAdapter this needs (the real adapter, or a test double). */
export interface ContinuingAdapter extends Pick<BotAdapter, 'ConnectorClientKey'> {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** ProactiveSender over a Bot Framework CloudAdapter. */
export class CloudProactiveSender implements ProactiveSender {
  /** @param botAppId MicrosoftAppId ('' in anonymous local mode). */
  constructor(private readonly adapter: ContinuingAdapter, private readonly botAppId: string) {}

  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
    let id = '';
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      id = (await context.sendActivity(activity))?.id ?? '';
    });
    return id;
  }

  async update(reference: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      await context.updateActivity({ ...activity, id: activityId, conversation: context.activity.conversation });
    });
  }

  async members(reference: Partial<ConversationReference>): Promise<ChannelAccount[]> {
    let members: ChannelAccount[] = [];
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      const client = context.turnState.get<ConnectorClient>(this.adapter.ConnectorClientKey);
      const conversationId = context.activity.conversation?.id;
      if (!client || !conversationId) throw new Error('No connector client for the conversation; cannot read its members.');
      members = await client.conversations.getConversationMembers(conversationId);
    });
    return members;
  }
}
