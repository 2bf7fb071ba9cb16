/**
 * A `BotFrameworkAuthentication` for the CloudAdapter whose inbound token check is
 * {@link ChannelTokenValidator} (bounded key fetches, never an exception other than 401), while
 * outbound calls (connector clients, user tokens) stay with botbuilder's
 * `ConfigurationBotFrameworkAuthentication`. Only channel tokens are accepted: the bot is not a
 * skill and is not called by the Bot Framework Emulator with credentials.
 */
import { CallerIdConstants, type Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { ChannelTokenValidator } from './token-validator.js';

/** Inbound: {@link ChannelTokenValidator}; outbound: the wrapped authentication. */
export class BoundedBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly validator: ChannelTokenValidator,
    private readonly outbound: BotFrameworkAuthentication,
  ) {
    super();
  }

  /** Validates the channel token; throws AuthenticationError (401) with a generic message when it is not valid. */
  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const verdict = await this.validator.validate(authHeader, {
      channelId: activity.channelId,
      serviceUrl: activity.serviceUrl,
    });
    if (!verdict.ok) throw new AuthenticationError('Unauthorized.', 401);
    const claimsIdentity = new ClaimsIdentity(
      Object.entries(verdict.claims).map(([type, value]) => ({ type, value: value as string })),
      true,
    );
    return {
      audience: this.getOriginatingAudience(),
      callerId: CallerIdConstants.PublicAzureChannel,
      claimsIdentity,
      connectorFactory: this.outbound.createConnectorFactory(claimsIdentity),
    };
  }

  /** Streaming (named pipes, web sockets) is not served by this bot. */
  async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new AuthenticationError('Unauthorized.', 401);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.outbound.createConnectorFactory(claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.outbound.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.outbound.createBotFrameworkClient();
  }

  /** Replies go to the public Bot Framework (ConfigurationBotFrameworkAuthentication does not expose its scope). */
  override getOriginatingAudience(): string {
    return AuthenticationConstants.ToChannelFromBotOAuthScope;
  }

  /** Skill calls are not accepted. */
  override async authenticateChannelRequest(): Promise<ClaimsIdentity> {
    throw new AuthenticationError('Unauthorized.', 401);
  }
}
