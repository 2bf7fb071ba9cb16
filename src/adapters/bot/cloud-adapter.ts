/**
 * The one place a Bot Framework CloudAdapter is constructed: the HTTP server's adapter and the
 * proactive messenger's adapter use the same bot credentials (anonymous when `appId` is unset,
 * for local development), and both reuse their connector clients across turns
 * ({@link CachedConnectorsAuthentication}).
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { BotAuthConfig } from '../../config.js';
import { CachedConnectorsAuthentication } from './auth/cached-connectors.js';

/**
 * A CloudAdapter authenticated as the bot described by `auth`. The HTTP server passes its own
 * `authentication` (the bounded inbound token check wrapped around the same credentials).
 */
export function createCloudAdapter(auth: BotAuthConfig, authentication?: BotFrameworkAuthentication): CloudAdapter {
  const inner =
    authentication ??
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: auth.appId,
      MicrosoftAppPassword: auth.appPassword,
      MicrosoftAppType: auth.appType,
      MicrosoftAppTenantId: auth.tenantId,
    });
  return new CloudAdapter(new CachedConnectorsAuthentication(inner));
}
