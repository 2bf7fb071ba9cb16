/**
 * A fixed-token credential for the emulator (sandbox and emulator modes): the emulator accepts
 * any bearer token, and a real credential would try to reach Entra ID.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** A TokenCredential that always returns the same token, valid for an hour from each call. */
export function staticCredential(token = 'kvbot-emulator-token'): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}
