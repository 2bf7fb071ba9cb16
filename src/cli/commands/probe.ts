/**
 * `kvbot probe <name> --vault <name> [--principal <objectId>] [--operation secrets/list]
 * [--client-ip x] [--application-id <appId>] [--json]`: runs one read-only probe against the
 * configured Azure (sandbox: the embedded emulator with the demo tenant; emulator: an external
 * one by URL; real: Azure with DefaultAzureCredential) and prints the result (DESIGN.md §3).
 */
import { ConfigError, loadConfig } from '../../config.js';
import type { AppConfig } from '../../config.js';
import { openAzureDirectory } from '../../adapters/azure/open-directory.js';
import { validateProbeArgs } from '../../core/probes/probe-args.js';
import type { ProbeArgs } from '../../core/probes/probe-args.js';
import { PROBE_NAMES, isProbeName } from '../../core/probes/probe-result.js';
import type { ProbeResult } from '../../core/probes/probe-result.js';
import { ProbeService } from '../../core/probes/probe-service.js';
import { UsageError, parseCommandLine } from '../command-options.js';

const USAGE = `usage: kvbot probe <name> --vault <name> [--principal <objectId>] [--operation secrets/list] [--client-ip <ipv4>] [--application-id <appId>] [--json]
probes: ${PROBE_NAMES.join(', ')}`;

/** The command line, parsed. */
interface ParsedArgs {
  name?: string;
  args: ProbeArgs;
  json: boolean;
}

/** Parses argv; returns a message (with the usage) for anything malformed. */
export function parseProbeArgs(argv: string[]): ParsedArgs | { error: string } {
  let line;
  try {
    line = parseCommandLine(
      'probe',
      argv,
      {
        vault: { type: 'string' },
        principal: { type: 'string' },
        operation: { type: 'string' },
        'client-ip': { type: 'string' },
        'application-id': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      USAGE,
      true,
    );
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { error: e.message };
  }
  const { values, positionals } = line;
  if (positionals.length > 1) return { error: `kvbot probe: unexpected argument "${positionals[1]}"\n${USAGE}` };
  const args: ProbeArgs = { vault: values.vault ?? '' };
  if (values.principal !== undefined) args.principal = values.principal;
  if (values.operation !== undefined) args.operation = values.operation;
  if (values['client-ip'] !== undefined) args.clientIp = values['client-ip'];
  if (values['application-id'] !== undefined) args.applicationId = values['application-id'];
  return { ...(positionals[0] !== undefined ? { name: positionals[0] } : {}), args, json: values.json };
}

function render(r: ProbeResult): string {
  const lines = [
    `${r.probe} on ${r.vault}${r.model ? ` (${r.model})` : ''}${r.sandbox ? ' [sandbox: answered by the local Azure emulator, not Azure]' : ''}`,
    `verdict: ${r.verdict}`,
    `reason:  ${r.reason}`,
  ];
  if (r.evidence.length) lines.push('evidence:', ...r.evidence.map((e) => `  - [${e.kind}] ${e.text}`));
  lines.push(`fixes:   ${r.fixes.length ? r.fixes.join(', ') : 'none'}`);
  if (typeof r.bicep === 'string') lines.push('', 'Bicep:', r.bicep);
  return lines.join('\n');
}

/** Runs `kvbot probe`. Exit codes: 0 a result was printed, 2 usage or configuration error. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseProbeArgs(argv);
  if ('error' in parsed) {
    console.error(parsed.error);
    return 2;
  }
  if (!parsed.name || !isProbeName(parsed.name)) {
    console.error(`kvbot probe: ${parsed.name ? `unknown probe "${parsed.name}"` : 'which probe?'}\n${USAGE}`);
    return 2;
  }
  if (!parsed.args.vault) {
    console.error(`kvbot probe: --vault is required\n${USAGE}`);
    return 2;
  }
  const valid = validateProbeArgs(parsed.name, parsed.args);
  if (!valid.ok) {
    console.error(`kvbot probe: ${valid.message}\n${USAGE}`);
    return 2;
  }
  let config: Readonly<AppConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`kvbot probe: configuration: ${e.message}`);
      return 2;
    }
    throw e;
  }
  let session: Awaited<ReturnType<typeof openAzureDirectory>>;
  try {
    session = await openAzureDirectory(config.azure);
  } catch (e) {
    console.error(
      `kvbot probe: cannot set up Azure access (${config.azure.mode} mode): ${e instanceof Error ? e.message : String(e)}`,
    );
    return 2;
  }
  try {
    const result = await new ProbeService(session.directory).run(parsed.name, parsed.args, {
      abortSignal: AbortSignal.timeout(config.azure.callTimeoutInMs * 4),
    });
    console.log(parsed.json ? JSON.stringify(result) : render(result));
    return 0;
  } finally {
    await session.close();
  }
}
