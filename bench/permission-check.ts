/**
 * Permission-check benchmark: the embedded emulator (demo tenant) with 50 ms of latency injected
 * on every route, the real Azure adapter over HTTPS, and `ProbeService` running
 * `permission-check` on an RBAC vault (the deepest path: vault, groups, principal → role
 * assignments → role definitions). Reports the median wall time of N warm runs, the first (cold)
 * run, and the number of sequential rounds of calls to Azure. Target: median ≤ 250 ms.
 *
 * Run: npx tsx bench/permission-check.ts [--json]
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAzureDirectory, staticCredential } from '../src/adapters/azure/index.js';
import type { AzureDirectory } from '../src/core/probes/azure-directory.js';
import { ProbeService } from '../src/core/probes/probe-service.js';
import { startEmulator } from '../src/emulator/index.js';

/** Options of {@link runPermissionCheckBench}. */
export interface PermissionCheckBenchOptions {
  /** Print one JSON object instead of a table. */
  json?: boolean;
  /** Print nothing (the caller prints). */
  quiet?: boolean;
  /** Warm runs to take the median of; default 15. */
  runs?: number;
  /** Latency injected on every emulator route; default 50 ms. */
  latencyInMs?: number;
}

/** The bench's numbers. */
export interface PermissionCheckBenchResult {
  vault: string;
  principal: string;
  operation: string;
  verdict: string;
  latencyInjectedMs: number;
  runs: number;
  coldMs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Sequential rounds of port calls in one warm run (a round = calls in flight together). */
  rounds: number;
  /** Port calls and HTTP requests in one warm run. */
  portCalls: number;
  httpRequests: number;
  targetMs: number;
  withinTarget: boolean;
}

const TARGET_MS = 250;

/** Wraps the port to count sequential rounds: a new round starts whenever a call begins with none in flight. */
function countingDirectory(inner: AzureDirectory): {
  directory: AzureDirectory;
  reset(): void;
  rounds(): number;
  calls(): number;
} {
  let inFlight = 0;
  let rounds = 0;
  let calls = 0;
  const directory = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (inFlight === 0) rounds++;
        inFlight++;
        calls++;
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          inFlight--;
        }
      };
    },
  });
  return {
    directory,
    reset: () => {
      rounds = 0;
      calls = 0;
    },
    rounds: () => rounds,
    calls: () => calls,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs the bench and returns (and unless quiet, prints) the numbers. */
export async function runPermissionCheckBench(
  options: PermissionCheckBenchOptions = {},
): Promise<PermissionCheckBenchResult> {
  const runs = options.runs ?? 15;
  const latency = options.latencyInMs ?? 50;
  const emu = await startEmulator({ fixture: path.resolve(__dirname, '..', 'fixtures', 'demo-tenant.json'), port: 0 });
  try {
    const fixture = emu.state.fixture;
    const rbacVault =
      fixture.subscriptions
        .flatMap((s) => s.vaults)
        .find(
          (v) => v.properties.enableRbacAuthorization === true && v.properties.publicNetworkAccess !== 'Disabled',
        ) ?? fixture.subscriptions.flatMap((s) => s.vaults)[0]!;
    const principal = fixture.directory.users[0]!.id;
    const operation = 'secrets/list';
    const counted = countingDirectory(
      createAzureDirectory({
        credential: staticCredential(),
        subscriptionIds: fixture.subscriptions.map((s) => s.subscriptionId),
        armEndpoint: emu.url,
        graphEndpoint: emu.url,
        tlsOptions: { ca: emu.caPem },
        sandbox: true,
      }),
    );
    const service = new ProbeService(counted.directory);
    emu.faults.add({ pathRegex: '.*', latencyInMs: latency });
    const once = async () => {
      const t0 = performance.now();
      const r = await service.run('permission-check', { vault: rbacVault.name, principal, operation });
      return { ms: performance.now() - t0, verdict: r.verdict };
    };
    const cold = await once();
    const times: number[] = [];
    let rounds = 0;
    let portCalls = 0;
    let httpRequests = 0;
    for (let i = 0; i < runs; i++) {
      counted.reset();
      emu.requestLog.length = 0;
      times.push((await once()).ms);
      rounds = counted.rounds();
      portCalls = counted.calls();
      httpRequests = emu.requestLog.length;
    }
    const med = median(times);
    const result: PermissionCheckBenchResult = {
      vault: rbacVault.name,
      principal,
      operation,
      verdict: cold.verdict,
      latencyInjectedMs: latency,
      runs,
      coldMs: Math.round(cold.ms),
      medianMs: Math.round(med),
      minMs: Math.round(Math.min(...times)),
      maxMs: Math.round(Math.max(...times)),
      rounds,
      portCalls,
      httpRequests,
      targetMs: TARGET_MS,
      withinTarget: med <= TARGET_MS,
    };
    if (!options.quiet) {
      if (options.json) console.log(JSON.stringify(result));
      else {
        console.log(
          `permission-check on ${result.vault} (${operation}, ${latency} ms injected per request, ${runs} warm runs)`,
        );
        console.log(
          `  median ${result.medianMs} ms (min ${result.minMs}, max ${result.maxMs}); cold first run ${result.coldMs} ms (lists the subscriptions to locate the vault)`,
        );
        console.log(
          `  ${result.rounds} sequential rounds, ${result.portCalls} port calls, ${result.httpRequests} HTTP requests per run`,
        );
        console.log(`  target ≤ ${TARGET_MS} ms: ${result.withinTarget ? 'met' : 'MISSED'}`);
      }
    }
    return result;
  } finally {
    await emu.close();
  }
}

if (require.main === module) {
  runPermissionCheckBench({ json: process.argv.includes('--json') }).catch((e: unknown) => {
    console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  });
}
