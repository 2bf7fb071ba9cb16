/**
 * The ProactiveMessenger port (dialogs/proactive-messenger.ts) over a Bot Framework
 * CloudAdapter: every call is `continueConversationAsync(botAppId, reference, logic)`.
 */
import type { Activity, BotAdapter, ChannelAccount, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { BotAuthConfig } from '../../config.js';
import type { ProactiveMessenger, StoredReference } from '../../../dialogs/proactive-messenger.js';
import { createCloudAdapter } from './cloud-adapter.js';

/** The slice of CloudAdapter this needs (the real adapter, or a test double). */
export interface ContinuingAdapter extends Pick<BotAdapter, 'ConnectorClientKey'> {
  continueConversationAsync(
    botAppId: string,
    reference: StoredReference,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/** ProactiveMessenger over a CloudAdapter. */
export class CloudProactiveMessenger implements ProactiveMessenger {
  /** @param botAppId MicrosoftAppId ('' in anonymous local mode). */
  constructor(
    private readonly adapter: ContinuingAdapter,
    private readonly botAppId: string,
  ) {}

  async send(reference: StoredReference, activity: Partial<Activity>): Promise<string | undefined> {
    let id: string | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      id = (await context.sendActivity(activity))?.id || undefined;
    });
    return id;
  }

  async update(reference: StoredReference, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      await context.updateActivity({
        ...activity,
        id: activityId,
        type: activity.type ?? 'message',
        conversation: context.activity.conversation,
      });
    });
  }

  async continue(reference: StoredReference, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.adapter.continueConversationAsync(this.botAppId, reference, logic);
  }

  async members(reference: StoredReference): Promise<ChannelAccount[]> {
    let members: ChannelAccount[] = [];
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      const client = context.turnState.get<ConnectorClient>(this.adapter.ConnectorClientKey);
      const conversationId = context.activity.conversation?.id;
      if (!client || !conversationId)
        throw new Error('No connector client for the conversation; cannot read its members.');
      members = await client.conversations.getConversationMembers(conversationId);
    });
    return members;
  }
}

/** A messenger over its own CloudAdapter: proactive sends need only the bot's credentials. */
export function createProactiveMessenger(auth: BotAuthConfig): ProactiveMessenger {
  return new CloudProactiveMessenger(createCloudAdapter(auth), auth.appId ?? '');
}
