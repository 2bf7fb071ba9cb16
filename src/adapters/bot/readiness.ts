/**
 * Readiness (`GET /readyz`): can this instance do its work right now? It reports the store (takes
 * a write), the knowledge base (loaded) and Azure (reachable), each checked at most once per
 * interval with one check in flight, so probing the endpoint cannot load the bot or Azure.
 * `/healthz` stays liveness: the process answers.
 */

/** One check's answer. */
export interface ReadinessCheck {
  ok: boolean;
  /** Why not, or what was found (entries, mode…). */
  [detail: string]: unknown;
}

/** The whole report. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
}

/** A named check. */
export type CheckFunction = () => ReadinessCheck | Promise<ReadinessCheck>;

/** Options of {@link Readiness}. */
export interface ReadinessOptions {
  /** How long a result is reused (default 5 s). */
  cacheInMs?: number;
  /** A check that takes longer counts as failed (default 5 s). */
  timeoutInMs?: number;
  now?: () => number;
}

interface Cached {
  at: number;
  value: ReadinessCheck;
}

/** Runs readiness checks with caching, coalescing and a deadline. */
export class Readiness {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<ReadinessCheck>>();
  private readonly now: () => number;

  constructor(
    private readonly checks: Record<string, CheckFunction>,
    private readonly options: ReadinessOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Runs (or reuses) every check. */
  async report(): Promise<ReadinessReport> {
    const names = Object.keys(this.checks);
    const values = await Promise.all(names.map((n) => this.check(n)));
    const checks = Object.fromEntries(names.map((n, i) => [n, values[i]!]));
    return { ready: values.every((v) => v.ok), checks };
  }

  private check(name: string): Promise<ReadinessCheck> {
    const cached = this.cache.get(name);
    if (cached && this.now() - cached.at < (this.options.cacheInMs ?? 5_000)) return Promise.resolve(cached.value);
    let running = this.inFlight.get(name);
    if (!running) {
      const timeoutInMs = this.options.timeoutInMs ?? 5_000;
      let timer: NodeJS.Timeout | undefined;
      running = Promise.race([
        Promise.resolve().then(() => this.checks[name]!()),
        new Promise<ReadinessCheck>((resolve) => {
          timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutInMs} ms` }), timeoutInMs);
          timer.unref();
        }),
      ])
        .catch((e: unknown): ReadinessCheck => ({
          ok: false,
          error: `${(e as Error)?.name ?? 'Error'}: ${(e as Error)?.message ?? String(e)}`.slice(0, 300),
        }))
        .then((value) => {
          clearTimeout(timer);
          this.cache.set(name, { at: this.now(), value });
          this.inFlight.delete(name);
          return value;
        });
      this.inFlight.set(name, running);
    }
    return running;
  }
}
