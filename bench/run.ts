/**
 * `npm run bench [-- --json]`: every benchmark in one run. Prints tables, or with `--json` one
 * JSON object. Benchmarks measure; tests never time anything. `-- --storage-only` runs only the
 * storage benchmark (bench/storage.ts, which also takes `--cases N --audit N --azurite`).
 */
import { runMatcherBench } from './matcher.js';
import { runStartupBench } from './startup.js';
import { runTriageBench } from './triage.js';
import { runStorageBench, tablesFlag } from './storage.js';

function numberFlag(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const out: Record<string, unknown> = {};
  const storage = (): Promise<Record<string, unknown>> =>
    runStorageBench({
      cases: numberFlag('--cases'),
      audit: numberFlag('--audit'),
      azurite: process.argv.includes('--azurite'),
      tables: tablesFlag(process.argv),
      quiet: json,
    });
  if (process.argv.includes('--storage-only')) {
    out.storage = await storage();
    if (json) console.log(JSON.stringify(out));
    return;
  }
  out.matcher = await runMatcherBench({ json: false, quiet: json } as Parameters<typeof runMatcherBench>[0]);
  out.triage = runTriageBench({ quiet: json });
  try {
    const mod = (await import('./permission-check.js')) as {
      runPermissionCheckBench(o: { json?: boolean; quiet?: boolean }): Promise<unknown>;
    };
    out.permissionCheck = await mod.runPermissionCheckBench({ json: false, quiet: json });
  } catch (e) {
    out.permissionCheck = { error: (e as Error).message };
  }
  const startup = await runStartupBench();
  out.startup = startup;
  out.storage = await storage();
  if (json) {
    console.log(JSON.stringify(out));
  } else {
    console.log(
      `\nCold start to healthy /healthz: ${startup.coldStartMs} ms; resident memory at rest: ${startup.rssMbAtRest} MB`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
});
