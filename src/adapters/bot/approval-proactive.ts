/**
 * The ApprovalMessenger over the Bot Framework: proactive sends and card updates in a stored
 * conversation through `CloudAdapter.continueConversationAsync` (the same credentials as the
 * bot; anonymous in local mode).
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import type { AppConfig } from '../../config.js';
import type { StoredReference } from '../../../dialogs/approval/approval-contacts.js';
import type { ApprovalMessenger } from '../../../dialogs/approval/approval-messenger.js';

/** What continueConversationAsync needs (a CloudAdapter; tests may pass botbuilder's TestAdapter-like fake). */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: StoredReference, logic: (context: import('botbuilder').TurnContext) => Promise<void>): Promise<void>;
}

/** Builds an adapter for proactive sends from the bot's auth settings. */
export function createProactiveAdapter(auth: AppConfig['auth']): CloudAdapter {
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: auth.appId,
    MicrosoftAppPassword: auth.appPassword,
    MicrosoftAppType: auth.appType,
    MicrosoftAppTenantId: auth.tenantId,
  }));
}

/** Sends and updates activities in stored conversations. */
export class BotApprovalMessenger implements ApprovalMessenger {
  constructor(private readonly adapter: ProactiveAdapter, private readonly botAppId = '') {}

  async send(reference: StoredReference, activity: Partial<Activity>): Promise<string | undefined> {
    let id: string | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      id = (await context.sendActivity(activity))?.id;
    });
    return id;
  }

  async continue(reference: StoredReference, logic: (context: import('botbuilder').TurnContext) => Promise<void>): Promise<void> {
    await this.adapter.continueConversationAsync(this.botAppId, reference, logic);
  }

  async update(reference: StoredReference, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      await context.updateActivity({ ...activity, id: activityId, type: activity.type ?? 'message' });
    });
  }
}
