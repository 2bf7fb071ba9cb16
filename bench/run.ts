/**
 * `npm run bench [-- --json]`: every benchmark in one run. Prints tables, or with `--json` one
 * JSON object. Benchmarks measure; tests never time anything.
 */
import { runMatcherBench } from './matcher.js';
import { runStartupBench } from './startup.js';
import { runTriageBench } from './triage.js';

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const out: Record<string, unknown> = {};
  out.matcher = await runMatcherBench({ json: false, quiet: json } as Parameters<typeof runMatcherBench>[0]);
  out.triage = runTriageBench({ quiet: json });
  try {
    const mod = (await import('./permission-check.js')) as { runPermissionCheckBench(o: { json?: boolean; quiet?: boolean }): Promise<unknown> };
    out.permissionCheck = await mod.runPermissionCheckBench({ json: false, quiet: json });
  } catch (e) {
    out.permissionCheck = { error: (e as Error).message };
  }
  const startup = await runStartupBench();
  out.startup = startup;
  if (json) {
    console.log(JSON.stringify(out));
  } else {
    console.log(`\nCold start to healthy /healthz: ${startup.coldStartMs} ms; resident memory at rest: ${startup.rssMbAtRest} MB`);
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exitCode = 1;
});
