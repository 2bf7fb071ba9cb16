/**
 * CachedConnectorsAuthentication: one connector client per bot app id, service URL and audience,
 * one user-token client per app id, a bounded cache, and failures not remembered.
 */
import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { CachedConnectorsAuthentication } from '../../src/adapters/bot/auth/cached-connectors.js';

/** Counts what it builds; a client is a plain tagged object. */
class CountingAuth extends BotFrameworkAuthentication {
  connectorsMade: string[] = [];
  tokenClientsMade = 0;
  failNext = false;
  factory(appId: string): ConnectorFactory {
    return {
      create: async (serviceUrl: string, audience?: string) => {
        if (this.failNext) {
          this.failNext = false;
          throw new Error('token endpoint down');
        }
        this.connectorsMade.push(`${appId} ${serviceUrl} ${audience}`);
        return { made: this.connectorsMade.length } as unknown as ConnectorClient;
      },
    };
  }
  async authenticateRequest(): Promise<AuthenticateRequestResult> {
    const claimsIdentity = identity('bot-app');
    return { audience: 'aud', callerId: 'x', claimsIdentity, connectorFactory: this.factory('bot-app') };
  }
  async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new Error('not used');
  }
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.factory(claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? '');
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    this.tokenClientsMade++;
    return { n: this.tokenClientsMade } as unknown as UserTokenClient;
  }
}

function identity(appId: string): ClaimsIdentity {
  return new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);
}

describe('CachedConnectorsAuthentication', () => {
  it('reuses a connector client per app id, service URL and audience, across turns and factories', async () => {
    const inner = new CountingAuth();
    const auth = new CachedConnectorsAuthentication(inner);
    const turn = async (serviceUrl: string) => {
      const r = await auth.authenticateRequest({} as Activity, '');
      return r.connectorFactory!.create(serviceUrl, r.audience);
    };
    const first = await turn('https://smba.example/emea/');
    expect(await turn('https://smba.example/emea/')).toBe(first);
    const other = await turn('https://smba.example/amer/');
    expect(other).not.toBe(first);
    // The same service URL for another app id, or another audience, is another client.
    const forOtherApp = await auth
      .createConnectorFactory(identity('other-app'))
      .create('https://smba.example/emea/', 'aud');
    expect(forOtherApp).not.toBe(first);
    const otherAudience = await auth
      .createConnectorFactory(identity('bot-app'))
      .create('https://smba.example/emea/', 'x');
    expect(otherAudience).not.toBe(first);
    expect(await auth.createConnectorFactory(identity('bot-app')).create('https://smba.example/emea/', 'aud')).toBe(
      first,
    );
    expect(inner.connectorsMade).toEqual([
      'bot-app https://smba.example/emea/ aud',
      'bot-app https://smba.example/amer/ aud',
      'other-app https://smba.example/emea/ aud',
      'bot-app https://smba.example/emea/ x',
    ]);
  });

  it('reuses one user-token client per app id', async () => {
    const inner = new CountingAuth();
    const auth = new CachedConnectorsAuthentication(inner);
    const a = await auth.createUserTokenClient(identity('bot-app'));
    expect(await auth.createUserTokenClient(identity('bot-app'))).toBe(a);
    expect(await auth.createUserTokenClient(identity('other-app'))).not.toBe(a);
    expect(inner.tokenClientsMade).toBe(2);
  });

  it('does not remember a failure: the next turn builds the client again', async () => {
    const inner = new CountingAuth();
    const auth = new CachedConnectorsAuthentication(inner);
    const factory = auth.createConnectorFactory(identity('bot-app'));
    inner.failNext = true;
    await expect(factory.create('https://smba.example/', 'aud')).rejects.toThrow('token endpoint down');
    await factory.create('https://smba.example/', 'aud');
    expect(inner.connectorsMade).toHaveLength(1);
    expect(auth.cached().connectors).toBe(1);
  });

  it('keeps at most its limit, dropping the least recently used', async () => {
    const inner = new CountingAuth();
    const auth = new CachedConnectorsAuthentication(inner, 2);
    const factory = auth.createConnectorFactory(identity('bot-app'));
    const a = await factory.create('https://a.example/', 'aud');
    await factory.create('https://b.example/', 'aud');
    expect(await factory.create('https://a.example/', 'aud')).toBe(a); // a is now the most recent
    await factory.create('https://c.example/', 'aud'); // b goes
    expect(auth.cached().connectors).toBe(2);
    expect(await factory.create('https://a.example/', 'aud')).toBe(a);
    await factory.create('https://b.example/', 'aud');
    expect(inner.connectorsMade.map((s) => s.split(' ')[1])).toEqual([
      'https://a.example/',
      'https://b.example/',
      'https://c.example/',
      'https://b.example/',
    ]);
  });
});
