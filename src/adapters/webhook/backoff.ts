/** Exponential backoff with jitter for webhook retries. */

/** Retry timing. */
export interface BackoffOptions {
  /** Delay before the first retry. */
  baseDelayInMs: number;
  /** Ceiling for any delay. */
  maxDelayInMs: number;
  /** 0..1: how much of each delay is randomised away, so many bots do not retry in lockstep. */
  jitterRatio: number;
}

/** Default timing: 1 s, doubling, at most 5 minutes, up to 20 % jitter. */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  baseDelayInMs: 1_000,
  maxDelayInMs: 300_000,
  jitterRatio: 0.2,
});

/**
 * The delay before retry number `failures` (1 after the first failure): base·2^(failures−1),
 * capped at max, minus up to `jitterRatio` of it. `random` is injectable for tests.
 */
export function backoffDelayInMs(
  failures: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const raw = Math.min(options.maxDelayInMs, options.baseDelayInMs * 2 ** exponent);
  const jitter = Math.min(Math.max(options.jitterRatio, 0), 1) * raw * random();
  return Math.max(0, Math.round(raw - jitter));
}
