/**
 * The one place a Bot Framework CloudAdapter is constructed: the HTTP server's adapter and the
 * proactive messenger's adapter use the same bot credentials (anonymous when `appId` is unset,
 * for local development).
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { BotAuthConfig } from '../../config.js';

/**
 * A CloudAdapter authenticated as the bot described by `auth`. The HTTP server passes its own
 * `authentication` (the bounded inbound token check wrapped around the same credentials).
 */
export function createCloudAdapter(auth: BotAuthConfig, authentication?: BotFrameworkAuthentication): CloudAdapter {
  if (authentication) return new CloudAdapter(authentication);
  return new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: auth.appId,
      MicrosoftAppPassword: auth.appPassword,
      MicrosoftAppType: auth.appType,
      MicrosoftAppTenantId: auth.tenantId,
    }),
  );
}
