/**
 * Asks a running emulator which subscriptions its fixture has (its `/_emulator/state` control
 * route), for emulator mode when no `AZURE_SUBSCRIPTION_IDS` is configured. Emulator-only.
 */
import https from 'node:https';

/** The emulator did not say which subscriptions it has. */
export class EmulatorDiscoveryError extends Error {
  override readonly name = 'EmulatorDiscoveryError';
  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Subscription ids of the emulator's tenant. */
export function discoverEmulatorSubscriptions(url: string, caPem: string, timeoutInMs = 5000): Promise<string[]> {
  const target = `${url.replace(/\/+$/, '')}/_emulator/state`;
  return new Promise((resolve, reject) => {
    const req = https.get(target, { ca: caPem, timeout: timeoutInMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            subscriptions?: { subscriptionId?: unknown }[];
          };
          const ids = (body.subscriptions ?? [])
            .map((s) => s.subscriptionId)
            .filter((s): s is string => typeof s === 'string');
          if (res.statusCode !== 200 || ids.length === 0)
            reject(
              new EmulatorDiscoveryError(
                url,
                `the emulator at ${url} listed no subscriptions (HTTP ${res.statusCode}); set AZURE_SUBSCRIPTION_IDS`,
              ),
            );
          else resolve(ids);
        } catch (e) {
          reject(
            new EmulatorDiscoveryError(
              url,
              `the emulator at ${url} answered /_emulator/state with something that is not JSON; set AZURE_SUBSCRIPTION_IDS`,
              { cause: e },
            ),
          );
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) =>
      reject(new EmulatorDiscoveryError(url, `cannot reach the emulator at ${url}: ${e.message}`, { cause: e })),
    );
  });
}
