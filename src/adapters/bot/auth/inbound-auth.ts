/**
 * Wires inbound request authentication for the bot server: with an app id, a bounded channel
 * token check ({@link ChannelTokenValidator}) that the server runs before the adapter (so it can
 * answer 401 or 503 itself) and that the adapter runs again through
 * {@link BoundedBotFrameworkAuthentication}; without one, botbuilder's anonymous mode.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { BotFrameworkAuthentication, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { BotAuthConfig } from '../../../config.js';
import { BoundedBotFrameworkAuthentication } from './bounded-bot-authentication.js';
import { SigningKeyCache, type SigningKeyCacheOptions, type SigningKeyStatus } from './signing-keys.js';
import {
  BOT_FRAMEWORK_TOKEN_ISSUER,
  ChannelTokenValidator,
  type TokenContext,
  type TokenVerdict,
} from './token-validator.js';

/** Bot Framework channel OpenID metadata (public cloud). */
const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';

/** Inbound authentication as the server uses it. */
export interface InboundAuth {
  /** What the CloudAdapter is built with. */
  adapterAuth: BotFrameworkAuthentication;
  /** The pre-adapter check; undefined when authentication is disabled (no app id). */
  check?: (authorization: string | undefined, context: TokenContext) => Promise<TokenVerdict>;
  /** The signing key cache's state; undefined when authentication is disabled. */
  keyStatus?: () => SigningKeyStatus;
}

/**
 * Builds inbound authentication from the bot's auth settings. `outboundCredentials` replaces
 * botbuilder's app-password credentials for replies (tests that have no Entra to get a token from).
 */
export function createInboundAuth(
  auth: BotAuthConfig,
  keyOptions: Partial<SigningKeyCacheOptions> = {},
  outboundCredentials?: ServiceClientCredentialsFactory,
): InboundAuth {
  const metadataUrl = auth.openIdMetadataUrl ?? BOT_FRAMEWORK_OPENID_METADATA_URL;
  const issuer = auth.tokenIssuer ?? BOT_FRAMEWORK_TOKEN_ISSUER;
  const outbound = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: auth.appId,
      MicrosoftAppPassword: auth.appPassword,
      MicrosoftAppType: auth.appType,
      MicrosoftAppTenantId: auth.tenantId,
      ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
      ToBotFromChannelTokenIssuer: issuer,
    },
    outboundCredentials,
  );
  if (!auth.appId) return { adapterAuth: outbound };
  const keys = new SigningKeyCache({ ...keyOptions, metadataUrl });
  const validator = new ChannelTokenValidator({ keys, appId: auth.appId, issuer });
  return {
    adapterAuth: new BoundedBotFrameworkAuthentication(validator, outbound),
    check: (authorization, context) => validator.validate(authorization, context),
    keyStatus: () => keys.status(),
  };
}
