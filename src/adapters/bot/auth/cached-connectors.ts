/**
 * A `BotFrameworkAuthentication` decorator that reuses connector clients and user-token clients.
 * botbuilder's CloudAdapter asks for a new `ConnectorClient` (an HTTP pipeline with its policies,
 * serializers and credentials) and a new `UserTokenClient` on every turn; building them was a
 * measurable share of a FAQ turn (bench/storage.ts, the endpoint part). The clients hold no
 * per-turn state: the base URL, the credentials (which cache their own tokens) and options. So one
 * client per bot app id, service URL and audience is what the older BotFrameworkAdapter kept too.
 * The caches are bounded (least recently used out): without an app id anyone on loopback can name
 * any serviceUrl.
 */
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';

/** Default number of clients kept per kind. */
const DEFAULT_LIMIT = 256;

/** A small LRU of promises; a rejected promise is dropped so the next call tries again. */
class PromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  constructor(private readonly limit: number) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      // Map keeps insertion order: moving the key to the end makes the first key the least recent.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make();
    this.entries.set(key, made);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return made;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The bot app id the wrapped authentication builds credentials for (botbuilder's own rule). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** Reuses the clients the wrapped authentication creates; everything else is passed through. */
export class CachedConnectorsAuthentication extends BotFrameworkAuthentication {
  private readonly connectors: PromiseCache<ConnectorClient>;
  private readonly tokenClients: PromiseCache<UserTokenClient>;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    limit = DEFAULT_LIMIT,
  ) {
    super();
    this.connectors = new PromiseCache(limit);
    this.tokenClients = new PromiseCache(limit);
  }

  /** Connector clients and user-token clients currently kept (tests). */
  cached(): { connectors: number; tokenClients: number } {
    return { connectors: this.connectors.size, tokenClients: this.tokenClients.size };
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedFactory(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedFactory(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.cachedFactory(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private withCachedFactory(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return result.connectorFactory
      ? { ...result, connectorFactory: this.cachedFactory(result.connectorFactory, result.claimsIdentity) }
      : result;
  }

  private cachedFactory(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.connectors.get(JSON.stringify([appId, serviceUrl, audience ?? '']), () =>
          factory.create(serviceUrl, audience),
        ),
    };
  }
}
